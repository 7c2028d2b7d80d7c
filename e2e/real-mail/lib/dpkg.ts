// dpkg's own records that apply.sh may change: diversions and statoverrides.
import { lstatSync, rmSync } from 'node:fs';
import { run } from './sh.ts';

const lines = (s: string): string[] => s.split('\n').filter(Boolean).sort();

export async function dpkgDiversions(): Promise<string[]> {
  return lines((await run('dpkg-divert', ['--list'], { allowFail: true })).stdout);
}

export async function dpkgStatoverrides(): Promise<string[]> {
  return lines((await run('dpkg-statoverride', ['--list'], { allowFail: true })).stdout);
}

/** "diversion of X to Y by PKG" or "local diversion of X to Y": remove it, putting Y back at X. */
export async function undoDiversion(line: string): Promise<void> {
  const m = /^(local )?diversion of (\S+) to (\S+)(?: by (\S+))?$/.exec(line);
  if (!m?.[2]) throw new Error(`cannot parse diversion: ${line}`);
  const path = m[2];
  // whatever sits at the diverted path (apply.sh puts a symlink there) must go,
  // or dpkg-divert --rename refuses to move the original back
  try {
    lstatSync(path);
    rmSync(path, { force: true });
  } catch {
    /* nothing there */
  }
  const owner = m[1] ? ['--local'] : ['--package', m[4] ?? ''];
  await run('dpkg-divert', [...owner, '--rename', '--remove', path]);
}
