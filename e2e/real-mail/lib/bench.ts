// Figures of the benchmarks (bench:tls, bench:mail): medians, table cells, and
// the CPU time of a container's cgroup.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ownCgroupDirs } from './containers/cgroup.ts';
import { RELEASES, type Release } from './containers/rootfs.ts';

/**
 * The arguments every benchmark takes: --release, --rounds, and its count
 * (--messages, --deliveries) as a multiple of `step`; plus its own string
 * options. Benchmarks run containers, so they need root.
 */
export function benchArgs<K extends string>(
  name: string,
  defaults: { rounds: number; count: { flag: string; value: number; step: number } },
  extra: Record<K, string> = {} as Record<K, string>,
): { release: Release; rounds: number; count: number; extra: Record<K, string> } {
  const { flag, value, step } = defaults.count;
  const options: Record<string, { type: 'string'; default: string }> = {
    release: { type: 'string', default: 'debian-13' },
    rounds: { type: 'string', default: String(defaults.rounds) },
    [flag]: { type: 'string', default: String(value) },
  };
  for (const [k, v] of Object.entries<string>(extra)) options[k] = { type: 'string', default: v };
  const { values } = parseArgs({ options });
  const release = values.release as Release;
  if (!(release in RELEASES)) throw new Error(`--release: one of ${Object.keys(RELEASES).join(', ')}`);
  const rounds = Number(values.rounds);
  const count = Number(values[flag]);
  if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(count) || count < step || count % step !== 0) {
    throw new Error(`--rounds: a whole number ≥ 1; --${flag}: a multiple of ${step}, at least ${step}`);
  }
  if (process.getuid?.() !== 0) throw new Error(`${name} runs containers: run it as root`);
  const own = Object.fromEntries(Object.keys(extra).map((k) => [k, String(values[k])])) as Record<K, string>;
  return { release, rounds, count, extra: own };
}

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
