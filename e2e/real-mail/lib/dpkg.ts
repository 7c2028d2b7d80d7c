// dpkg's own records that apply.sh may change: diversions and statoverrides.
import type { Container } from './containers/container.ts';

const lines = (s: string): string[] => s.split('\n').filter(Boolean).sort();

export async function dpkgDiversions(c: Container): Promise<string[]> {
  return lines((await c.exec('dpkg-divert', ['--list'], { allowFail: true })).stdout);
}

export async function dpkgStatoverrides(c: Container): Promise<string[]> {
  return lines((await c.exec('dpkg-statoverride', ['--list'], { allowFail: true })).stdout);
}
