// Saves the machine's original files once (first start ever) so that every
// scenario can be reset from them and the machine restored at the end.
import { copyFileSync, chownSync, chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dpkgDiversions, dpkgStatoverrides, undoDiversion } from './dpkg.ts';
import { run } from './sh.ts';

export const STATE_DIR = '/var/lib/lwz-real-mail';
const PRISTINE_DIR = join(STATE_DIR, 'pristine');
const MANIFEST = join(PRISTINE_DIR, 'manifest.json');

/** Every file a bundle (or the guide) may touch. Absent ones are recorded as absent. */
export const TRACKED_FILES = [
  '/etc/postfix/main.cf',
  '/etc/postfix/master.cf',
  '/etc/postfix/sasl_passwd',
  '/etc/postfix/sasl_passwd.db',
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
  '/usr/lib/tmpfiles.d/cyrus-imapd.conf',
  '/usr/lib/tmpfiles.d/cyrus-imapd.conf.distrib',
] as const;

/** Directories a bundle may create; removed at reset when they were absent. */
export const TRACKED_DIRS = ['/etc/tmpfiles.d', '/var/backups/lmtp-wizard'] as const;

interface FileRecord {
  present: boolean;
  mode?: number;
  uid?: number;
  gid?: number;
}

interface Manifest {
  savedAt: string;
  files: Record<string, FileRecord>;
  /** phase 1: local diversions only */
  diversions: string[];
  groups: string[];
  /** v2: every diversion, every statoverride, and which TRACKED_DIRS existed */
  v?: 2;
  allDiversions?: string[];
  statoverrides?: string[];
  dirs?: Record<string, boolean>;
}

const saved = (path: string): string => join(PRISTINE_DIR, path.replaceAll('/', '__'));
const groupNames = (): string[] => readFileSync('/etc/group', 'utf8').split('\n').map((l) => l.split(':')[0] ?? '');

function recordFile(path: string): FileRecord {
  if (!existsSync(path)) return { present: false };
  const st = statSync(path);
  copyFileSync(path, saved(path));
  return { present: true, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
}

/** Saves the pristine state once; upgrades a phase-1 manifest with what phase 2 also needs. */
export async function savePristine(): Promise<boolean> {
  const fresh = !existsSync(MANIFEST);
  if (!fresh && loadManifest().v === 2) return false;
  mkdirSync(PRISTINE_DIR, { recursive: true, mode: 0o700 });
  const diversions = await dpkgDiversions();
  if (!fresh && diversions.some((l) => / by lmtp-wizard$/.test(l))) {
    throw new Error('a lmtp-wizard dpkg diversion exists; restore the machine before upgrading the pristine manifest');
  }
  const m: Manifest = fresh
    ? { savedAt: new Date().toISOString(), files: {}, diversions: diversions.filter((l) => l.startsWith('local ')), groups: groupNames() }
    : loadManifest();
  for (const path of TRACKED_FILES) if (fresh || !m.files[path]) m.files[path] = recordFile(path);
  m.v = 2;
  m.allDiversions = diversions;
  m.statoverrides = await dpkgStatoverrides();
  m.dirs = Object.fromEntries(TRACKED_DIRS.map((d) => [d, existsSync(d)]));
  writeFileSync(MANIFEST, JSON.stringify(m, null, 2));
  return true;
}

export function loadManifest(): Manifest {
  return JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
}

export function pristineText(path: (typeof TRACKED_FILES)[number]): string | undefined {
  const rec = loadManifest().files[path];
  return rec?.present ? readFileSync(saved(path), 'utf8') : undefined;
}

/** Put one tracked file back exactly as it was (or remove it if it was absent). */
export function restoreFile(path: string): void {
  const rec = loadManifest().files[path];
  if (!rec) throw new Error(`${path} is not tracked`);
  rmSync(path, { force: true }); // also drops a symlink instead of writing through it
  if (!rec.present) return;
  mkdirSync(dirname(path), { recursive: true });
  copyFileSync(saved(path), path);
  chownSync(path, rec.uid ?? 0, rec.gid ?? 0);
  chmodSync(path, rec.mode ?? 0o644);
}

/** Groups a scenario may create; only these are ever deleted, and only if new. */
export const SCENARIO_GROUPS = ['lmtp', 'lmtpsock'];

/** Undo diversions, statoverrides, groups and directories that appeared since the snapshot. */
export async function dropNewDiversionsAndGroups(): Promise<void> {
  const m = loadManifest();
  const known = m.allDiversions ?? m.diversions;
  for (const line of await dpkgDiversions()) if (!known.includes(line)) await undoDiversion(line);
  if (m.statoverrides) {
    const now = await dpkgStatoverrides();
    for (const line of now) {
      if (!m.statoverrides.includes(line)) await run('dpkg-statoverride', ['--remove', line.split(' ').slice(3).join(' ')]);
    }
    for (const line of m.statoverrides) if (!now.includes(line)) await run('dpkg-statoverride', ['--add', ...line.split(' ')]);
  }
  for (const g of groupNames()) if (SCENARIO_GROUPS.includes(g) && !m.groups.includes(g)) await run('groupdel', [g]);
}

/** Remove tracked directories that did not exist (after their tracked files are gone). */
export function dropNewDirs(): void {
  const dirs = loadManifest().dirs ?? {};
  for (const [dir, present] of Object.entries(dirs)) {
    if (present || !existsSync(dir)) continue;
    if (dir === '/var/backups/lmtp-wizard') rmSync(dir, { recursive: true, force: true });
    else if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
    else console.warn(`restore: ${dir} did not exist before but now holds ${readdirSync(dir).join(', ')}; left in place`);
  }
}

export async function restorePristine(): Promise<void> {
  await dropNewDiversionsAndGroups();
  for (const path of TRACKED_FILES) restoreFile(path);
  dropNewDirs();
}
