// apply.sh for one host: the library, the preflight, then each step.
import { perRelease, type Release } from '../facts.ts';
import { shq } from '../serializers/shell.ts';
import type { HostId, Step } from '../types.ts';
import type { StatePlan } from './plan-state.ts';
import { commentLines, pushAll, wrapText } from '../serializers/lines.ts';
import { sourceLibrary } from '../shell/library.ts';
import type { UpgradeLines } from './upgrade.ts';

/** What apply.sh --help says for one host (issue 24): the bundle's order, then only this host's options. */
export interface ApplyHelp {
  /** the host, as its README's title names it */
  title: string;
  /** its folder in the bundle */
  folder: string;
  /** the bundle's order as plain text, this folder marked (docs/run-order.ts) */
  order: readonly string[];
  /** the Postfix host of a store whose certificate it pins: takes --store-fingerprint */
  pin: boolean;
}

const OPTIONS: { option: string; pin?: true; before13?: true; text: string }[] = [
  {
    option: '--dry-run',
    text: 'change nothing: list the conflicts, one diff per file, and the plan, one line "lmtp-wizard: plan: ACTION FILE KEY OLD NEW" per entry (add, merge, unchanged or conflict; each value one quoted shell word, OLD - when there is none): the plan the wizard shows from inspect.sh\'s output',
  },
  {
    option: '--no-restart',
    text: 'change the files, but restart or reload nothing; it names what you must restart yourself',
  },
  {
    option: '--replace KEY',
    text: "write this bundle's value over that one conflicting entry instead of stopping. KEY is a main.cf or imapd.conf key (virtual_transport), cyrus.conf:SERVICE for a cyrus.conf service, or MAP:KEY for a lookup table entry (/etc/postfix/transport:example.org); the conflict message names it. May be given more than once",
  },
  {
    option: '--store-fingerprint SHA256',
    pin: true,
    text: "the SHA-256 fingerprint of the store's certificate, which the store's apply.sh prints with the whole command; needed on the first run, and after the store's certificate changed. Behind a Murder with several frontends, HOST=SHA256 once per frontend (each frontend's apply.sh prints the whole command)",
  },
  {
    option: '--pre-upgrade',
    before13: true,
    text: 'read-only: what moving this host to the next Debian release will meet, in order, and what to answer at each prompt; then follow UPGRADE.md of the upgrade bundle',
  },
  {
    option: '--prepare-upgrade',
    before13: true,
    text: "on a store with TLS: also writes lmtp_allowstarttls, which this release's Cyrus ignores and the next one needs, so that the hop stays up through the upgrade",
  },
  { option: '-h, --help', text: 'this text' },
];

/** This host's options: --store-fingerprint where it pins, the upgrade's own only in a Debian 12 bundle. */
const ownOptions = (r: Release, h: ApplyHelp) =>
  OPTIONS.filter((o) => (!o.pin || h.pin) && (!o.before13 || r.major === 12));

/** The text of apply.sh --help for one host. */
export function helpText(r: Release, h: ApplyHelp): string[] {
  const options = ownOptions(r, h);
  return [
    ...wrapText(`apply.sh of ${h.folder}/: ${h.title}. Run it as root, on that host, in this folder.`),
    '',
    'The bundle, in this order:',
    ...h.order,
    '',
    'Usage: sh apply.sh [--dry-run] [--no-restart] [--replace KEY]...',
    ...(h.pin ? ['         [--store-fingerprint SHA256]'] : []),
    ...options.flatMap((o) => [`  ${o.option}`, ...wrapText(o.text, '      ')]),
    '',
    ...wrapText(
      `Safe to run again: it changes only what differs, and backs up what it changes under ${r.backupRoot}/<stamp>/ with a rollback.sh. A conflict with the existing configuration stops it before any change.`,
      '',
    ),
  ];
}

