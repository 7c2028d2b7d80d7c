// Debian 12 -> 13 inside a throwaway host (issue 23). The hosts have no route
// out, so the trixie packages are fetched once on this machine's side, into
// a cache: a chroot of a fresh overlay on the Debian 12 root filesystem (this
// machine's network, never its own /etc/apt), with its sources switched to
// trixie on the archive apt already uses, runs apt-get update and
// apt-get -d full-upgrade. The package lists and .debs are kept in
// /var/cache/lmtp-wizard/upgrade/<root filesystem>-trixie and copied into each
// host, which then upgrades offline the way Debian's release notes say.
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { onCleanup, runSync } from './containers/cleanup.ts';
import type { Container } from './containers/container.ts';
import { mirrors } from './containers/rootfs.ts';
import { run } from './sh.ts';

export const UPGRADE_CACHE = '/var/cache/lmtp-wizard/upgrade';

export const trixieSources = (): string => {
  const m = mirrors();
  return [
    `deb ${m.debian} trixie main`,
    `deb ${m.debian} trixie-updates main`,
    `deb ${m.security} trixie-security main`,
    '',
  ].join('\n');
};

export interface UpgradeCache {
  dir: string;
  built: boolean;
  seconds: number;
  debs: number;
}

/** The trixie lists and packages for hosts made from this Debian 12 root filesystem; fetched once. */
export async function ensureUpgradeCache(rootfs12: string, runDir: string): Promise<UpgradeCache> {
  const t0 = Date.now();
  const dir = join(UPGRADE_CACHE, `${basename(rootfs12)}-trixie`);
  const count = () => readdirSync(join(dir, 'archives')).filter((f) => f.endsWith('.deb')).length;
  if (existsSync(join(dir, '.complete')))
    return { dir, built: false, seconds: (Date.now() - t0) / 1000, debs: count() };
  const work = join(runDir, `upgrade-cache-${process.pid}`);
  const merged = join(work, 'merged');
  for (const d of ['upper', 'work', 'merged']) mkdirSync(join(work, d), { recursive: true });
  const dropDir = onCleanup(`upgrade cache work dir ${work}`, () => rmSync(work, { recursive: true, force: true }));
  const m = runSync('mount', [
    '-t',
    'overlay',
    'overlay',
    '-o',
    `lowerdir=${rootfs12},upperdir=${work}/upper,workdir=${work}/work`,
    merged,
  ]);
  if (m.code !== 0) throw new Error(`mount overlay ${merged}: ${m.out}`);
  const dropMount = onCleanup(`overlay mount ${merged}`, () => void runSync('umount', ['-l', merged]));
  const tmp = `${dir}.building-${process.pid}`;
  try {
    writeFileSync(join(merged, 'etc/apt/sources.list'), trixieSources());
    // name resolution for apt inside the chroot: this machine's resolver, copied into the overlay only
    cpSync('/etc/resolv.conf', join(merged, 'etc/resolv.conf'), { dereference: true });
    const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', DEBIAN_FRONTEND: 'noninteractive', LANG: 'C.UTF-8' };
    await run('chroot', [merged, 'apt-get', '-q', 'update'], { env, timeoutMs: 300_000 });
    await run('chroot', [merged, 'apt-get', '-q', '-y', '-d', 'full-upgrade'], { env, timeoutMs: 600_000 });
    mkdirSync(tmp, { recursive: true });
    cpSync(join(merged, 'var/cache/apt/archives'), join(tmp, 'archives'), {
      recursive: true,
      filter: (s) => !s.endsWith('/lock') && !s.includes('/partial'),
    });
    cpSync(join(merged, 'var/lib/apt/lists'), join(tmp, 'lists'), {
      recursive: true,
      filter: (s) => !s.endsWith('/lock') && !s.includes('/partial'),
    });
    writeFileSync(join(tmp, '.complete'), `${new Date().toISOString()}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    runSync('umount', [merged]);
    dropMount();
    rmSync(work, { recursive: true, force: true });
    dropDir();
  }
  return { dir, built: true, seconds: (Date.now() - t0) / 1000, debs: count() };
}

/**
 * The upgrade as the release notes (and our UPGRADE.md) say, on a running
 * host: sources to trixie, then apt-get upgrade --without-new-pkgs and
 * apt-get full-upgrade, keeping local config files (--force-confold). The
 * lists and packages come from the cache (the host has no route out).
 */
export async function upgradeHost(c: Container, cache: UpgradeCache): Promise<string> {
  c.write('/etc/apt/sources.list', trixieSources());
  cpSync(join(cache.dir, 'lists'), c.path('/var/lib/apt/lists'), { recursive: true });
  cpSync(join(cache.dir, 'archives'), c.path('/var/cache/apt/archives'), { recursive: true });
  const apt =
    'DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Options::=--force-confold -o Dpkg::Options::=--force-confdef -o Acquire::Retries=0';
  const r = await c.exec(
    'sh',
    ['-c', `set -e; ${apt} upgrade --without-new-pkgs; ${apt} full-upgrade; cat /etc/debian_version`],
    { timeoutMs: 900_000, allowFail: true },
  );
  const out = `${r.stdout}${r.stderr}`;
  if (r.code !== 0) throw new Error(`${c.name}: the upgrade failed (exit ${r.code}):\n${out.slice(-3000)}`);
  return out;
}
