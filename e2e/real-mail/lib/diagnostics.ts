// What to print when a delivery does not arrive: the daemons' own words, read
// from the hosts' log files.
import { POSTFIX_LOG, SYSLOG_FILE } from './base-config.ts';
import type { Container } from './containers/container.ts';
import { waitFor } from './sh.ts';

/** The two roles of a scenario (the same container on a single host), and the extra hosts it asked for, by short name. */
export interface Hosts {
  postfix: Container;
  cyrus: Container;
  extra: Record<string, Container>;
}

/** Every distinct container of the scenario: the store, the Postfix host, then the extra hosts. */
export const allHosts = (h: Hosts): Container[] => [...new Set([h.cyrus, h.postfix, ...Object.values(h.extra)])];

export function tail(c: Container, path: string, lines = 40): string {
  const text = c.read(path);
  return text === undefined ? `(${c.name}:${path} missing)` : text.trimEnd().split('\n').slice(-lines).join('\n');
}

export function grepLog(c: Container, path: string, re: RegExp): string[] {
  return (c.read(path) ?? '').split('\n').filter((l) => re.test(l));
}

export const postfixLog = (h: Hosts, re: RegExp): string[] => grepLog(h.postfix, POSTFIX_LOG, re);
export const syslogLines = (h: Hosts, re: RegExp): string[] => grepLog(h.cyrus, SYSLOG_FILE, re);

/** Postfix's final word on a queue id (the last to= line with a status), once it matches `status`. */
export async function outcome(h: Hosts, queueId: string | undefined, status: RegExp): Promise<string> {
  let line = '';
  await waitFor(
    `status ${status} for ${queueId}`,
    () => {
      line = postfixLog(h, new RegExp(`${queueId}: to=.*status=`)).at(-1) ?? '';
      return status.test(line);
    },
    20_000,
  ).catch((e: Error) => {
    throw new Error(`${e.message}; last: ${line || '(none)'}`);
  });
  return line;
}

export async function postqueue(h: Hosts): Promise<string> {
  const r = await h.postfix.exec('postqueue', ['-p'], { allowFail: true });
  return (r.stdout + r.stderr).trim();
}

export function shortLogs(h: Hosts, lines = 12): string {
  const extra = Object.values(h.extra);
  return [
    ...allHosts(h).map((c) => `--- ${c.name}:${SYSLOG_FILE} (last ${lines})\n${tail(c, SYSLOG_FILE, lines)}`),
    // the Postfix log of the Postfix host, and of each extra host that has one (an extra MX)
    ...[h.postfix, ...extra.filter((c) => c.read(POSTFIX_LOG))].map(
      (c) => `--- ${c.name}:${POSTFIX_LOG} (last 8)\n${tail(c, POSTFIX_LOG, 8)}`,
    ),
  ].join('\n');
}

export async function diagnostics(h: Hosts): Promise<string> {
  const queues = await Promise.all(
    [h.postfix, ...Object.values(h.extra).filter((c) => c.read(POSTFIX_LOG))].map(
      async (c) => `--- ${c.name}: postqueue -p\n${await postqueue({ ...h, postfix: c })}`,
    ),
  );
  return `${shortLogs(h, 40)}\n${queues.join('\n')}`;
}
