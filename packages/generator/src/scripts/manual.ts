// The plain commands and lines a step's entries come to, for an admin who
// does not run scripts on production (issue 13, defect 10): postconf -e and
// -M, the exact imapd.conf, cyrus.conf and table lines. Built from the same
// entries and serializers as apply.sh, so the two cannot disagree; what
// apply.sh adds (backups, conflict checks, idempotence) is left to the admin.
import type { Body } from '../files/module.ts';
import { policyOf } from '../policies/index.ts';
import { commands, type ManualBlock } from '../policies/types.ts';
import { shq } from '../serializers/shell.ts';

export type { ManualBlock } from '../policies/types.ts';

/** A policy's manual step (policies/), or the install of a file that is ours whole. */
export function manualFor(body: Body, path: string, target: string | null): ManualBlock[] {
  const p = policyOf(body);
  if (p) return p.manual(body, target);
  const dest = target ?? '';
  switch (body.kind) {
    case 'table':
      return [
        commands('Run, as root, in this folder:', [
          `install -m ${path.endsWith('sasl_passwd') ? '0600' : '0644'} -o root -g root ${shq(path)} ${shq(dest)}`,
          `postmap ${shq(dest)}`,
        ]),
      ];
    case 'columns-file':
      return [
        commands(
          'Run, as root, in this folder (without systemd, also divert the packaged file as apply.sh does, since the init script re-applies it):',
          [`install -m 0644 -o root -g root ${shq(path)} ${shq(dest)}`, `systemd-tmpfiles --create ${shq(dest)}`],
        ),
      ];
    default:
      return [];
  }
}