/** The option parser of one host's apply.sh: only its own options; --help prints its help text. */
function usage(r: Release, h: ApplyHelp): string {
  const known = ownOptions(r, h).map((o) => o.option.replace(/^-h, /, ''));
  return [
    ...commentLines(
      `apply.sh of ${h.folder}/ (${h.title}): run it as root, on that host. sh apply.sh --help gives the order of the bundle's hosts and this host's options.`,
    ),
    'set -eu',
    'PATH=/usr/sbin:/usr/bin:/sbin:/bin; export PATH',
    'LC_ALL=C; export LC_ALL',
    'DRY_RUN=0 RESTART=1 CHANGED="" REPLACE=" " REPLACE_USED=" " STORE_FP="" PRE_UPGRADE=0 PREPARE_UPGRADE=0',
    'usage() {',
    "  printf '%s\\n' \\",
    ...helpText(r, h).map((l, i, all) => `    ${shq(l)}${i < all.length - 1 ? ' \\' : ''}`),
    '}',
    'while [ $# -gt 0 ]; do',
    '  case $1 in',
    '    --dry-run) DRY_RUN=1 ;;',
    '    --no-restart) RESTART=0 ;;',
    // parsed in every release's apply.sh: a Debian 13 one refuses them with a reason
    '    --pre-upgrade) PRE_UPGRADE=1 ;;',
    '    --prepare-upgrade) PREPARE_UPGRADE=1 ;;',
    '    --replace) [ $# -ge 2 ] && [ -n "$2" ] || { echo "apply.sh: --replace needs a KEY" >&2; exit 2; }',
    '      case $2 in *[!A-Za-z0-9_./:@-]*) echo "apply.sh: --replace $2: not a key" >&2; exit 2 ;; esac',
    '      REPLACE="$REPLACE$2 "; shift ;;',
    ...(h.pin
      ? [
          '    --store-fingerprint) [ $# -ge 2 ] && [ -n "$2" ] || { echo "apply.sh: --store-fingerprint needs a SHA256 fingerprint" >&2; exit 2; }',
          '      case $2 in *"|"*) echo "apply.sh: --store-fingerprint $2: not a fingerprint" >&2; exit 2 ;; esac',
          '      STORE_FP="$STORE_FP$2|"; shift ;;',
        ]
      : []),
    '    -h|--help) usage; exit 0 ;;',
    // the option names are ours, plain words: nothing to quote in the double-quoted message
    `    *) echo "apply.sh: unknown option $1 (on this host: ${known.join(', ')}; see sh apply.sh --help)" >&2; exit 2 ;;`,
    '  esac',
    '  shift',
    'done',
    'HERE=$(cd "$(dirname "$0")" && pwd)',
  ].join('\n');
}

const PREAMBLE = perRelease((r) =>
  [
    `BACKUP_ROOT=${r.backupRoot}`,
    'BACKUP=$BACKUP_ROOT/$(date -u +%Y%m%dT%H%M%SZ)-$HOST_ID-$$',
    'MAIN_QUEUE="" CONFLICTS="" NEIGHBOURS_PLAN="" REPLACED="" PLAN="" PCF="" PLAN_DIR="" PLAN_SHOWN=" "; trap \'on_exit $?\' EXIT',
    `IMAPD_CONF=${r.imapdConf} CYRUS_CONF=${r.cyrusConf} CYRUS_BIN=${r.cyrusBin}`,
    `POSTFIX_UNIT=${r.postfixUnit}`,
    `POSTFIX_DIR=${r.postfixDir}`,
    `SASLDB=${r.sasldb} PKG_TMPFILES=${r.packagedTmpfiles} TMPFILES_OVERRIDE=${r.tmpfilesOverride}`,
    ...sourceLibrary('apply.sh'),
    '[ "$(id -u)" = 0 ] || die "run apply.sh as root"',
    // Before start_backup, so that on another release not even the backup folder is made.
    `require_release /etc/debian_version ${r.major} ${shq(r.label)}`,
    // One run at a time; the temporary files only once there is room for them.
    'take_lock',
    'check_tmp_space',
    'MAIN_QUEUE=$(mktemp) CONFLICTS=$(mktemp) NEIGHBOURS_PLAN=$(mktemp) REPLACED=$(mktemp) PLAN=$(mktemp)',
  ].join('\n'),
);

export function renderApply(
  r: Release,
  host: HostId,
  header: readonly string[],
  steps: Step[],
  state: Pick<StatePlan, 'plan' | 'save'> = { plan: [], save: [] },
  help: ApplyHelp,
  upgrade: UpgradeLines = { pre: [], preflight: [], early: [], finish: [] },
): string {
  const out = ['#!/bin/sh', ...header, usage(r, help), `HOST_ID=${shq(host)}`, PREAMBLE[r.id]];
  // Debian 12 to 13 (issue 23): --pre-upgrade is the debian-12 bundle's read-only report.
  if (r.major === 12) out.push('if [ "$PRE_UPGRADE" = 1 ]; then', ...upgrade.pre, '  exit 0', 'fi');
  else
    out.push(
      `[ "$PRE_UPGRADE$PREPARE_UPGRADE" = 00 ] || die ${shq(`--pre-upgrade and --prepare-upgrade belong to the bundle of the release this host runs before the upgrade; this bundle is for ${r.label}`)}`,
    );
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
  // --prepare-upgrade's keys go in before the first step that brings the daemons in line with their files, which then restarts what they changed
  const restarts = (l: string) =>
    l === 'check_postfix' || l.startsWith('converge_cyrus') || l.startsWith('converge_postfix');
  const early = steps.findIndex((s) => s.commands.some(restarts));
  steps.forEach((s, i) => {
    out.push('');
    pushAll(out, commentLines(`Step ${i + 1}: ${s.title}. ${s.guideRef}.`));
    if (i === early) out.push(...upgrade.early);
    if (i === steps.length - 1) out.push('finish_backup');
    out.push(`say ${shq(`step ${i + 1}/${steps.length}: ${s.title}`)}`);
    pushAll(out, s.commands);
  });
  out.push(...upgrade.finish, 'end_run', 'say "done; now run: sh verify.sh"', '');
  return out.join('\n');
}
