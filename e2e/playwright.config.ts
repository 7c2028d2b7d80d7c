// Browser tests of the built wizard, served by the built server, in
// Debian's own chromium (no downloaded browser). The root test script
// builds web and server first; this config only starts the server.
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 8089);
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'tests',
  // e2e/real-mail has its own runner; never pick it up here.
  testMatch: '**/*.spec.ts',
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
