// Writes docs/phone-review.png and docs/phone-plan.png for the README: the
// wizard on a phone (390×844, issue 24) after an import whose transport map
// conflicts with the answers: Review with the conflict, inside the screen's
// width, and the Plan on its own tab. Uses the built server (pnpm run build
// first) on its own port and Debian's chromium.
// Run: pnpm --filter @lmtp-wizard/e2e screenshot:phone
import { readFileSync } from 'node:fs';
import { root, withWizardPage } from './wizard-page.ts';

const FIXTURE = 'packages/generator/test/fixtures/inspect-debian-13-single-conflict.txt';

await withWizardPage(Number(process.env.SCREENSHOT_PORT ?? 8099), { width: 390, height: 844 }, async (page) => {
  await page.getByRole('button', { name: 'Start from my current configuration', exact: true }).click();
  await page
    .getByRole('textbox', { name: 'Output of inspect.sh', exact: true })
    .fill(readFileSync(root(FIXTURE), 'utf8'));
  await page.getByRole('button', { name: 'Read configuration', exact: true }).click();
  await page.getByText(/^Read the configuration of /).waitFor();
  const stepper = page.getByRole('navigation', { name: 'Wizard steps' });
  await stepper.getByRole('button', { name: /^Routing/ }).click();
  await page.getByLabel('Transport map domains', { exact: true }).fill('example.org');
  await page.locator('.field-conflict').waitFor();
  await stepper.getByRole('button', { name: /^Review/ }).click();
  const conflicts = page.locator('#open-conflicts');
  await conflicts.waitFor();
  await conflicts.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.evaluate(() => window.scrollBy(0, -16));
  await page.screenshot({ path: root('docs/phone-review.png') });
  await page.getByRole('tab', { name: 'Plan', exact: true }).click();
  await page.getByRole('region', { name: 'Plan', exact: true }).locator('.plan-summary').waitFor();
  await page
    .getByRole('tablist', { name: 'Show', exact: true })
    .evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.evaluate(() => window.scrollBy(0, -8));
  await page.screenshot({ path: root('docs/phone-plan.png') });
});
console.log('wrote docs/phone-review.png and docs/phone-plan.png');
