import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { chooseTopology, fillRemote, next, open, openPreviewFiles } from './wizard.ts';

/** Runs every axe rule (WCAG A/AA and best practices: landmarks, heading order). */
async function expectNoViolations(page: Page, where: string): Promise<void> {
  // Open every preview file so their contents are scanned too.
  await openPreviewFiles(page);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations on ${where}`).toEqual([]);
}

test('axe finds nothing on any step of the remote wizard', async ({ page }) => {
  // Seven full axe scans with every preview file open: about 27 s alone on a
  // 2-core machine, more beside a second worker; 30 s was too tight. Since
  // the preview shows from the first answer, the early scans have files open
  // too: 90 s ran out at a load average of 10 (other suites on the cores).
  // 116 s at a load average of 5 to 15. Only a hang guard: ten times that.
  test.setTimeout(1_200_000);
  await open(page);
  await expectNoViolations(page, 'Topology (nothing chosen)');
  await chooseTopology(page, 'remote');
  await expectNoViolations(page, 'Connection (empty)');

  // Errors shown: aria-invalid and aria-describedby must hold up too.
  await page.getByLabel('LMTP port', { exact: true }).fill('abc');
  await page.getByRole('button', { name: 'Next: Credentials' }).click();
  await expectNoViolations(page, 'Connection (with errors)');

  await page.getByLabel('LMTP port', { exact: true }).fill('2003');
  await fillRemote(page, { mailHost: 'mail.example.org', storeHost: 'store.example.org', password: 'secret' });
  await page.getByLabel('Virtual domains').fill('example.net');
  await expectNoViolations(page, 'Routing (with a warning)');
  await page.getByRole('button', { name: 'Back: Credentials' }).click();
  await expectNoViolations(page, 'Credentials');
  await next(page, 'Routing');
  await next(page, 'Limits & options');
  await expectNoViolations(page, 'Limits & options');
  await next(page, 'Review & download');
  await expect(page.getByRole('status')).toHaveText('The server accepted these answers.');
  await expectNoViolations(page, 'Review & download');
});

test('axe finds nothing on the single-host steps, nor on a review with problems', async ({ page }) => {
  // The preview now shows from the first answer, so every scan has its files
  // open too: 34 s beside a second suite on 2 cores, 44 s at a load average
  // of 5 to 15. Only a hang guard: ten times that.
  test.setTimeout(450_000);
  await open(page);
  await chooseTopology(page, 'single-host');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await expectNoViolations(page, 'Connection (single host)');
  await next(page, 'Routing');
  await page.getByLabel('Deliver local recipients to Cyrus').uncheck();
  await expectNoViolations(page, 'Routing (no route chosen)');
  await page
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: /Review/ })
    .click();
  await expect(page.getByText('1 problem blocks the download')).toBeVisible();
  await expectNoViolations(page, 'Review (blocked)');
});
