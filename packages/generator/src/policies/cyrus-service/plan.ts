// The twins of set_service, check_service_listen and check_port_free (policy.sh).
import { cyrusServiceLine, type CyrusService } from '../../serializers/cyrus-conf.ts';
import type { HostReader } from '../reader.ts';

export const CYRUS_CONF = '/etc/cyrus.conf';
export const SERVICE_RESOLVE = 'rename or remove that service by hand';
export const PORT_RESOLVE =
  "that service already listens on the port, and cyrmaster could not bind ours: answer tcp.serviceName with its name (an earlier bundle's service is ours to replace), or remove it by hand";

const listenOf = (line: string): string | undefined => /listen="([^"]*)"/.exec(line)?.[1];

/** check_service_listen and check_port_free: an exclusive service's entry that listens elsewhere, another entry on our port. */
export function checkService(r: HostReader, s: CyrusService): void {
  if (s.policy !== 'exclusive') return;
  const { h } = r;
  const hit = h.cyrusServices.find((x) => !x.commented && x.name === s.name && listenOf(x.line) !== undefined);
  const cur = hit ? (listenOf(hit.line) ?? '') : '';
  if (cur && cur !== s.listen)
    r.conflict(CYRUS_CONF, s.name, cur, s.listen, s.source, s.resolve ?? SERVICE_RESOLVE, `cyrus.conf:${s.name}`);
  if (!s.ports?.length) return;
  for (const x of h.cyrusServices) {
    if (x.commented || x.name === s.name) continue;
    const l = listenOf(x.line);
    if (l === undefined) continue;
    if (s.ports.includes(l.replace(/.*:/, ''))) {
      r.conflict(CYRUS_CONF, s.name, `${x.name} listen="${l}"`, s.name, s.source, PORT_RESOLVE);
      break;
    }
  }
}

/** set_service NAME LINE: the SERVICES entry of that name (the first that is not commented out) becomes LINE. */
export function setService(r: HostReader, s: CyrusService): void {
  const line = cyrusServiceLine(s);
  const cur = r.h.cyrusServices.find((x) => !x.commented && x.name === s.name)?.line;
  r.rec(
    cur === line ? 'unchanged' : cur === undefined ? 'add' : 'merge',
    CYRUS_CONF,
    s.name,
    line,
    cur ?? null,
    s.source,
  );
}
