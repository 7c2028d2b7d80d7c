// The product's own HTTP API: the suite builds and starts the real server on a
// free loopback port and fetches every bundle with POST /api/bundle.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive, run, stopPid, waitFor } from './sh.ts';
import { onCleanup } from './containers/cleanup.ts';

export const REPO_ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const SERVER_JS = join(REPO_ROOT, 'apps/server/dist/server.js');
export const SERVER_LOG = '/var/log/lwz-wizard-server.log';

export interface WizardServer {
  pid: number;
  url: string;
}

/** esbuild bundles the generator into dist/server.js, so build first: the bundles must come from the sources under test (REAL_MAIL_PREBUILT=1: the caller just built it). */
export async function buildServer(): Promise<void> {
  // scripts/run-tests.mjs has just built it and runs the browser tests on that build at the same time
  if (process.env.REAL_MAIL_PREBUILT === '1') return;
  await run('pnpm', ['--filter', '@lmtp-wizard/server', 'build'], { cwd: REPO_ROOT, timeoutMs: 120_000 });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function startServer(): Promise<WizardServer> {
  const port = await freePort();
  const log = openSync(SERVER_LOG, 'w');
  const child = spawn(process.execPath, [SERVER_JS], {
    cwd: REPO_ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), RATE_LIMIT_MAX: '0' },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  if (!child.pid) throw new Error('the wizard server did not start');
  const server = { pid: child.pid, url: `http://127.0.0.1:${port}` };
  // Ctrl-C ends the run through cleanupAll, not through the finally that calls stopServer: stop it there too
  const pid = child.pid;
  onCleanup(`wizard server (pid ${pid})`, () => {
    if (isAlive(pid)) process.kill(pid, 'SIGTERM');
  });
  try {
    await waitFor(
      `the wizard server on ${server.url}`,
      async () => {
        if (!isAlive(server.pid)) throw new Error('exited');
        return (await fetch(`${server.url}/api/health`)).ok;
      },
      15_000,
    );
  } catch (e) {
    await stopServer(server);
    throw new Error(`${(e as Error).message} (see ${SERVER_LOG})`);
  }
  return server;
}

export async function stopServer(s: WizardServer | undefined): Promise<void> {
  if (s) await stopPid(s.pid, 'SIGTERM', 15_000);
}

/** POST /api/bundle; the answer must be a gzip tarball. */
export async function fetchBundle(s: WizardServer, answers: unknown): Promise<Buffer> {
  const res = await fetch(`${s.url}/api/bundle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(answers),
  });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`POST /api/bundle -> ${res.status}: ${body.toString('utf8').slice(0, 2000)}`);
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('application/gzip'))
    throw new Error(`POST /api/bundle: content-type ${type}, expected application/gzip`);
  return body;
}
