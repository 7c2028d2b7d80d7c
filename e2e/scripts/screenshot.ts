// Writes docs/screenshot.png for the README: the remote wizard on its
// Routing step, the topology picture (store host:port, SASL user, TLS pin)
// at the top of the live preview column, the host folders below, at a desktop width. Uses
// the built server (pnpm run build first) on its own port (SCREENSHOT_PORT,
// 8097 by default) and Debian's chromium. Run: pnpm --filter @lmtp-wizard/e2e screenshot
import { root, withWizardPage } from './wizard-page.ts';

await withWizardPage(Number(process.env.SCREENSHOT_PORT ?? 8097), { width: 1600, height: 1000 }, async (page) => {
  await page.getByRole('radio', { name: 'Remote store (TCP + SASL)', exact: true }).check();
  await page.getByRole('button', { name: 'Next: Connection' }).click();
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await page.getByLabel('Cyrus store host', { exact: true }).fill('store.example.org');
  await page.getByLabel('Addresses allowed to connect', { exact: true }).fill('192.0.2.25');
  await page.getByRole('button', { name: 'Next: Credentials' }).click();
  await page.getByRole('button', { name: 'Generate password' }).click();
  await page.getByRole('button', { name: 'Next: Routing' }).click();
  await page.getByLabel('Virtual domains', { exact: true }).fill('example.net\nexample.com');
  // The picture at the top of the preview column.
  const picture = page.locator('aside .topology');
  await picture.getByText('store.example.org:2003', { exact: true }).waitFor();
  await picture.evaluate((el) => {
    const aside = el.closest('aside');
    if (aside) aside.scrollTop += el.getBoundingClientRect().top - aside.getBoundingClientRect().top - 16;
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: root('docs/screenshot.png') });
});
console.log('wrote docs/screenshot.png');
