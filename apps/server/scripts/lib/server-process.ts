// The built server (dist/server.js) as a child process on a free loopback
// port: what `npm start` runs, so load and bench figures include helmet,
// validation, logging and packing exactly as deployed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const SERVER_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const REPO_DIR = fileURLToPath(new URL('../../../../', import.meta.url));
const HOST = '127.0.0.1';

/** Runs a command in the repo root and throws if it fails. */
export function runOrThrow(cmd: string, args: string[], cwd = REPO_DIR): void {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
}

/** `pnpm --filter @lmtp-wizard/server build`: bundles src/ into dist/server.js. */
export const buildServer = () => runOrThrow('pnpm', ['--filter', '@lmtp-wizard/server', 'build']);

/** A port the OS just handed out on loopback, released for the server to take. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process in kB, from /proc/<pid>/status (VmRSS). */
export function rssKb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]);
}

/** CPU time a process has used (user + system, all its threads), in seconds, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  // Fields after the command name, which is in parentheses: utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

export interface RunningServer {
  url: string;
  pid: number;
  /** Milliseconds from spawn() to the first 200 from /api/health. */
  startMs: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Give up waiting for /api/health after this long. */
  timeoutMs?: number;
  /** Extra node flags (--cpu-prof, say) and another entry point, for investigations. */
  nodeArgs?: string[];
  entry?: string;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/health`);
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Starts dist/server.js with RATE_LIMIT_MAX=0 and waits for /api/health. */
export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://${HOST}:${port}`;
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), opts.entry ?? 'dist/server.js'], {
    cwd: SERVER_DIR,
    // Logs at the deployed level (info), to /dev/null: logging is part of
    // the cost of a request, reading the pipe is not.
    env: {
      PATH: process.env.PATH ?? '',
      HOST,
      PORT: String(port),
      LOG_LEVEL: 'info',
      RATE_LIMIT_MAX: '0',
      ...opts.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn the server');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let dead = false;
  void exited.then(() => (dead = true));

  const deadline = t0 + (opts.timeoutMs ?? 10_000);
  while (!(await healthy(url))) {
    if (dead) throw new Error(`server exited with ${child.exitCode} before answering`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('server did not answer /api/health in time');
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  const startMs = performance.now() - t0;

  const stop = async () => {
    if (dead) return;
    // This PID only: the server we spawned.
    process.kill(pid, 'SIGTERM');
    const timer = setTimeout(() => !dead && process.kill(pid, 'SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  return { url, pid, startMs, stop };
}
