// A run killed with SIGKILL cannot clean up after itself. The next run removes
// what such a run left: only run dirs of this suite whose owner process is
// gone, only processes those runs recorded (and only while their command line
// or root still points into that run dir), and only mounts under it.
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ownCgroupDirs, removeTree } from './cgroup.ts';
import { runSync } from './cleanup.ts';
import { removeLaneNetSync } from '../network.ts';
import { isAlive } from '../sh.ts';

export const RUN_PREFIX = 'lwz-real-mail-';
const BASE = '/var/tmp';

function recordedPids(dir: string): number[] {
  const out: number[] = [];
  const walk = (d: string, depth: number): void => {
    if (depth > 3 || !existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isFile() && e.name === 'pids')
        out.push(...readFileSync(join(d, e.name), 'utf8').split(/\s+/).filter(Boolean).map(Number));
      else if (e.isDirectory() && e.name !== 'merged' && e.name !== 'upper' && e.name !== 'work')
        walk(join(d, e.name), depth + 1);
    }
  };
  walk(dir, 0);
  return out;
}

const pointsInto = (pid: number, dir: string): boolean => {
  try {
    return (
      readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir) || readlinkSync(`/proc/${pid}/root`).startsWith(dir)
    );
  } catch {
    return false;
  }
};

/** The run dirs of other runs of the suite, with the pid that owns each. */
function otherRuns(): { dir: string; owner: number }[] {
  return readdirSync(BASE)
    .filter((name) => name.startsWith(RUN_PREFIX))
    .map((name) => ({ dir: join(BASE, name), owner: Number(name.slice(RUN_PREFIX.length)) }))
    .filter(({ owner }) => Number.isInteger(owner) && owner !== process.pid);
}

/** The lanes a run dir recorded in "lanes" (undefined: none recorded). */
function lanesOf(dir: string): number[] | undefined {
  const file = join(dir, 'lanes');
  return existsSync(file)
    ? readFileSync(file, 'utf8').split(/\s+/).filter(Boolean).map(Number).filter(Number.isInteger)
    : undefined;
}

/** Another live run of the suite that uses one of these lanes (a run dir records its lanes in "lanes"). */
export function liveRun(lanes: number[]): number | undefined {
  for (const { dir, owner } of otherRuns()) {
    if (!isAlive(owner)) continue;
    const theirs = lanesOf(dir) ?? lanes;
    if (theirs.some((l) => lanes.includes(l))) return owner;
  }
  return undefined;
}

/** Any other live run of the suite, whatever its lanes. */
export const otherLiveRun = (): number | undefined => otherRuns().find(({ owner }) => isAlive(owner))?.owner;

/** Every process in a cgroup and its children. */
function cgroupPids(dir: string): number[] {
  if (!existsSync(dir)) return [];
  const procs = existsSync(join(dir, 'cgroup.procs'))
    ? readFileSync(join(dir, 'cgroup.procs'), 'utf8').split(/\s+/).filter(Boolean).map(Number)
    : [];
  const children = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => cgroupPids(join(dir, e.name)));
  return [...procs, ...children];
}

/** The container cgroups a run made ("lwz-<owner pid>-..."), with their owner. */
function runCgroups(): { dir: string; owner: number }[] {
  return ownCgroupDirs().flatMap((cg) =>
    (existsSync(cg) ? readdirSync(cg) : [])
      .map((d) => ({ dir: join(cg, d), owner: Number(/^lwz-(\d+)-/.exec(d)?.[1]) }))
      .filter(({ owner }) => Number.isInteger(owner) && owner !== process.pid),
  );
}

const pause = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Removes what earlier, killed runs left behind; returns what it removed. A
 * container's processes are found by the cgroup the run made for it, whose
 * name carries the run's pid: once a run dir's overlay is gone, their root no
 * longer points into it (seen: four container systemd processes outliving a
 * killed run, and the next run stopping on EBUSY when it removed their cgroups).
 */
export function removeStaleRuns(): string[] {
  const removed: string[] = [];
  const dead = new Set([...otherRuns(), ...runCgroups()].map((r) => r.owner).filter((o) => !isAlive(o)));
  const cgroups = runCgroups().filter((c) => dead.has(c.owner));
  for (const pid of new Set(cgroups.flatMap((c) => cgroupPids(c.dir)))) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  for (const { dir, owner } of otherRuns()) {
    if (!dead.has(owner)) continue;
    for (const pid of recordedPids(dir)) if (isAlive(pid) && pointsInto(pid, dir)) process.kill(pid, 'SIGKILL');
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[1] ?? '')
      .filter((m) => m.startsWith(`${dir}/`));
    for (const m of mounts.sort().reverse()) if (runSync('umount', [m]).code !== 0) runSync('umount', ['-l', m]);
    // the killed run's lane networks (bridge, every host veth and namespace,
    // extra hosts included), unless a live run uses that lane now
    for (const lane of lanesOf(dir) ?? []) if (liveRun([lane]) === undefined) removeLaneNetSync(lane);
    rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  for (const { dir } of cgroups) {
    // the killed processes take a moment to leave their cgroups
    for (let i = 0; i < 50 && cgroupPids(dir).length > 0; i++) pause(100);
    try {
      removeTree(dir);
      removed.push(dir);
    } catch (e) {
      console.log(`real-mail: could not remove ${dir} yet (${(e as Error).message}); the next run tries again`);
    }
  }
  return removed;
}
