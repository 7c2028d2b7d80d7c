// Starts and stops the real daemons without systemd, tracking every PID we
// start so that only those are ever signalled.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { SYSLOG_FILE } from './base-config.ts';
import { isAlive, run, stopPid, waitFor } from './sh.ts';

export const CYRUS_PIDFILE = '/run/lwz-cyrmaster.pid';
const POSTFIX_PIDFILE = '/var/spool/postfix/pid/master.pid';

// A unix datagram listener on /dev/log (node has no unix dgram sockets).
const SYSLOG_PY = `
import os, socket, sys
path, out = '/dev/log', sys.argv[1]
if os.path.exists(path):
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        probe.connect(path); print('busy', flush=True); sys.exit(3)
    except OSError:
        os.unlink(path)
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path); os.chmod(path, 0o666)
f = open(out, 'a', buffering=1)
print('ready', flush=True)
while True:
    f.write(s.recv(65536).decode('utf-8', 'replace').rstrip('\\0\\n') + '\\n')
`;

let syslog: ChildProcess | undefined;

export async function startSyslog(): Promise<void> {
  if (syslog) return;
  const child = spawn('/usr/bin/python3', ['-c', SYSLOG_PY, SYSLOG_FILE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve) => {
    child.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', () => resolve('exited'));
  });
  if (first === 'busy') {
    console.warn('syslog: /dev/log is served by another daemon; Cyrus lines go to its log, not ours');
    return;
  }
  if (first !== 'ready') throw new Error(`syslog listener did not start: ${first}`);
  syslog = child;
}

export async function stopSyslog(): Promise<void> {
  const child = syslog;
  syslog = undefined;
  if (!child?.pid) return;
  await stopPid(child.pid, 'SIGTERM');
  if (existsSync('/dev/log')) await run('rm', ['-f', '/dev/log']);
}

export function canConnect(target: { host: string; port: number } | { path: string }): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = 'path' in target ? connect(target.path) : connect(target.port, target.host);
    sock.setTimeout(1000);
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
    sock.once('timeout', () => {
      sock.destroy();
      resolve(false);
    });
  });
}

export type Endpoint = { host: string; port: number } | { path: string };
const show = (e: Endpoint): string => ('path' in e ? e.path : `${e.host}:${e.port}`);

export interface CyrusHandle {
  pid: number;
}

/** tmpfiles, then cyrmaster -d; waits until every endpoint accepts. */
export async function startCyrus(ready: Endpoint[], ns?: string): Promise<CyrusHandle> {
  await run('systemd-tmpfiles', ['--create', 'cyrus-imapd.conf']);
  await run('cyrmaster', ['-d', '-p', CYRUS_PIDFILE], { ns });
  const pid = Number(readFileSync(CYRUS_PIDFILE, 'utf8').trim());
  if (!Number.isInteger(pid) || !isAlive(pid)) throw new Error('cyrmaster did not stay up (see syslog)');
  for (const e of ready) await waitFor(`cyrus on ${show(e)}`, () => canConnect(e), 15_000);
  return { pid };
}

export async function stopCyrus(h: CyrusHandle | undefined): Promise<void> {
  if (h) await stopPid(h.pid, 'SIGQUIT', 20_000);
}

export interface PostfixHandle {
  pid: number;
  ns?: string;
}

export async function startPostfix(smtp: { host: string; port: number }, ns?: string): Promise<PostfixHandle> {
  await run('postfix', ['start'], { ns });
  const pid = Number(readFileSync(POSTFIX_PIDFILE, 'utf8').trim());
  await waitFor(`postfix smtpd on ${show(smtp)}`, () => canConnect(smtp), 15_000);
  return { pid, ns };
}

export async function stopPostfix(h: PostfixHandle | undefined): Promise<void> {
  if (!h) return;
  await run('postfix', ['stop'], { ns: h.ns, allowFail: true });
  await waitFor(`postfix master ${h.pid} to exit`, () => !isAlive(h.pid), 20_000);
}

export async function reloadPostfix(h: PostfixHandle): Promise<void> {
  await run('postfix', ['reload'], { ns: h.ns });
}

/** cyrmaster re-reads cyrus.conf on SIGHUP. */
export function reloadCyrus(h: CyrusHandle): void {
  process.kill(h.pid, 'SIGHUP');
}
