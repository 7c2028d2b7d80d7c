#!/usr/bin/env node
// Runs every suite and prints one summary; the last line is
// "N passed, N failed", which CI reads. A suite that crashes before writing
// its report counts as one failure, never as zero tests.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from './debian-packages.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, '.artifacts');
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

// Asynchronous, so that the background suite's output keeps flowing (a
// spawnSync would block the event loop, fill its pipe and stall it).
const run = (cmd, args, env = {}) =>
  new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', () => resolve(1));
    child.on('close', (code) => resolve(code ?? 1));
  });

/** CMD... run in a new network namespace with loopback up, when this is root and unshare(1) is there; else as it is. */
function ownNetwork([cmd, ...args]) {
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/unshare') || !existsSync('/usr/sbin/ip')) return [cmd, args];
  return ['unshare', ['--net', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', cmd, ...args]];
}

const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);

/** Each command is one test: it passes when it exits 0. */
async function commandChecks(checks) {
  const results = [];
  for (const [name, cmd, args] of checks) {
    console.log(`--- ${name}`);
    results.push((await run(cmd, args)) === 0);
  }
  return { passed: results.filter(Boolean).length, failed: results.filter((ok) => !ok).length };
}

let staticCounts = null;

const SUITES = [
  {
    name: 'static checks (tsc, initial-JS budget, compile hints, lint)',
    // packages/generator/test/shell.test.ts (vitest) runs them over every shipped script, and fails without them
    before: () => ensureDebianPackages(['shellcheck', 'dash'], ['/usr/bin/shellcheck', '/usr/bin/dash']),
    run: async () => {
      staticCounts = await commandChecks([
        ['typecheck (tsc --noEmit, strict)', 'pnpm', ['exec', 'tsc', '-p', '.', '--noEmit']],
        ['initial JS <= 80 kB gzipped', 'node', ['scripts/initial-js.mjs', '--budget-kb', '80']],
        ['compile hints open the first-load chunks and the engine', 'node', ['scripts/compile-hints.mjs']],
        ['format and lint (pnpm lint: biome check, biome.jsonc)', 'pnpm', ['lint']],
      ]);
      return staticCounts.failed === 0 ? 0 : 1;
    },
    count: () => staticCounts,
  },
  {
    name: 'unit and API (vitest)',
    // CI's property-test count (scripts/test-limits.ts): the default's 10,000
    // cases for the generator's main property test, whose 100 s (at a load
    // average of 3 to 6) keep the vitest suite near 4 minutes, inside the
    // real-mail suite's 20 that run beside it, so npm test stays in its budget.
    run: () =>
      run(
        'pnpm',
        ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${OUT}/vitest.json`],
        {
          PROPERTY_RUNS: process.env.PROPERTY_RUNS ?? '10000',
        },
      ),
    count: () => {
      const r = readJson(join(OUT, 'vitest.json'));
      return r && { passed: r.numPassedTests, failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0) };
    },
  },
  {
    name: 'browser (playwright, Debian chromium)',
    before: async () => {
      await ensureDebianPackages(['chromium'], '/usr/bin/chromium');
      await ensureDebianPackages(['iproute2'], '/usr/sbin/ip');
    },
    // In a network namespace of its own, with only loopback (as root, which
    // the real-mail suite needs anyway): the real-mail suite beside it makes
    // and removes bridges and veth pairs in the machine's namespace, and
    // Chromium then aborts every request in flight with ERR_NETWORK_CHANGED,
    // a lazy chunk among them. Browser, server and tests talk over 127.0.0.1.
    run: () =>
      run(...ownNetwork(['pnpm', '--filter', '@lmtp-wizard/e2e', 'exec', 'playwright', 'test']), {
        PW_JSON: join(OUT, 'playwright.json'),
      }),
    count: () => {
      const r = readJson(join(OUT, 'playwright.json'));
      return r && { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected };
    },
  },
  {
    name: 'load check (5 s, 64 connections)',
    run: () =>
      run('pnpm', ['--filter', '@lmtp-wizard/server', 'run', 'load:check'], { LOAD_JSON: join(OUT, 'load.json') }),
    count: () => readJson(join(OUT, 'load.json')),
  },
  {
    name: 'real mail (Debian 13 + 12 containers)',
    // It mostly waits on daemons in its containers, and it is the longest
    // suite, so it starts first and runs beside the others; its lines are
    // prefixed. The bootstrap has just built the server it fetches bundles
    // from, so it does not rebuild it under the browser tests' feet.
    background: true,
    // the harness's own tools: root filesystems, systemd-nspawn, namespaces;
    // the mail packages themselves go only into the root filesystems
    before: () =>
      ensureDebianPackages(
        ['mmdebstrap', 'systemd-container', 'iproute2'],
        ['/usr/bin/mmdebstrap', '/usr/bin/systemd-nspawn', '/usr/bin/nsenter', '/sbin/ip'],
      ),
    run: () =>
      runPrefixed('real-mail', 'pnpm', ['--filter', '@lmtp-wizard/e2e', 'run', 'real-mail'], {
        REAL_MAIL_JSON: join(OUT, 'real-mail.json'),
        REAL_MAIL_PREBUILT: '1',
      }),
    count: () => readJson(join(OUT, 'real-mail.json')),
  },
];

/** Runs a command beside the others; resolves to its exit status. Each line of its output is prefixed. */
function runPrefixed(tag, cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => console.log(`[${tag}] ${line}`));
    }
    child.on('error', (err) => {
      console.error(`[${tag}] ${err.message}`);
      resolve(1);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

// Every suite's Debian packages first: apt runs synchronously, and it must
// not hold up the background suite's output once that has started.
const unprepared = new Map();
for (const suite of SUITES) {
  try {
    suite.before?.();
  } catch (err) {
    unprepared.set(suite, err.message);
  }
}

/** Runs one suite: its exit status and how long it took. */
async function runSuite(suite) {
  const started = Date.now();
  console.log(`\n=== ${suite.name}${suite.background ? ' (in the background)' : ''} ===`);
  let status;
  try {
    if (unprepared.has(suite)) throw new Error(unprepared.get(suite));
    status = await suite.run();
  } catch (err) {
    console.error(`${suite.name}: ${err.message}`);
    status = 1;
  }
  if (suite.background) console.log(`\n=== ${suite.name}: done ===`);
  return { status, seconds: (Date.now() - started) / 1000 };
}

const background = new Map(SUITES.filter((x) => x.background).map((x) => [x, runSuite(x)]));
const results = [];
for (const suite of SUITES) {
  const { status, seconds } = await (background.get(suite) ?? runSuite(suite));
  let counts = null;
  try {
    counts = suite.count();
  } catch (err) {
    console.error(`${suite.name}: unreadable report: ${err.message}`);
  }
  if (!counts) counts = { passed: 0, failed: 1 };
  if (status !== 0 && counts.failed === 0) counts.failed = 1; // crashed after writing a clean report
  results.push({ name: suite.name, ...counts, seconds });
}

console.log('\n=== summary ===');
for (const r of results) {
  console.log(
    `${r.name.padEnd(42)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(3)} failed ${r.seconds.toFixed(1).padStart(7)} s`,
  );
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
