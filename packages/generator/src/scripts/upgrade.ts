// The parts of apply.sh and verify.sh for hosts that move from Debian 12 to 13
// (issue 23), as shell lines: which traps the debian-12 bundle's --pre-upgrade
// reports for this host, and what the debian-13 apply.sh does on an upgraded
// host before its first change and at the end. Which entry is a release
// change, and why, is data here.
import type { Context } from '../context.ts';
import type { EvaluatedModule } from '../files/index.ts';
import { asksCyrus, verifyMapPath } from '../files/recipient-check.ts';
import { sh, word } from '../serializers/shell.ts';
import type { HostId } from '../types.ts';

export interface UpgradeLines {
  /** Debian 12: the body of --pre-upgrade (read-only). */
  pre: string[];
  /** Debian 12 with --prepare-upgrade: keys 3.6 ignores and 3.10 needs, written before the restart step. */
  early: string[];
  /** Debian 13: after the checks, before the first change. */
  preflight: string[];
  /** After the last step. */
  finish: string[];
}

/** Entries Debian 13 needs that the debian-12 bundle could not write: why each is there. */
const RELEASE_REASONS = {
  allowstarttls:
    'Cyrus 3.10 offers STARTTLS only when this key is on (3.6 did whenever a certificate was set), so until it is written every Postfix host defers with "TLS is required, but was not offered": this entry brings the hop back.',
  masterPidFile:
    'Cyrus 3.10 writes its pid to /var/lib/cyrus/master.pid unless told; the init script stops and restarts cyrmaster by /run/cyrus-master.pid (3.6 wrote that file itself and had no key).',
  tlsRequired:
    'Postfix 3.10 would honour a "TLS-Required: no" header and send that message over the hop in clear; 3.7 knew neither the header nor this key.',
} as const;

export function upgradeLines(
  c: Context,
  id: HostId,
  modules: readonly EvaluatedModule[],
  roles: { postfix: boolean; cyrus: boolean },
): UpgradeLines {
  const r = c.release;
  const tls = c.tls;
  const tcp = c.remote ? c.remote.tcp : undefined;
  // Our domains are the keys of our recipient-check map (apply.sh adds mydestination's there),
  // read on the host: the folder then does not depend on the host name (incremental.ts).
  const map = (): string => sh`${word(verifyMapPath(c), 'delivery.transportName')}`;
  const pre: string[] = [];
  const preflight: string[] = [];
  const finish: string[] = [];
  const early: string[] = [];
  if (r.id === 'debian-12') {
    pre.push(
      sh`say ${word(`--pre-upgrade: read-only; what the move of this host (${id}) to Debian 13 will meet. Order: the store first, then each Postfix host (the bundle's UPGRADE.md)`)}`,
    );
    if (roles.cyrus && tcp && tls) pre.push(sh`pu_starttls ${word(tcp.serviceName, 'tcp.serviceName')}`);
    if (roles.cyrus && tcp) pre.push(sh`pu_services ${word(tcp.port, 'tcp.port')}`);
    if (roles.cyrus) pre.push(sh`pu_conffiles ${word(`${r.imapdConf} and ${r.cyrusConf} (cyrus-common)`)}`, 'pu_cyrus');
    if (roles.postfix) {
      pre.push('pu_postfix_instance', 'pu_queue', ...(asksCyrus(c) ? [`pu_verify_cache ${map()}`] : []));
      if (tls?.mode === 'fingerprint') pre.push(sh`pu_pin ${word(c.transport, 'delivery.transportName')}`);
    }
    pre.push('say "--pre-upgrade: $PU_N finding(s); nothing was changed"');
    // Proven on Cyrus 3.6.1 (real-mail upgrade-remote-tls-*): with the key, conf-lint says nothing of it,
    // lmtpd still offers STARTTLS and the pinned hop delivers; 3.10 needs it.
    if (roles.cyrus && tcp && tls) {
      early.push(
        sh`[ "$PREPARE_UPGRADE" = 0 ] || { say ${word(`--prepare-upgrade: ${tcp.serviceName}_allowstarttls: on, which Cyrus 3.6 ignores and Cyrus 3.10 needs to offer STARTTLS`)}; set_imapd ${word(`${tcp.serviceName}_allowstarttls`, 'tcp.serviceName')} on; }`,
      );
    } else {
      preflight.push(
        `[ "$PREPARE_UPGRADE" = 0 ] || say '--prepare-upgrade: nothing needs writing early on this host; this run applies the bundle as usual'`,
      );
    }
  } else {
    preflight.push(`release_changes_begin ${r.major}`);
    for (const m of modules) {
      if (m.body.kind === 'imapd-conf') {
        for (const s of m.body.settings) {
          if (s.key.endsWith('_allowstarttls'))
            preflight.push(
              sh`release_change_imapd ${word(s.key)} ${word(s.value)} ${word(RELEASE_REASONS.allowstarttls)}`,
            );
          if (s.key === 'master_pid_file')
            preflight.push(
              sh`imapd_knows master_pid_file && release_change_imapd ${word(s.key)} ${word(s.value)} ${word(RELEASE_REASONS.masterPidFile)}`,
            );
        }
      }
      if (m.body.kind === 'postconf-master') {
        for (const s of m.body.services) {
          if (s.args.some((o) => o.endsWith('tls_required_enable=no'))) {
            preflight.push(
              sh`release_change_master ${word(`${s.service}/${s.type}`)} tls_required_enable no ${word(RELEASE_REASONS.tlsRequired)}`,
            );
          }
        }
      }
    }
    if (roles.postfix) {
      preflight.push('take_over_postfix');
      finish.push('postfix_must_run', ...(asksCyrus(c) ? [`flush_verify_failures ${map()}`] : []), 'flush_queue');
    }
  }
  return { pre, preflight, early, finish };
}
