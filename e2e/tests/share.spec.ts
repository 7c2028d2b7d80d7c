// Share links end to end: a remote setup with a password, its link opened in
// a fresh browser context. The password must be in no request URL of either
// page, in no request of the second page and never in the link; only the
// POST bodies of /api/validate and /api/bundle of the first page carry it.
import { expect, reportViolations, test, watchPage } from './fixtures.ts';
import { formValues, linkPayload, recordRequests, shareLinkOf, type SeenRequest } from './share-helpers.ts';
import { chooseTopology, download, fillRemote, next, open, TOPOLOGY } from './wizard.ts';

// The letters-only canary survives any quoting or escaping; the rest are
// characters base64url cannot produce, so the raw password cannot appear in
// a link by chance.
const CANARY = 'Zq7LEAKCANARY';
const PASSWORD = `${CANARY}!:$"#x`;
const leaks = (text: string) => text.includes(CANARY) || text.includes(encodeURIComponent(PASSWORD));
const isApiPost = (r: SeenRequest) => r.method === 'POST' && /\/api\/(validate|bundle)$/.test(new URL(r.url).pathname);

test('a shared link reopens every answer without the password, which no request of the second page carries', async ({
  page,
  context,
  browser,
}) => {
  const firstRequests = recordRequests(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page);
  await page.getByLabel('Debian release', { exact: true }).selectOption('debian-12');
  await chooseTopology(page, 'remote');
  await fillRemote(page, {
    mailHost: 'mail.example.org',
    storeHost: 'store.example.org',
    port: '2004',
    username: 'lmtpfeed',
    password: PASSWORD,
  });
  await page.getByLabel('Virtual domains', { exact: true }).fill('example.net\nexample.com');
  await next(page, 'Limits & options');
  await page.getByLabel('Cyrus virtual domains (virtdomains)', { exact: true }).selectOption('userid');
  await page.getByLabel('Parallel deliveries', { exact: true }).fill('30');
  await page.getByLabel('Disable pop3, nntp and http in cyrus.conf').uncheck();
  await next(page, 'Review & download');
  await expect(page.getByRole('status')).toHaveText('The server accepted these answers.');
  const { entries } = await download(page);

  // The link: in the control, in the address bar (a bookmark saves it), and copied.
  const link = await shareLinkOf(page).inputValue();
  expect(new URL(link).search).toBe('');
  expect(new URL(link).hash).toMatch(/^#share=[A-Za-z0-9_-]+$/);
  await expect.poll(() => page.url()).toBe(link);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText('Copied to the clipboard.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  expect(link).not.toContain(PASSWORD);
  expect(leaks(link) || leaks(linkPayload(link))).toBe(false);
  expect(linkPayload(link)).toContain('store.example.org');
  // The bundle's share.txt holds the same setup (built by the server from PUBLIC_URL).
  const shareTxt = entries.find((e) => e.name === 'share.txt')?.content ?? '';
  expect(shareTxt).toContain(`${new URL(link).origin}/#share=`);
  expect(leaks(shareTxt)).toBe(false);
  const before = await formValues(page);
  expect(before['sasl.password']).toBe(PASSWORD);
  expect(before).toMatchObject({ topology: 'remote', target: 'debian-12' });

  // A colleague opens it: a new context shares no storage, cookies or cache.
  const other = await browser.newContext();
  const second = await other.newPage();
  await reportViolations(second);
  const problems = watchPage(second);
  const secondRequests = recordRequests(second);
  await second.goto(link);
  await expect(second.getByText('Setup opened from a link.')).toBeVisible();
  await expect(second.getByText('The SASL password was not shared:')).toBeVisible();
  await expect(second.getByRole('heading', { level: 2, name: 'Review & download' })).toBeVisible();
  await expect(second.locator('#download-blockers').getByText('SASL password is required')).toBeVisible();
  const after = await formValues(second);
  expect(after).toEqual({ ...before, 'sasl.password': '' });

  await second.getByRole('button', { name: 'Enter SASL password' }).click();
  const password = second.getByLabel('SASL password', { exact: true });
  await expect(password).toBeFocused();
  await expect(password).toHaveValue('');
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await second
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: /^Topology/ })
    .click();
  await expect(second.getByRole('radio', { name: TOPOLOGY.remote, exact: true })).toBeChecked();

  const first = await firstRequests();
  const seconds = await secondRequests();
  expect(seconds.length).toBeGreaterThan(2);
  // The check must be able to fail: the first page did send the password, in API bodies.
  const carriers = first.filter((r) => leaks(r.body));
  expect(carriers.length).toBeGreaterThan(0);
  for (const r of carriers) expect(isApiPost(r), `${r.method} ${r.url} carries the password`).toBe(true);
  for (const r of [...first, ...seconds]) expect(leaks(r.url), `${r.url}`).toBe(false);
  for (const r of first) expect(leaks(r.headers), `headers of ${r.url}`).toBe(false);
  for (const r of seconds) expect(leaks(r.url + r.headers + r.body), `${r.method} ${r.url}`).toBe(false);
  // The fragment never reaches a server: no request of either page holds it.
  const fragment = new URL(link).hash.slice(1);
  for (const r of [...first, ...seconds]) expect(r.url + r.headers + r.body).not.toContain(fragment);

  expect(problems.csp, 'CSP violations on the second page').toEqual([]);
  expect(problems.errors, 'page errors on the second page').toEqual([]);
  await other.close();
});

test('Back and Forward move between steps, the fragment changes without a reload, and a reload restores', async ({
  page,
}) => {
  await open(page);
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await chooseTopology(page, 'remote');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await page.getByLabel('Cyrus store host', { exact: true }).fill('store.example.org');
  await next(page, 'Credentials');
  await page.getByLabel('SASL password', { exact: true }).fill(PASSWORD);
  await next(page, 'Routing');

  const heading = page.locator('#step-title');
  await page.goBack();
  await expect(heading).toHaveText('Credentials');
  await page.goBack();
  await expect(heading).toHaveText('Connection');
  await expect(page.getByLabel('Cyrus store host', { exact: true })).toHaveValue('store.example.org');
  await page.goBack();
  await expect(heading).toHaveText('Topology');
  await page.goForward();
  await expect(heading).toHaveText('Connection');
  await page.goForward();
  await expect(heading).toHaveText('Credentials');
  // Answers are not undone by moving through history, the password included.
  await expect(page.getByLabel('SASL password', { exact: true })).toHaveValue(PASSWORD);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await expect.poll(() => page.url()).toBe(await shareLinkOf(page).inputValue());
  expect(new URL(page.url()).search).toBe('');

  // The address bar is the save: reloading it brings the setup back, without the password.
  await page.reload();
  await expect(page.getByText('Setup opened from a link.')).toBeVisible();
  await expect(heading).toHaveText('Credentials');
  await expect(page.getByLabel('SASL password', { exact: true })).toHaveValue('');
  await page
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: /^Connection/ })
    .click();
  await expect(page.getByLabel('Cyrus store host', { exact: true })).toHaveValue('store.example.org');
});
