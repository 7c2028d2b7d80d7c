// The preview from the first answer (issue 13, defects 4 and 5): placeholders
// for what is missing, long lines kept inside the block at both sizes, and
// the lines the last edit changed highlighted.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { shareLinkOf } from './share-helpers.ts';
import { chooseTopology, fillRemote, next, open, showPreview } from './wizard.ts';
import { SIZES } from './sizes.ts';

const status = (page: Page) => page.locator('aside .preview-status');
const file = (page: Page, host: string, path: string) =>
  page
    .locator('aside section.host')
    .filter({ has: page.locator('h3 code', { hasText: `${host}/` }) })
    .locator('details.file')
    .filter({ has: page.locator('.file-path', { hasText: new RegExp(`^${path.replace(/\./g, '\\.')}$`) }) });
async function openFile(page: Page, host: string, path: string) {
  const f = file(page, host, path);
  if (!(await f.evaluate((d) => (d as HTMLDetailsElement).open))) await f.locator('summary').click();
  return f.locator('pre');
}

test('the preview shows from the first answer, with placeholders for what is missing', async ({ page }) => {
  await open(page);
  await page.getByRole('radio', { name: 'Remote store (TCP + SASL)', exact: true }).check();
  // Nothing typed yet: the files are there, with placeholders.
  await expect(status(page)).toContainText(
    'Placeholders (<Postfix host>, <store host>) stand for answers not given yet',
  );
  await expect(status(page)).not.toContainText('Fill in the required answers');
  const mainCf = await openFile(page, 'postfix-host', 'files/etc/postfix/main.cf.fragment');
  await expect(mainCf).toContainText('mailbox_transport = cyrus:inet:<store host>:2003');
  // The password is masked, the stand-in never shows.
  await expect(page.locator('aside')).not.toContainText('stand-in');
  await next(page, 'Connection');
  await page.getByLabel('Cyrus store host', { exact: true }).fill('store.example.org');
  await expect(mainCf).toContainText('mailbox_transport = cyrus:inet:store.example.org:2003');
  await expect(status(page)).toContainText('Placeholders (<Postfix host>)');
});

test('a cross-field error keeps the preview and says what is wrong, not "fill in"', async ({ page }) => {
  await open(page);
  await chooseTopology(page, 'single-host');
  // The route is cut before any valid answers existed: the preview shows what parsed.
  await page
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: /Routing/ })
    .click();
  await page.getByLabel('Deliver local recipients to Cyrus').uncheck();
  await page
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: /Connection/ })
    .click();
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await expect(status(page)).toContainText('1 answer needs fixing before the download');
  await expect(status(page)).not.toContainText('Fill in the required answers');
  await expect(file(page, 'mail-host', 'files/etc/postfix/main.cf.fragment')).toBeVisible();
});

test('a colleague opening a remote share link, without the password, sees the preview', async ({ page, browser }) => {
  await open(page);
  await chooseTopology(page, 'remote');
  await fillRemote(page, { mailHost: 'mail.example.org', storeHost: 'store.example.org', password: 'Zq7colleaguePW' });
  const link = await shareLinkOf(page).inputValue();
  const colleague = await browser.newPage();
  await colleague.goto(link);
  const mainCf = await openFile(colleague, 'postfix-host', 'files/etc/postfix/main.cf.fragment');
  await expect(mainCf).toContainText('mailbox_transport = cyrus:inet:store.example.org:2003');
  await expect(colleague.locator('aside')).not.toContainText('Zq7colleaguePW');
  await expect(colleague.locator('aside .preview-status')).toContainText('1 answer needs fixing');
  await colleague.close();
});

test('the lines an edit changed are highlighted', async ({ page }) => {
  await open(page);
  await chooseTopology(page, 'remote');
  await fillRemote(page, { mailHost: 'mail.example.org', storeHost: 'store.example.org', password: 'secret' });
  const mainCf = await openFile(page, 'postfix-host', 'files/etc/postfix/main.cf.fragment');
  await page
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: /Connection/ })
    .click();
  await page.getByLabel('LMTP port', { exact: true }).fill('2004');
  const marks = mainCf.locator('mark.line-changed');
  await expect(marks).toHaveCount(1);
  await expect(marks).toHaveText('mailbox_transport = cyrus:inet:store.example.org:2004');
  await expect(file(page, 'postfix-host', 'files/etc/postfix/main.cf.fragment').locator('.file-changes')).toHaveText(
    'Highlighted: the line your last edit changed.',
  );
});

for (const size of SIZES) {
  test(`long preview lines stay inside their block at ${size.width}×${size.height}`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await open(page);
    await chooseTopology(page, 'remote');
    await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
    await page.getByLabel('Cyrus store host', { exact: true }).fill('store.example.org');
    await page
      .getByLabel('Addresses allowed to connect', { exact: true })
      .fill(Array.from({ length: 12 }, (_, i) => `2001:db8:${i}:ffff:ffff:ffff:ffff:${i + 1}`).join('\n'));
    await showPreview(page);
    const pre = await openFile(page, 'cyrus-host', 'files/etc/hosts.allow.fragment');
    await expect(pre).toContainText('[2001:db8:11:ffff:ffff:ffff:ffff:12]');
    const box = await pre.evaluate((el) => {
      const aside = el.closest('aside') as HTMLElement;
      return {
        scroll: el.scrollWidth,
        client: el.clientWidth,
        right: el.getBoundingClientRect().right,
        asideRight: aside.getBoundingClientRect().right,
      };
    });
    // Every character can be seen without scrolling sideways, and the block stays in the panel.
    expect(box.scroll).toBeLessThanOrEqual(box.client + 1);
    expect(box.right).toBeLessThanOrEqual(box.asideRight);
  });
}

test('fast typing keeps every keystroke (issue 25)', async ({ page }) => {
  await open(page);
  await chooseTopology(page, 'remote');
  const store = page.getByLabel('Cyrus store host', { exact: true });
  const mainCf = await openFile(page, 'postfix-host', 'files/etc/postfix/main.cf.fragment');
  // A slow CPU and keys 10 ms apart: the answers update in transitions, and
  // React renders some of them for an earlier keystroke after a later one is
  // already in the field; that older value must not replace the newer one.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
  await store.pressSequentially('store.example.org', { delay: 10 });
  await store.press('Backspace');
  await store.press('Backspace');
  await store.press('Backspace');
  await store.pressSequentially('net', { delay: 10 });
  await expect(store).toHaveValue('store.example.net');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await expect(mainCf).toContainText('mailbox_transport = cyrus:inet:store.example.net:2003');
  // Emptied, the field's answer is gone again: the placeholder is back.
  await store.fill('');
  await expect(mainCf).toContainText('mailbox_transport = cyrus:inet:<store host>:2003');
  await expect(store).toHaveValue('');
});
