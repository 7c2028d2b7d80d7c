// Installs Debian packages the tests need when they are missing. Needs root
// and apt-get; anywhere else it explains what to install by hand.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** probe: a path (or paths) that exist once the packages are installed. */
export function ensureDebianPackages(packages, probe) {
  const probes = [probe ?? []].flat();
  if (probes.length > 0 && probes.every((p) => existsSync(p))) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`missing ${packages.join(' ')}; install them with apt-get as root`);
  }
  const t0 = Date.now();
  console.log(`[packages] apt-get install ${packages.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed`);
  console.log(`[packages] installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
