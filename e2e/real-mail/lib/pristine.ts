// Saves the machine's original files once (first start ever) so that every
// scenario can be reset from them and the machine restored at the end.
import { copyFileSync, chownSync, chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
] as const;

interface FileRecord {
  present: boolean;
  mode?: number;
  uid?: number;
  gid?: number;
}

interface Manifest {
  savedAt: string;
  files: Record<string, FileRecord>;
  diversions: string[];
  groups: string[];
}

const saved = (path: string): string => join(PRISTINE_DIR, path.replaceAll('/', '__'));

export async function localDiversions(): Promise<string[]> {
  const res = await run('dpkg-divert', ['--list'], { allowFail: true });
  return res.stdout.split('\n').filter((l) => l.startsWith('local diversion of '));
}

export async function savePristine(): Promise<boolean> {
  if (existsSync(MANIFEST)) return false;
  mkdirSync(PRISTINE_DIR, { recursive: true, mode: 0o700 });
  const files: Record<string, FileRecord> = {};
  for (const path of TRACKED_FILES) {
    if (!existsSync(path)) {
      files[path] = { present: false };
      continue;
    }
    const st = statSync(path);
    copyFileSync(path, saved(path));
    files[path] = { present: true, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  }
  const groups = readFileSync('/etc/group', 'utf8').split('\n').map((l) => l.split(':')[0] ?? '');
  const manifest: Manifest = { savedAt: new Date().toISOString(), files, diversions: await localDiversions(), groups };
  writeFileSync(MANIFEST, JSON.stringify(manifest, null, 2));
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
  if (!rec.present) {
    rmSync(path, { force: true });
    return;
  }
  mkdirSync(dirname(path), { recursive: true });
  copyFileSync(saved(path), path);
  chownSync(path, rec.uid ?? 0, rec.gid ?? 0);
  chmodSync(path, rec.mode ?? 0o644);
}

/** Groups a scenario may create; only these are ever deleted, and only if new. */
export const SCENARIO_GROUPS = ['lmtp', 'lmtpsock'];

/** Remove local diversions and scenario groups that appeared since the pristine snapshot. */
export async function dropNewDiversionsAndGroups(): Promise<void> {
  const m = loadManifest();
  for (const line of await localDiversions()) {
    if (m.diversions.includes(line)) continue;
    const path = /^local diversion of (\S+)/.exec(line)?.[1];
    if (path) await run('dpkg-divert', ['--local', '--rename', '--remove', path]);
  }
  const now = readFileSync('/etc/group', 'utf8').split('\n').map((l) => l.split(':')[0] ?? '');
  for (const g of now) if (SCENARIO_GROUPS.includes(g) && !m.groups.includes(g)) await run('groupdel', [g]);
}

export async function restorePristine(): Promise<void> {
  for (const path of TRACKED_FILES) restoreFile(path);
  await dropNewDiversionsAndGroups();
}
