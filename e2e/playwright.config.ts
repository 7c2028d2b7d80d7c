// Browser tests of the built wizard, served by the built server, in
// Debian's own chromium (no downloaded browser). The root test script
// builds web and server first; this config only starts the server.
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// A port of this checkout's own (E2E_PORT overrides): two clones' suites on
// one machine must never share a server, or one's pages would load the
// other's build and fail on chunk names it does not have. The workers load
// this file again and inherit E2E_PORT, so they agree with the runner.
const ownPort = () =>
  20_000 +
  (createHash('sha256')
    .update(realpathSync(import.meta.dirname))
    .digest()
    .readUInt16BE(0) %
    20_000);
process.env.E2E_PORT ??= String(ownPort());
const PORT = Number(process.env.E2E_PORT);
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'tests',
  // e2e/real-mail has its own runner; never pick it up here.
  // long-tasks.bench.ts is a measurement (issue 25), run by pnpm bench:long-tasks: it prints task
  // lengths at 4x CPU slowdown, which a shared 2-core machine cannot judge as pass or fail.
  testMatch: process.env.LWZ_BENCH_LONG_TASKS === '1' ? '**/long-tasks.bench.ts' : '**/*.spec.ts',
  // Limits only stop a hang (docs/PROOFS.md): ten times the usual time here.
  // A test without its own limit took at most 14 s in a run at a load average
  // of 5 to 15 on 2 cores (the topology picture's axe scan, the share link);
  // the axe and import specs set their own. An assertion's wait: the longest
  // auto-retried one is a preview or a download after a heavy step, a second
  // or two at that load.
  timeout: 150_000,
  expect: { timeout: 20_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // scripts/run-tests.mjs reads the JSON report (PW_JSON) to count results.
  reporter: [['list'], ['json', { outputFile: process.env.PW_JSON ?? 'test-results/results.json' }]],
  outputDir: 'test-results/artifacts',
  use: {
    baseURL: BASE_URL,
    acceptDownloads: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'node ../apps/server/dist/server.js',
    url: `${BASE_URL}/api/health`,
    // share.txt links point back at this server, so a test can open them.
    env: { PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PUBLIC_URL: `${BASE_URL}/` },
    reuseExistingServer: false,
    // the built server answered /api/health 1.4 to 1.8 s after its start at a
    // load average of 6 to 8; ten times that, with room for more load
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
