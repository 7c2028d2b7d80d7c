// Byte-level snapshots of the files apply.sh may touch, for the idempotency
// and rollback cases: content hash, file type, link target, mode and owner.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Container } from './containers/container.ts';
import { dpkgDiversions, dpkgStatoverrides } from './dpkg.ts';

/** Every file a bundle (or the guide) may touch. Absent ones are recorded as absent. */
export const TRACKED_FILES = [
  '/etc/postfix/main.cf',
  '/etc/postfix/master.cf',
  '/etc/postfix/sasl_passwd',
  '/etc/postfix/sasl_passwd.db',
  // our own credentials files (<transport>_sasl_passwd), for the transports the scenarios use
  '/etc/postfix/cyrus_sasl_passwd',
  '/etc/postfix/cyrus_sasl_passwd.db',
  '/etc/postfix/cyrusstore_sasl_passwd',
  '/etc/postfix/cyrusstore_sasl_passwd.db',
  // our recipient-check maps (<transport>_verify, issue 11)
  '/etc/postfix/cyrus_verify',
  '/etc/postfix/cyrus_verify.db',
  '/etc/postfix/cyrusstore_verify',
  '/etc/postfix/cyrusstore_verify.db',
  '/etc/postfix/transport',
  '/etc/postfix/transport.db',
  '/etc/postfix/virtual',
  '/etc/postfix/virtual.db',
  '/etc/cyrus.conf',
  '/etc/imapd.conf',
  '/etc/services',
  '/etc/sasldb2',
  '/etc/hosts.allow',
  '/etc/hosts.deny',
  '/etc/tmpfiles.d/cyrus-imapd.conf',
  // a Murder host's passwords, included by imapd.conf (issue 15)
  '/etc/imapd-murder.conf',
  // the store's self-signed TLS pair (service lmtp and the renamed lmtptcp)
  '/etc/cyrus-lmtp-tls/lmtp.crt',
  '/etc/cyrus-lmtp-tls/lmtp.key',
  '/etc/cyrus-lmtp-tls/lmtptcp.crt',
  '/etc/cyrus-lmtp-tls/lmtptcp.key',
  '/usr/lib/tmpfiles.d/cyrus-imapd.conf',
  '/usr/lib/tmpfiles.d/cyrus-imapd.conf.distrib',
  // what apply.sh records for verify.sh: the neighbours of the lists and maps it merges
  '/var/lib/lmtp-wizard/mail-host.neighbours',
  '/var/lib/lmtp-wizard/postfix-host.neighbours',
  '/var/lib/lmtp-wizard/cyrus-host.neighbours',
  // issue 25: the exporter of Cyrus's mailbox list, its units and the table it writes (single host)
  '/usr/local/sbin/lmtp-wizard-cyrus-recipients',
  '/etc/systemd/system/lmtp-wizard-cyrus-recipients.service',
  '/etc/systemd/system/lmtp-wizard-cyrus-recipients.path',
  '/etc/systemd/system/lmtp-wizard-cyrus-recipients.timer',
  '/etc/systemd/system/multi-user.target.wants/lmtp-wizard-cyrus-recipients.path',
  '/etc/systemd/system/timers.target.wants/lmtp-wizard-cyrus-recipients.timer',
  '/var/lib/lmtp-wizard/cyrus_recipients',
  '/var/lib/lmtp-wizard/cyrus_recipients.db',
] as const;

export interface Entry {
  kind: 'absent' | 'file' | 'symlink' | 'other';
  sha256?: string;
  link?: string;
  mode?: string;
  owner?: string;
}

export type Snapshot = Record<string, Entry>;

/** Everything apply.sh may change, besides the files in TRACKED_FILES (and /etc/tmpfiles.d itself, which it creates when missing). */
export const SYSTEM_FILES = [
  '/etc/group',
  '/etc/gshadow',
  '/var/lib/dpkg/statoverride',
  '/var/lib/dpkg/diversions',
  '/etc/tmpfiles.d',
  '/var/lib/lmtp-wizard',
  '/etc/cyrus-lmtp-tls',
];
/**
 * Runtime directories the tmpfiles override sets (the socket directory's group
 * and mode, a custom socket directory). They live in the host's own /run, so
 * they are read with stat inside it, by name: after a rollback that removed
 * the lmtp group, a directory still in that group shows a bare number.
 */
export const RUNTIME_DIRS = ['/run/cyrus', '/run/cyrus/socket', '/run/cyrus/lmtp'];
/** Pseudo-entries for dpkg's view of diversions and statoverrides. */
const DPKG_VIEWS = ['dpkg-divert --list', 'dpkg-statoverride --list'];

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

export function entry(path: string): Entry {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return { kind: 'absent' };
  }
  const meta = { mode: (st.mode & 0o7777).toString(8), owner: `${st.uid}:${st.gid}` };
  if (st.isSymbolicLink()) return { kind: 'symlink', link: readlinkSync(path), ...meta };
  if (st.isFile()) return { kind: 'file', sha256: sha(readFileSync(path)), ...meta };
  return { kind: 'other', ...meta };
}

/** The paths listed in a backup's "touched" file (what apply.sh says it changed), on that host. */
export function touchedBy(c: Container, backup: string | undefined): string[] {
  const f = backup && c.path(join(backup, 'touched'));
  return f && existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean) : [];
}

/** The files of one host (read through its root), keyed by their path inside it. */
export async function snapshot(c: Container, extra: string[] = []): Promise<Snapshot> {
  const paths = [...new Set([...TRACKED_FILES, ...SYSTEM_FILES, ...extra])].sort();
  const snap: Snapshot = Object.fromEntries(paths.map((p) => [p, entry(c.path(p))]));
  snap[DPKG_VIEWS[0] ?? ''] = { kind: 'other', sha256: sha((await dpkgDiversions(c)).join('\n')) };
  snap[DPKG_VIEWS[1] ?? ''] = { kind: 'other', sha256: sha((await dpkgStatoverrides(c)).join('\n')) };
  for (const d of RUNTIME_DIRS) {
    const r = await c.exec('stat', ['-c', '%U:%G %a', d], { allowFail: true });
    snap[`stat -c '%U:%G %a' ${d}`] = r.code === 0 ? { kind: 'other', owner: r.stdout.trim() } : { kind: 'absent' };
  }
  return snap;
}

const show = (e: Entry | undefined): string =>
  !e
    ? 'not recorded'
    : e.kind === 'absent'
      ? 'absent'
      : `${e.kind} ${e.sha256?.slice(0, 12) ?? e.link ?? ''} ${e.mode ?? ''} ${e.owner ?? ''}`.trim();

/** Human-readable differences between two snapshots (paths present in either). */
export function diffSnapshots(before: Snapshot, after: Snapshot): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .filter((k) => show(before[k]) !== show(after[k]))
    .map((k) => `${k}: ${show(before[k])} -> ${show(after[k])}`);
}
