// systemd-nspawn --keep-unit (needed where the machine runs no systemd) puts a
// container's cgroups under the caller's own cgroup: two containers started
// by one process would share /payload and remove each other's service cgroups
// (seen: "cyrus-imapd.service: Failed to spawn executor: No such file or
// directory", and a 90 s hang in systemctl restart). So each container gets
// its own cgroup, in the unified hierarchy and in systemd's named one, and
// nspawn is started from inside it.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup } from './cleanup.ts';

/** Where this process sits in each hierarchy systemd uses: its mount point joined with our own path there. */
export function ownCgroupDirs(): string[] {
  const self = new Map(
    readFileSync('/proc/self/cgroup', 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [id, ctrl, ...path] = l.split(':');
        return [id === '0' && ctrl === '' ? 'unified' : (ctrl ?? ''), path.join(':')] as const;
      }),
  );
  const dirs: string[] = [];
  for (const [, mnt, type, opts] of readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' '))) {
    const key =
      type === 'cgroup2'
        ? 'unified'
        : type === 'cgroup' && opts?.split(',').includes('name=systemd')
          ? 'name=systemd'
          : undefined;
    const path = key && self.get(key);
    if (mnt && path !== undefined) dirs.push(join(mnt, path));
  }
  return dirs;
}

export function removeTree(dir: string): void {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) removeTree(p);
  }
  rmdirSync(dir);
}

/** Creates one cgroup per hierarchy for a container; remove() is true once they are all gone. */
export function containerCgroups(name: string): { dirs: string[]; remove: () => boolean } {
  const dirs = ownCgroupDirs().map((d) => join(d, name));
  for (const d of dirs) mkdirSync(d);
  const removeAll = (): boolean => {
    for (const d of dirs) {
      try {
        removeTree(d);
      } catch {
        /* a process of the container is still exiting */
      }
    }
    return dirs.every((d) => !existsSync(d));
  };
  const drop = onCleanup(`cgroups ${dirs.join(', ')}`, removeAll);
  return { dirs, remove: () => removeAll() && (drop(), true) };
}

/** A shell prefix that moves itself into the cgroups, then execs the command ($@). */
export const ENTER_CGROUPS = 'for d in $LWZ_CGROUPS; do echo $$ >"$d/cgroup.procs"; done; exec "$@"';
