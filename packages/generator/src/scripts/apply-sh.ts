// apply.sh for one host: the library, the preflight, then each step.
import { perRelease, type Release } from '../facts.ts';
import { shq } from '../serializers/shell.ts';
import type { HostId, Step } from '../types.ts';
import { APPLY_LIB } from './shell-lib.ts';
import { SERVICES_LIB, SYSTEM_LIB } from './shell-lib-system.ts';
import { POSTFIX_LIB } from './shell-lib-postfix.ts';
import { RECIPIENTS_APPLY, RECIPIENTS_COMMON } from './shell-lib-recipients.ts';
import { STATE_LIB } from './shell-lib-state.ts';
import { RESTART_LIB } from './shell-lib-restart.ts';
import { COMMON_LIB } from './common-lib.ts';
import { commentLines, pushAll } from '../serializers/lines.ts';

// The fixed parts of every apply.sh, joined once per release at load time.
const USAGE = perRelease((r) => [
  '# Usage: sh apply.sh [--dry-run] [--no-restart]   (as root, on this host)',
  '# Safe to run again: it only changes what differs, and backs up what it changes',
  `# under ${r.backupRoot}/<stamp>/ together with a rollback.sh.`,
  'set -eu',
  'PATH=/usr/sbin:/usr/bin:/sbin:/bin; export PATH',
  'LC_ALL=C; export LC_ALL',
  'DRY_RUN=0 RESTART=1 CHANGED=""',
  'for arg in "$@"; do',
  '  case $arg in',
  '    --dry-run) DRY_RUN=1 ;;',
  '    --no-restart) RESTART=0 ;;',
  '    -h|--help) sed -n "2,9p" "$0"; exit 0 ;;',
  '    *) echo "apply.sh: unknown option $arg (use --dry-run or --no-restart)" >&2; exit 2 ;;',
  '  esac',
  'done',
  'HERE=$(cd "$(dirname "$0")" && pwd)',
].join('\n'));

const PREAMBLE = perRelease((r) => [
  `BACKUP=${r.backupRoot}/$(date -u +%Y%m%dT%H%M%SZ)-$HOST_ID-$$`,
  'MAIN_QUEUE=$(mktemp) CONFLICTS=$(mktemp); trap \'on_exit $?\' EXIT',
  `IMAPD_CONF=${r.imapdConf} CYRUS_CONF=${r.cyrusConf} CYRUS_BIN=${r.cyrusBin}`,
  `SASLDB=${r.sasldb} PKG_TMPFILES=${r.packagedTmpfiles} TMPFILES_OVERRIDE=${r.tmpfilesOverride}`,
  COMMON_LIB,
  APPLY_LIB,
  SYSTEM_LIB,
  SERVICES_LIB,
  POSTFIX_LIB,
  RECIPIENTS_COMMON,
  RECIPIENTS_APPLY,
  STATE_LIB,
  RESTART_LIB,
  '[ "$(id -u)" = 0 ] || die "run apply.sh as root"',
  // Before start_backup, so that on another release not even the backup folder is made.
  `require_release /etc/debian_version ${r.major} ${shq(r.label)}`,
].join('\n'));

export function renderApply(r: Release, host: HostId, header: readonly string[], steps: Step[]): string {
  const out = ['#!/bin/sh', ...header, USAGE[r.id], `HOST_ID=${shq(host)}`, PREAMBLE[r.id]];
  // Plan first: every check that can refuse runs before the first change.
  out.push('', '# Checks before any change: each records a conflict instead of stopping at once.');
  for (const s of steps) pushAll(out, s.preflight ?? []);
  out.push('report_conflicts', 'start_backup');
  steps.forEach((s, i) => {
    out.push('');
    pushAll(out, commentLines(`Step ${i + 1}: ${s.title}. ${s.guideRef}.`));
    if (i === steps.length - 1) out.push('finish_backup');
    out.push(`say ${shq(`step ${i + 1}/${steps.length}: ${s.title}`)}`);
    pushAll(out, s.commands);
  });
  out.push('say "done; now run: sh verify.sh"', '');
  return out.join('\n');
}
