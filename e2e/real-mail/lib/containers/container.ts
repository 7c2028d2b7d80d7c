// A throwaway host: an overlay on a release's root filesystem, booted in a
// network namespace the suite made, either under real systemd
// (systemd-nspawn -b) or chrooted with the init scripts (its own mount, UTS,
// IPC and PID namespaces, a private /dev, /dev/pts and /run). Commands run
// inside with nsenter. Stopping kills only this host's own PID 1 (and with it
// every process in its PID namespace); destroying unmounts and deletes the overlay.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { containerCgroups, ENTER_CGROUPS } from './cgroup.ts';
import { onCleanup, runSync } from './cleanup.ts';
import type { Release } from './rootfs.ts';
import { isAlive, run, waitFor, type RunOptions, type RunResult, type Target } from '../sh.ts';

export type BootMode = 'systemd' | 'init';

export interface ContainerOptions {
  /** short, unique per run: lane and role, e.g. "13-mx" */
  id: string;
  hostname: string;
  release: Release;
  rootfs: string;
  /** the network namespace (under /run/netns) the host lives in */
  netns: string;
  mode: BootMode;
  /** where this run keeps its overlays */
  runDir: string;
}

const ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', HOME: '/root', TERM: 'dumb' };

// PID 1 of an init-mode host. It mounts what a booted host has, then becomes a
// perl loop that reaps the daemons' orphans (perl-base is essential in Debian).
const INIT_LEADER = String.raw`set -e
M=$1
mount -t proc proc "$M/proc"
mount -t sysfs -o ro sysfs "$M/sys"
mount -t tmpfs -o mode=755 tmpfs "$M/run"
mount -t tmpfs -o mode=755 tmpfs "$M/dev"
for d in null zero full random urandom tty; do : >"$M/dev/$d"; mount --bind "/dev/$d" "$M/dev/$d"; done
mkdir "$M/dev/pts" "$M/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$M/dev/pts"
mount -t tmpfs -o mode=1777 tmpfs "$M/dev/shm"
ln -s pts/ptmx "$M/dev/ptmx"; ln -s /proc/self/fd "$M/dev/fd"
hostname "$2"
exec chroot "$M" /usr/bin/perl -e '$SIG{TERM} = sub { exit 0 }; while (1) { sleep 1 if wait() == -1 }'
`;

export class Container implements Target {
  readonly env = ENV;
  readonly dir: string;
  readonly merged: string;
  private proc?: ChildProcess;
  private leaderPid?: number;
  private unmount?: () => void;
  private removeCgroups?: () => boolean;

  private constructor(readonly o: ContainerOptions) {
    this.dir = join(o.runDir, o.id);
    this.merged = join(this.dir, 'merged');
  }

  get id(): string {
    return this.o.id;
  }

  get name(): string {
    return `${this.o.release}/${this.o.hostname}`;
  }

  /** Mounts a fresh overlay; nothing runs yet. */
  static create(o: ContainerOptions): Container {
    const c = new Container(o);
    for (const d of ['upper', 'work', 'merged']) mkdirSync(join(c.dir, d), { recursive: true });
    const dropDir = onCleanup(`overlay dir ${c.dir}`, () => rmSync(c.dir, { recursive: true, force: true }));
    const m = runSync('mount', [
      '-t',
      'overlay',
      'overlay',
      '-o',
      `lowerdir=${o.rootfs},upperdir=${c.dir}/upper,workdir=${c.dir}/work`,
      c.merged,
    ]);
    if (m.code !== 0) throw new Error(`mount overlay ${c.merged}: ${m.out}`);
    const dropMount = onCleanup(`overlay mount ${c.merged}`, () => c.umountSync());
    c.unmount = () => {
      c.umountSync();
      dropMount();
      rmSync(c.dir, { recursive: true, force: true });
      dropDir();
    };
    return c;
  }

  private umountSync(): void {
    if (runSync('umount', [this.merged]).code !== 0) runSync('umount', ['-l', this.merged]);
  }

  /** A path inside the host: through its own root while it runs (so /run is the host's tmpfs), else the overlay. */
  path(p: string): string {
    return this.leaderPid && isAlive(this.leaderPid) ? `/proc/${this.leaderPid}/root${p}` : join(this.merged, p);
  }

  /** Writes a file into the host (before or after boot). */
  write(p: string, text: string, mode = 0o644): void {
    const full = this.path(p);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    chmodSync(full, mode);
  }

  read(p: string): string | undefined {
    const full = this.path(p);
    return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
  }

  wrap(cmd: string, args: string[]): [string, string[]] {
    if (!this.leaderPid) throw new Error(`${this.name} is not running`);
    return ['nsenter', ['-t', String(this.leaderPid), '-m', '-u', '-i', '-n', '-p', '-r', '-w', '--', cmd, ...args]];
  }

  /** Runs a command inside the host (as root, clean environment). */
  exec(cmd: string, args: string[], opts: Omit<RunOptions, 'on'> = {}): Promise<RunResult> {
    return run(cmd, args, { ...opts, on: this });
  }

