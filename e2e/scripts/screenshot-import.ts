// Writes two pictures for the README from a captured inspect.sh output (the
// generator's Debian 13 fixture): docs/import.png, the panel of "Start from
// my current configuration" with the output pasted, and docs/import-plan.png,
// a conflict on its field beside the Plan (conflicts first, then each file as
// a diff). Uses the built
// server (pnpm run build first) on its own port and Debian's chromium.
// Run: pnpm --filter @lmtp-wizard/e2e screenshot:import
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const PORT = 8098;
const BASE = `http://127.0.0.1:${PORT}`;
const FIXTURE = 'packages/generator/test/fixtures/inspect-debian-13-remote.txt';
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
  await page.locator('section.import').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: root('docs/import.png') });
  await page.getByRole('button', { name: 'Read configuration', exact: true }).click();
  await page.getByText(/^Read the configuration of /).waitFor();
  const stepper = page.getByRole('navigation', { name: 'Wizard steps' });
  // The one answer no server says: where the store is.
  await stepper.getByRole('button', { name: /^Connection/ }).click();
  await page.getByLabel('Cyrus store host', { exact: true }).fill('store.test');
  // An answer these servers conflict with (their main.cf has default_transport = discard), on its field.
  await stepper.getByRole('button', { name: /^Routing/ }).click();
  await page.getByLabel('Send all other mail to Cyrus (default transport)', { exact: true }).check();
  await page.locator('.field-conflict').waitFor();
  await page.getByRole('region', { name: 'Plan', exact: true }).locator('details.diff').first().waitFor();
  // The field and its conflict in the form; the Plan stays at the top of the side column.
  await page.locator('.field-conflict').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: root('docs/import-plan.png') });
  await browser.close();
  console.log('wrote docs/import.png and docs/import-plan.png');
} finally {
  server.kill('SIGTERM');
}
