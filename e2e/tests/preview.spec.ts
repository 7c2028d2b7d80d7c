import { expect, test } from './fixtures.ts';
import { chooseTopology, fillRemote, open, openPreviewFiles } from './wizard.ts';

test('the preview follows each keystroke and keeps the last valid files while a value is wrong', async ({ page }) => {
  await open(page);
  await chooseTopology(page, 'remote');
  const aside = page.getByRole('complementary');
  // From the first answer: the files, with placeholders for what is missing.
  await expect(aside).toContainText('Placeholders (<Postfix host>, <store host>)');
  await fillRemote(page, { mailHost: 'mail.example.org', storeHost: 'store.example.org', password: 'Canary-9!' });

  // Grouped by host, every file with its explanation and guide reference, and the steps.
  await expect(aside.getByRole('heading', { level: 3, name: /^postfix-host\// })).toBeVisible();
  await expect(aside.getByRole('heading', { level: 3, name: /^cyrus-host\// })).toBeVisible();
  const files = aside.locator('details.file');
  const count = await files.count();
  expect(count).toBeGreaterThan(5);
  await expect(aside.locator('.guide-ref')).not.toHaveCount(0);
  await expect(aside.getByRole('heading', { level: 4, name: 'Steps apply.sh takes' })).toHaveCount(2);

  await openPreviewFiles(page);
  const mainCf = aside.getByLabel(/^Contents of files\/etc\/postfix\/main\.cf/);
  await page
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: /Connection/ })
    .click();
  const port = page.getByLabel('LMTP port', { exact: true });
  await port.fill('2525');
  await expect(mainCf).toContainText('2525');

  await port.fill('25x');
  await expect(aside).toContainText('Showing the last valid answers');
  await expect(mainCf).toContainText('2525');
  await port.fill('2526');
  await expect(aside).not.toContainText('Showing the last valid answers');
  await expect(mainCf).toContainText('2526');

  // The password is masked in the preview.
  // Closed files render only their summary; open ones stay open across updates.
  await expect(aside.locator('details.file pre')).toHaveCount(count);
  await expect(aside.getByLabel('Contents of files/etc/postfix/cyrus_sasl_passwd', { exact: true })).toContainText(
    '********',
  );
  expect(await aside.innerText()).not.toContain('Canary-9!');
});