  async boot(): Promise<void> {
    const { mode, netns, hostname } = this.o;
    const [cmd, args, comm] =
      mode === 'systemd'
        ? [
            'systemd-nspawn',
            [
              '-q',
              '-D',
              this.merged,
              '-b',
              `--network-namespace-path=/run/netns/${netns}`,
              '--register=no',
              '--keep-unit',
              `--hostname=${hostname}`,
              '--console=passive',
              '--resolv-conf=off',
              '--timezone=off',
              '--link-journal=no',
            ],
            'systemd',
          ]
        : [
            'ip',
            [
              'netns',
              'exec',
              netns,
              'unshare',
              '--mount',
              '--uts',
              '--ipc',
              '--pid',
              '--fork',
              '--kill-child',
              '--propagation',
              'private',
              '--',
              'sh',
              '-c',
              INIT_LEADER,
              'leader',
              this.merged,
              hostname,
            ],
            'perl',
          ];
    const log = join(this.dir, 'console.log');
    const cg = mode === 'systemd' ? containerCgroups(`lwz-${process.pid}-${this.o.id}`) : undefined;
    this.removeCgroups = cg?.remove;
    const proc = spawn('sh', ['-c', ENTER_CGROUPS, 'sh', cmd as string, ...(args as string[])], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, LWZ_CGROUPS: cg?.dirs.join(' ') ?? '' },
    });
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
    proc.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
    this.proc = proc;
    const pid = proc.pid;
    if (!pid) throw new Error(`${this.name}: ${cmd} did not start`);
    const drop = onCleanup(`${this.name} (${cmd} pid ${pid})`, () => this.killSync());
    appendFileSync(join(this.dir, 'pids'), `${pid}\n`); // for the next run, should this one be SIGKILLed (stale.ts)
    proc.once('exit', () => {
      drop();
      writeFileSync(log, out);
    });
    // PID 1 of the host is the child of what we spawned, once it has become init
    await waitFor(
      `${this.name}: its PID 1 (${comm})`,
      () => {
        if (!isAlive(pid)) throw new Error(`exited: ${out}`);
        const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map(Number);
        const leader = kids.find((k) => readFileSync(`/proc/${k}/comm`, 'utf8').trim() === comm);
        this.leaderPid = leader;
        if (leader !== undefined) appendFileSync(join(this.dir, 'pids'), `${leader}\n`);
        return leader !== undefined;
      },
      30_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${out}`);
    });
    if (mode === 'systemd') {
      // "degraded" is expected: the stock cyrus.conf makes cyrus-imapd fail until a bundle fixes it
      await waitFor(
        `${this.name}: systemd to finish booting`,
        async () => {
          const r = await this.exec('systemctl', ['is-system-running'], { allowFail: true });
          return /^(running|degraded)/.test(r.stdout.trim());
        },
        60_000,
        200,
      );
    } else {
      // what the init scripts' boot would start: syslog, then the mail daemons as installed
      await this.exec('rsyslogd', ['-i', '/run/rsyslogd.pid']);
      await this.exec('/etc/init.d/postfix', ['start'], { allowFail: true });
      await this.exec('/etc/init.d/cyrus-imapd', ['start'], { allowFail: true });
    }
  }

  get leader(): number | undefined {
    return this.leaderPid;
  }

  /** Kills the host's PID 1 (the kernel then kills its whole PID namespace) and what we spawned. */
  private killSync(): void {
    for (const pid of [this.leaderPid, this.proc?.pid]) {
      if (pid && isAlive(pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
  }

  /** Stops the host by killing its PID 1: the kernel ends its whole PID namespace, and the overlay is thrown away anyway. */
  async stop(): Promise<void> {
    const pid = this.proc?.pid;
    if (!pid || !isAlive(pid)) return;
    this.killSync();
    await waitFor(`${this.name} to exit`, () => !isAlive(pid), 10_000);
    this.leaderPid = undefined;
    const removeCgroups = this.removeCgroups;
    if (removeCgroups) await waitFor(`${this.name}: its cgroups to empty`, removeCgroups, 10_000);
  }

  /** A clean reboot (systemd hosts): systemctl poweroff, wait for the host to end, boot the same overlay again. */
  async reboot(): Promise<void> {
    if (this.o.mode !== 'systemd') throw new Error(`${this.name}: reboot needs a systemd host`);
    const pid = this.proc?.pid;
    await this.exec('systemctl', ['poweroff', '--no-block'], { allowFail: true });
    if (pid) await waitFor(`${this.name} to power off`, () => !isAlive(pid), 90_000).catch(() => undefined);
    if (pid && isAlive(pid)) await this.stop();
    else {
      this.leaderPid = undefined;
      const removeCgroups = this.removeCgroups;
      if (removeCgroups) await waitFor(`${this.name}: its cgroups to empty`, removeCgroups, 10_000);
    }
    await this.boot();
  }

  async destroy(): Promise<void> {
    await this.stop();
    this.unmount?.();
    this.unmount = undefined;
  }
}
