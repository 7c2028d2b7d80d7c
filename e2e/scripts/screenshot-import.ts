// Writes docs/import.png for the README: "Start from my current
// configuration" after a captured inspect.sh output was read, with the Plan
// (conflicts first, then each file as a diff) beside the form. Uses the built
// server (pnpm run build first) on its own port and Debian's chromium.
// Run: pnpm --filter @lmtp-wizard/e2e screenshot:import
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const PORT = 8098;
const BASE = `http://127.0.0.1:${PORT}`;
const FIXTURE = 'packages/generator/test/fixtures/inspect/FIXTURE_NAME';
const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await fetch(`${BASE}/api/health`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server did not answer on ${BASE}`);
}

const server = spawn(process.execPath, [root('apps/server/dist/server.js')], {
  env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PUBLIC_URL: `${BASE}/` },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  await waitForHealth();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1100 } });
  await page.goto(BASE);
  await page.getByRole('button', { name: 'Start from my current configuration', exact: true }).click();
  await page.getByRole('textbox', { name: 'Output of inspect.sh', exact: true }).fill(readFileSync(root(FIXTURE), 'utf8'));
  await page.getByRole('button', { name: 'Read configuration', exact: true }).click();
  await page.getByText(/^Read the configuration of /).waitFor();
  // The form on a step with prefilled fields, the Plan at the top of the side column.
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /^Routing/ }).click();
  await page.getByRole('region', { name: 'Plan', exact: true }).waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: root('docs/import.png') });
  await browser.close();
  console.log('wrote docs/import.png');
} finally {
  server.kill('SIGTERM');
}
