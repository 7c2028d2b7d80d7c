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
import { TLS_APPLY_LIB, TLS_COMMON_LIB } from './shell-lib-tls.ts';
import { COMMON_LIB } from './common-lib.ts';
import { NEIGHBOURS_APPLY_LIB, NEIGHBOURS_COMMON } from './shell-lib-neighbours.ts';
import type { StatePlan } from './plan-state.ts';
import { commentLines, pushAll } from '../serializers/lines.ts';
import { PRE_UPGRADE_LIB, UPGRADE_APPLY_LIB, UPGRADE_COMMON_LIB } from './shell-lib-upgrade.ts';
import type { UpgradeLines } from './upgrade.ts';

// The fixed parts of every apply.sh, joined once per release at load time.
const USAGE = perRelease((r) => [
  '# Usage: sh apply.sh [--dry-run] [--no-restart] [--replace KEY]...   (as root, on this host)',
  '# --dry-run changes nothing; it ends with one line per entry of the plan,',
  '# "lmtp-wizard: plan: ACTION FILE KEY OLD NEW" (add, merge, unchanged or conflict;',
  '# each value one quoted shell word, OLD - when there is none): the plan the',
  '# wizard shows from inspect.sh\'s output.',
  '# Safe to run again: it only changes what differs, and backs up what it changes',
  `# under ${r.backupRoot}/<stamp>/ together with a rollback.sh.`,
  '# A conflict with the existing configuration stops it before any change.',
  '# --replace KEY writes this bundle\'s value over that one conflicting entry instead.',
  '# KEY is a main.cf or imapd.conf key (virtual_transport), cyrus.conf:SERVICE',
  '# for a cyrus.conf service, or MAP:KEY for a lookup table entry',
  '# (/etc/postfix/transport:example.org); the conflict message names it.',
  '# --store-fingerprint SHA256 (the Postfix host of a store with TLS pinned):',
  '# the store\'s certificate fingerprint, which the store\'s apply.sh prints.',
  ...(r.major === 12
    ? [
        '# --pre-upgrade (read-only): what moving this host to Debian 13 will meet, in order.',
        '# --prepare-upgrade (a store with TLS): also writes lmtp_allowstarttls, which',
        '# Cyrus 3.6 ignores and 3.10 needs, so the hop stays up through the upgrade.',
      ]
    : []),
  'set -eu',
  'PATH=/usr/sbin:/usr/bin:/sbin:/bin; export PATH',
  'LC_ALL=C; export LC_ALL',
  'DRY_RUN=0 RESTART=1 CHANGED="" REPLACE=" " REPLACE_USED=" " STORE_FP="" PRE_UPGRADE=0 PREPARE_UPGRADE=0',
  'while [ $# -gt 0 ]; do',
  '  case $1 in',
  '    --dry-run) DRY_RUN=1 ;;',
  '    --no-restart) RESTART=0 ;;',
  '    --pre-upgrade) PRE_UPGRADE=1 ;;',
  '    --prepare-upgrade) PREPARE_UPGRADE=1 ;;',
  '    --replace) [ $# -ge 2 ] && [ -n "$2" ] || { echo "apply.sh: --replace needs a KEY" >&2; exit 2; }',
  '      case $2 in *[!A-Za-z0-9_./:@-]*) echo "apply.sh: --replace $2: not a key" >&2; exit 2 ;; esac',
  '      REPLACE="$REPLACE$2 "; shift ;;',
  '    --store-fingerprint) [ $# -ge 2 ] && [ -n "$2" ] || { echo "apply.sh: --store-fingerprint needs a SHA256 fingerprint" >&2; exit 2; }',
  '      STORE_FP=$2; shift ;;',
  '    -h|--help) sed -n \'2,/^set -eu$/{/^#/p}\' "$0"; exit 0 ;;',
  '    *) echo "apply.sh: unknown option $1 (use --dry-run, --no-restart, --replace KEY or --store-fingerprint SHA256)" >&2; exit 2 ;;',
  '  esac',
  '  shift',
  'done',
  'HERE=$(cd "$(dirname "$0")" && pwd)',
].join('\n'));

