#!/usr/bin/env node
// Runs every suite and prints one summary; the last line is
// "N passed, N failed", which CI reads. A suite that crashes before writing
// its report counts as one failure, never as zero tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from './debian-packages.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, '.artifacts');
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } }).status;

const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);

/** Each command is one test: it passes when it exits 0. */
function commandChecks(checks) {
  const results = checks.map(([name, cmd, args]) => {
    console.log(`--- ${name}`);
    return run(cmd, args) === 0;
  });
  return { passed: results.filter(Boolean).length, failed: results.filter((ok) => !ok).length };
}

let staticCounts = null;

const SUITES = [
  {
    name: 'static checks (tsc, initial-JS budget)',
    run: () => {
      staticCounts = commandChecks([
        ['typecheck (tsc --noEmit, strict)', 'pnpm', ['exec', 'tsc', '-p', '.', '--noEmit']],
        ['initial JS <= 100 kB gzipped', 'node', ['scripts/initial-js.mjs', '--budget-kb', '100']],
      ]);
      return staticCounts.failed === 0 ? 0 : 1;
    },
    count: () => staticCounts,
  },
  {
    name: 'unit and API (vitest)',
    run: () => run('pnpm', ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${OUT}/vitest.json`]),
    count: () => {
      const r = readJson(join(OUT, 'vitest.json'));
      return r && { passed: r.numPassedTests, failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0) };
    },
  },
  {
    name: 'browser (playwright, Debian chromium)',
    before: () => ensureDebianPackages(['chromium'], '/usr/bin/chromium'),
    run: () => run('pnpm', ['--filter', '@lmtp-wizard/e2e', 'exec', 'playwright', 'test'], { PW_JSON: join(OUT, 'playwright.json') }),
    count: () => {
      const r = readJson(join(OUT, 'playwright.json'));
      return r && { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected };
    },
  },
  {
    name: 'load check (5 s, 64 connections)',
    run: () => run('pnpm', ['--filter', '@lmtp-wizard/server', 'run', 'load:check'], { LOAD_JSON: join(OUT, 'load.json') }),
    count: () => readJson(join(OUT, 'load.json')),
  },
  {
    name: 'real mail (Debian 13 + 12 containers)',
    // the harness's own tools: root filesystems, systemd-nspawn, namespaces;
    // the mail packages themselves go only into the root filesystems
    before: () => ensureDebianPackages(['mmdebstrap', 'systemd-container', 'iproute2'], ['/usr/bin/mmdebstrap', '/usr/bin/systemd-nspawn', '/usr/bin/nsenter', '/sbin/ip']),
    run: () => run('pnpm', ['--filter', '@lmtp-wizard/e2e', 'run', 'real-mail'], { REAL_MAIL_JSON: join(OUT, 'real-mail.json') }),
    count: () => readJson(join(OUT, 'real-mail.json')),
  },
];

const results = [];
for (const suite of SUITES) {
  const t0 = Date.now();
  console.log(`\n=== ${suite.name} ===`);
  let status;
  try {
    suite.before?.();
    status = suite.run();
  } catch (err) {
    console.error(`${suite.name}: ${err.message}`);
    status = 1;
  }
  let counts = null;
  try {
    counts = suite.count();
  } catch (err) {
    console.error(`${suite.name}: unreadable report: ${err.message}`);
  }
  if (!counts) counts = { passed: 0, failed: 1 };
  if (status !== 0 && counts.failed === 0) counts.failed = 1; // crashed after writing a clean report
  results.push({ name: suite.name, ...counts, seconds: (Date.now() - t0) / 1000 });
}

console.log('\n=== summary ===');
for (const r of results) {
  console.log(`${r.name.padEnd(42)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(3)} failed ${r.seconds.toFixed(1).padStart(7)} s`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
