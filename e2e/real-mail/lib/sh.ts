// Process helpers. Every daemon the suite starts is tracked by PID so that only
// those PIDs are ever signalled (never pkill/killall).
import { spawn } from 'node:child_process';

/** Somewhere else to run a command: a container wraps the argv (nsenter). */
export interface Target {
  wrap(cmd: string, args: string[]): [string, string[]];
  readonly env: NodeJS.ProcessEnv;
}

export interface RunOptions {
  input?: string;
  /** run inside this container instead of on the machine */
  on?: Target;
  allowFail?: boolean;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  cwd?: string;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const [c, a] = opts.on ? opts.on.wrap(cmd, args) : [cmd, args];
  const env = opts.env ?? opts.on?.env ?? process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(c, a, { cwd: opts.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const res = { code: code ?? -1, stdout, stderr };
      if (res.code !== 0 && !opts.allowFail) {
        reject(new Error(`${c} ${a.join(' ')} exited ${res.code}\n${stderr}${stdout}`.trim()));
      } else resolve(res);
    });
    child.stdin.on('error', () => undefined); // the command may not read stdin
    child.stdin.end(opts.input ?? '');
  });
}

/** Shell snippet, for the few places where a pipeline is clearer than argv. */
export function sh(script: string, opts: RunOptions = {}): Promise<RunResult> {
  return run('/bin/sh', ['-c', script], opts);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Poll `check` until it returns true; throw with `what` after timeoutMs. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
  intervalMs = 100,
): Promise<number> {
  const start = Date.now();
  for (;;) {
    try {
      if (await check()) return Date.now() - start;
    } catch {
      /* not ready yet */
    }
    if (Date.now() - start > timeoutMs) throw new Error(`timeout after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signal a PID we started and wait until it is gone. */
export async function stopPid(pid: number, signal: NodeJS.Signals, timeoutMs = 15_000): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, signal);
  await waitFor(`pid ${pid} to exit after ${signal}`, () => !isAlive(pid), timeoutMs);
}