const PREAMBLE = perRelease((r) => [
  `BACKUP=${r.backupRoot}/$(date -u +%Y%m%dT%H%M%SZ)-$HOST_ID-$$`,
  'MAIN_QUEUE=$(mktemp) CONFLICTS=$(mktemp) NEIGHBOURS_PLAN=$(mktemp) REPLACED=$(mktemp) PLAN=$(mktemp) PCF="" PLAN_DIR="" PLAN_SHOWN=" "; trap \'on_exit $?\' EXIT',
  `IMAPD_CONF=${r.imapdConf} CYRUS_CONF=${r.cyrusConf} CYRUS_BIN=${r.cyrusBin}`,
  `POSTFIX_DIR=${r.postfixDir}`,
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
  TLS_COMMON_LIB,
  TLS_APPLY_LIB,
  NEIGHBOURS_COMMON,
  NEIGHBOURS_APPLY_LIB,
  '[ "$(id -u)" = 0 ] || die "run apply.sh as root"',
  // Before start_backup, so that on another release not even the backup folder is made.
  `require_release /etc/debian_version ${r.major} ${shq(r.label)}`,
].join('\n'));

export function renderApply(
  r: Release,
  host: HostId,
  header: readonly string[],
  steps: Step[],
  state: Pick<StatePlan, 'plan' | 'save'> = { plan: [], save: [] },
  extraLibs: readonly string[] = [],
  upgrade: UpgradeLines = { pre: [], preflight: [], early: [], finish: [] },
): string {
  const out = ['#!/bin/sh', ...header, USAGE[r.id], `HOST_ID=${shq(host)}`, PREAMBLE[r.id], ...extraLibs, UPGRADE_COMMON_LIB];
  // Debian 12 to 13 (issue 23): --pre-upgrade is the debian-12 bundle's read-only report.
  if (r.major === 12) out.push(PRE_UPGRADE_LIB, 'if [ "$PRE_UPGRADE" = 1 ]; then', ...upgrade.pre, '  exit 0', 'fi');
  else out.push(UPGRADE_APPLY_LIB, `[ "$PRE_UPGRADE$PREPARE_UPGRADE" = 00 ] || die ${shq(`--pre-upgrade and --prepare-upgrade belong to the bundle of the release this host runs before the upgrade; this bundle is for ${r.label}`)}`);
  // Plan first: every check that can refuse runs before the first change.
  const replaceable = steps.flatMap((s) => s.replaceable ?? []);
  out.push('', '# Checks before any change: each records a conflict instead of stopping at once.');
  out.push(`REPLACEABLE=${shq(replaceable.join(' '))}`);
  for (const s of steps) pushAll(out, s.inputs ?? []);
  const plan = steps.flatMap((s) => s.plan ?? []);
  if (plan.length > 0) out.push('plan_postfix_begin', ...plan, 'plan_postfix_end');
  for (const s of steps) pushAll(out, s.preflight ?? []);
  // What must stay as it is, read before the first change (plan-state.ts).
  pushAll(out, state.plan);
  out.push('check_replace_keys', 'report_conflicts', ...upgrade.preflight, 'start_backup');
  pushAll(out, state.save);
  steps.forEach((s, i) => {
    out.push('');
    pushAll(out, commentLines(`Step ${i + 1}: ${s.title}. ${s.guideRef}.`));
    // --prepare-upgrade's keys go in before the restart step, which then restarts what they changed
    if (s.commands.some((l) => l === 'check_postfix' || l.startsWith('restart_if_changed '))) out.push(...upgrade.early);
    if (i === steps.length - 1) out.push('finish_backup');
    out.push(`say ${shq(`step ${i + 1}/${steps.length}: ${s.title}`)}`);
    pushAll(out, s.commands);
  });
  out.push(...upgrade.finish, 'say "done; now run: sh verify.sh"', '');
  return out.join('\n');
}
