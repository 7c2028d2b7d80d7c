// Defects a new user found (issue 13), each pinned by the behaviour the
// person sees.
import { expect, test } from './fixtures.ts';
import { chooseTopology, fillRemote, next, open, toReview } from './wizard.ts';

test('with the server unreachable, Download says so in words, not as a raw browser error', async ({ page }) => {
  await open(page);
  await chooseTopology(page, 'remote');
  await fillRemote(page, { mailHost: 'mail.example.org', storeHost: 'store.example.org', password: 'secret' });
  await toReview(page);
  // The server goes away: every API call now fails at the network level.
  await page.route('**/api/**', (route) => route.abort('connectionrefused'));
  await page.getByRole('button', { name: 'Download bundle', exact: true }).click();
  const status = page.getByRole('status');
  await expect(status).toContainText('The wizard’s server cannot be reached');
  await expect(status).toContainText('Your answers are kept');
  await expect(status).not.toContainText(/Failed to fetch|NetworkError|TypeError/);

  // Back up: the same button works again.
  await page.unroute('**/api/**');
  const pending = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download bundle', exact: true }).click();
  expect((await pending).suggestedFilename()).toMatch(/\.tar\.gz$/);
});

test('the server check on Review also names the wizard’s server when it is down', async ({ page }) => {
  await page.route('**/api/validate', (route) => route.abort('connectionrefused'));
  await open(page);
  await chooseTopology(page, 'single-host');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await next(page, 'Routing');
  await next(page, 'Limits & options');
  await next(page, 'Review & download');
  const status = page.getByRole('status');
  await expect(status).toContainText('The wizard’s server cannot be reached');
  await expect(status).not.toContainText(/Failed to fetch/);
});

test('emptying a field that has a default gives the default, not an error', async ({ page }) => {
  await open(page);
  await chooseTopology(page, 'remote');
  const port = page.getByLabel('LMTP port', { exact: true });
  await expect(port).toHaveValue('2003');
  await port.fill('');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await page.getByLabel('Cyrus store host', { exact: true }).fill('store.example.org');
  await expect(port).not.toHaveAttribute('aria-invalid', 'true');
  // The empty field says what it stands for.
  await expect(port).toHaveAttribute('placeholder', '2003 (default)');
  await next(page, 'Credentials');
  await page.getByLabel('SASL password', { exact: true }).fill('secret');
  await next(page, 'Routing');
  await page.getByLabel('Transport name', { exact: true }).fill('');
  await toReview(page);
  const row = (label: string) => page.locator('.summary-list > div').filter({ has: page.getByText(label, { exact: true }) }).locator('dd');
  await expect(row('LMTP port')).toHaveText('2003 (default)');
  await expect(row('Transport name')).toHaveText('cyrus (default)');
});
