// Writes docs/topology-two-mx.png and docs/topology-murder.png for the
// README's "When one store is not enough": the topology picture alone, as the
// preview draws it, for two MX hosts into one store and for a Cyrus Murder.
// Uses the built server (pnpm run build first) on its own port
// (SCREENSHOT_PORT, 8097 by default) and Debian's chromium.
// Run: pnpm --filter @lmtp-wizard/e2e screenshot:topologies
import type { Page } from '@playwright/test';
import { root, withWizardPage } from './wizard-page.ts';

const PORT = Number(process.env.SCREENSHOT_PORT ?? 8097);
const VIEWPORT = { width: 1600, height: 1400 };

async function next(page: Page, step: string): Promise<void> {
  await page.getByRole('button', { name: `Next: ${step}` }).click();
}

async function shoot(page: Page, waitFor: string, file: string): Promise<void> {
  const picture = page.locator('aside .topology');
  await picture.getByText(waitFor, { exact: true }).first().waitFor();
  await picture.screenshot({ path: root(file) });
  console.log(`wrote ${file}`);
}

await withWizardPage(PORT, VIEWPORT, async (page) => {
  await page.getByRole('radio', { name: 'Remote store (TCP + SASL)', exact: true }).check();
  await next(page, 'Connection');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mx1.example.org');
  await page.getByLabel('Cyrus store host', { exact: true }).fill('store.example.org');
  await next(page, 'Credentials');
  await page.getByRole('button', { name: 'Generate password', exact: true }).first().click();
  await page.getByRole('button', { name: 'Add an MX host', exact: true }).click();
  await page.getByLabel('MX host 2: host name', { exact: true }).fill('mx2.example.org');
  await page.getByLabel('MX host 2: SASL user name', { exact: true }).fill('postman2');
  await page.getByLabel('MX host 2: SASL password', { exact: true }).fill('Mx2-password-for-the-picture');
  await page.getByLabel('MX host 2: parallel deliveries', { exact: true }).fill('20');
  // both MX hosts' limits within lmtpd's maxchild, or the picture keeps its last valid state
  await next(page, 'Routing');
  await next(page, 'Limits & options');
  await page.getByLabel('Parallel deliveries', { exact: true }).fill('20');
  await shoot(page, 'mx2.example.org', 'docs/topology-two-mx.png');
});

await withWizardPage(PORT, VIEWPORT, async (page) => {
  await page.getByRole('radio', { name: /Cyrus Murder/ }).check();
  await next(page, 'Connection');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mx.example.org');
  await page.getByLabel('mupdate master host', { exact: true }).fill('mupdate.example.org');
  await page.getByLabel('Frontend hosts', { exact: true }).fill('fe1.example.org');
  await page.getByLabel('Backend hosts', { exact: true }).fill('be1.example.org\nbe2.example.org');
  await shoot(page, 'be2.example.org', 'docs/topology-murder.png');
});
