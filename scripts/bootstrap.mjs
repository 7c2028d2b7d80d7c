#!/usr/bin/env node
// `npm start` and `npm test` on a fresh Debian machine with only Node and npm:
// installs what is missing (pnpm, packages, Debian's chromium for the browser
// tests), builds, then serves or tests. No dependencies of its own.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '10.34.9';
const mode = process.argv[2];

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

function pnpmOk() {
  try {
    return execFileSync('pnpm', ['--version'], { encoding: 'utf8' }).trim().startsWith('10.');
  } catch {
    return false;
  }
}

function ensurePnpm() {
  if (pnpmOk()) return;
  console.log(`[bootstrap] installing pnpm ${PNPM_VERSION} (pnpm 11 needs Node 22; corepack cannot verify here)`);
  sh('npm', ['install', '--global', `pnpm@${PNPM_VERSION}`]);
}

function time(label, fn) {
  const t0 = Date.now();
  fn();
  console.log(`[bootstrap] ${label} took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

try {
  time('pnpm', ensurePnpm);
  time('pnpm install', () => sh('pnpm', ['install', '--frozen-lockfile', '--prefer-offline']));
  time('build', () => sh('pnpm', ['run', 'build']));
  if (mode === 'start') {
    const server = join(ROOT, 'apps/server/dist/server.js');
    if (!existsSync(server)) throw new Error('the server build is missing');
    const r = spawnSync(process.execPath, [server], { cwd: join(ROOT, 'apps/server'), stdio: 'inherit' });
    process.exit(r.status ?? 1);
  } else if (mode === 'test') {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/run-tests.mjs')], { cwd: ROOT, stdio: 'inherit' });
    process.exit(r.status ?? 1);
  } else {
    throw new Error('usage: bootstrap.mjs start|test');
  }
} catch (err) {
  console.error(`[bootstrap] ${err.message}`);
  if (mode === 'test') console.log('0 passed, 1 failed');
  process.exit(1);
}
