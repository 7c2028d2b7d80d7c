// Figures of the benchmarks (bench:tls, bench:mail): medians, table cells, and
// the CPU time of a container's cgroup.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ownCgroupDirs } from './containers/cgroup.ts';

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? Number.NaN : s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

export const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** CPU time of a container's whole cgroup (every daemon in it), in microseconds. */
export function cpuUsec(containerId: string): number {
  for (const d of ownCgroupDirs()) {
    const f = join(d, `lwz-${process.pid}-${containerId}`, 'cpu.stat');
    if (existsSync(f)) return Number(/usage_usec (\d+)/.exec(readFileSync(f, 'utf8'))?.[1] ?? 0);
  }
  return Number.NaN;
}
