// Links from elsewhere: old, broken and tampered ones each get a clear
// message, never a blank page. Plus the tools around sharing: generating a
// password and copying previewed files.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { shareLinkOf } from './share-helpers.ts';
import { chooseTopology, next, open, openPreviewFiles } from './wizard.ts';

const fragmentOf = (payload: unknown) => `#share=${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;

async function expectNoViolations(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    where,
  ).toEqual([]);
}

test('a broken link gives a friendly message and an empty wizard, never a blank page', async ({ page }) => {
  await page.goto('/#share=eyJ2IjoxLCJhIjp7InRvcG9sb2d5Ijoi');
  await expect(page.getByText('This link could not be opened.')).toBeVisible();
  await expect(page.getByText('Part of it is missing or was changed')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Topology' })).toBeVisible();
  await expectNoViolations(page, 'broken link notice');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByText('This link could not be opened.')).toHaveCount(0);

  // Pasted into the same tab: the fragment changes, the page does not reload.
  await page.goto(`/${fragmentOf({ v: 7, a: {} })}`);
  await expect(page.getByText('made by a newer version of the wizard')).toBeVisible();
});

test('a link from an older version is migrated; tampered values are marked on their fields', async ({ page }) => {
  // v0 called the store tcp.host and virtdomains a boolean.
  await page.goto(
    `/${fragmentOf({ v: 0, s: 'connection', a: { topology: 'remote', mailHost: 'mail.example.org', tcp: { host: 'store.example.org' }, cyrus: { virtdomains: true } } })}`,
  );
  await expect(page.getByText('made by an earlier version of the wizard')).toBeVisible();
  await expect(page.getByLabel('Cyrus store host', { exact: true })).toHaveValue('store.example.org');
  await expect.poll(() => page.url()).toContain('#share=');
  // The address bar now holds a current link for the same setup.
  const current = Buffer.from(new URL(page.url()).hash.slice(7), 'base64url').toString();
  expect(current).toContain('"v":5');
  // Links before v2 were made for Debian 12: the release is kept, and the new link names it.
  expect(current).toContain('"target":"debian-12"');
  // Links before v3 were made without a recipient check ("any", then the default): kept, and named.
  expect(current).toContain('"localRecipientCheck":"any"');
  // Remote links before v4 made a plain-text hop: TLS off is kept, named, and its warning is on the TLS field.
  expect(current).toContain('"tls":{"mode":"off"}');
  // Links before v5 were made when the concurrency default was 100: it is kept, and named.
  expect(current).toContain('"limits":{"concurrency":100}');
  await page
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: /^Credentials/ })
    .click();
  const tls = page.getByLabel('TLS on the LMTP hop', { exact: true });
  await expect(tls).toHaveValue('off');
  // A link never carries the password; once it is typed again, the answers are whole and the warning shows.
  await page.getByLabel('SASL password', { exact: true }).fill('typed-again');
  await expect(tls).toHaveAccessibleDescription(/TLS off: every message crosses the network/);
  await page
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: /^Topology/ })
    .click();
  await expect(page.getByLabel('Debian release', { exact: true })).toHaveValue('debian-12');

  const tampered = {
    v: 1,
    s: 'connection',
    a: {
      topology: 'remote',
      mailHost: 'mail.example.org',
      tcp: { storeHost: 'store.example.org', port: 99999 },
      sasl: { password: 'planted' },
    },
  };
  await page.goto(`/${fragmentOf(tampered)}`);
  await expect(page.getByText('1 answer in the link is not valid')).toBeVisible();
  const port = page.getByLabel('LMTP port', { exact: true });
  await expect(port).toHaveValue('99999');
  await expect(port).toHaveAttribute('aria-invalid', 'true');
  await expectNoViolations(page, 'restored link with errors');
  // A password planted in a link is never used.
  await page
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: /^Credentials/ })
    .click();
  await expect(page.getByLabel('SASL password', { exact: true })).toHaveValue('');
  const payload = Buffer.from(new URL(await shareLinkOf(page).inputValue()).hash.slice(7), 'base64url').toString();
  expect(payload).toContain('99999');
  expect(payload).not.toContain('planted');
});

test('Generate password fills a strong password of letters and digits the schema accepts', async ({ page }) => {
  await open(page);
  await chooseTopology(page, 'remote');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await page.getByLabel('Cyrus store host', { exact: true }).fill('store.example.org');
  await next(page, 'Credentials');
  const password = page.getByLabel('SASL password', { exact: true });
  await page.getByRole('button', { name: 'Generate password', exact: true }).click();
  // issue 24: typeable by hand (saslpasswd2), and stronger than 32 printable characters by more characters
  await expect(page.getByText('A new 36-character password of letters and digits is set')).toBeVisible();
  await expect(password).toHaveAttribute('type', 'password');
  await page.getByLabel('Show password', { exact: true }).check();
  await expect(password).toHaveAttribute('type', 'text');
  const first = await password.inputValue();
  expect(first).toMatch(/^[A-Za-z0-9]{36}$/);
  for (const re of [/[a-z]/, /[A-Z]/, /[0-9]/]) expect(first).toMatch(re);
  await page.getByRole('button', { name: 'Generate password', exact: true }).click();
  await expect(password).not.toHaveValue(first);
  await expect(password).not.toHaveAttribute('aria-invalid', 'true');
  await next(page, 'Routing');
});

test('every previewed file has a copy button that copies it and says so', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page);
  await chooseTopology(page, 'single-host');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await openPreviewFiles(page);
  const aside = page.getByRole('complementary');
  const files = aside.locator('details.file');
  await expect(files.getByRole('button', { name: /^Copy / })).toHaveCount(await files.count());

  const mainCf = files.filter({ hasText: 'files/etc/postfix/main.cf.fragment' });
  await mainCf.getByRole('button', { name: 'Copy files/etc/postfix/main.cf.fragment', exact: true }).click();
  await expect(mainCf.getByText('Copied to the clipboard.')).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await mainCf.locator('pre').innerText());
  expect(copied).toContain('mailbox_transport');
  // share.txt is previewed too, the link on its own line.
  await expect(aside.getByLabel('Contents of share.txt', { exact: true })).toContainText('#share=');
});
