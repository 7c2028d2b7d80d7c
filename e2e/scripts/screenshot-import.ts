// Writes two pictures for the README from a captured inspect.sh output (the
// generator's Debian 13 fixture): docs/import.png, the panel of "Start from
// my current configuration" with the output pasted, and docs/import-plan.png,
// a conflict on its field beside the Plan (conflicts first, then each file as
// a diff). Uses the built
// server (pnpm run build first) on its own port and Debian's chromium.
// Run: pnpm --filter @lmtp-wizard/e2e screenshot:import
import { readFileSync } from 'node:fs';
import { root, withWizardPage } from './wizard-page.ts';

const FIXTURE = 'packages/generator/test/fixtures/inspect-debian-13-remote.txt';

await withWizardPage(8098, { width: 1600, height: 1100 }, async (page) => {
  await page.getByRole('button', { name: 'Start from my current configuration', exact: true }).click();
  await page
    .getByRole('textbox', { name: 'Output of inspect.sh', exact: true })
    .fill(readFileSync(root(FIXTURE), 'utf8'));
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
});
console.log('wrote docs/import.png and docs/import-plan.png');
