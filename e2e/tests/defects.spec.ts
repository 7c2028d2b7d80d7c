// Defects a new user found (issue 13), each pinned by the behaviour the
// person sees.
import { expect, test } from './fixtures.ts';
import { chooseTopology, download, fillRemote, next, open, toReview } from './wizard.ts';

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
  const row = (label: string) =>
    page
      .locator('.summary-list > div')
      .filter({ has: page.getByText(label, { exact: true }) })
      .locator('dd');
  await expect(row('LMTP port')).toHaveText('2003 (default)');
  await expect(row('Transport name')).toHaveText('cyrus (default)');
});

test('a transport name with hyphens and an IPv6 network in the allow-list are accepted and written as Postfix and tcpd read them', async ({
  page,
}) => {
  await open(page);
  await chooseTopology(page, 'remote');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await page.getByLabel('Cyrus store host', { exact: true }).fill('store.example.org');
  const allow = page.getByLabel('Addresses allowed to connect', { exact: true });
  await allow.fill('192.0.2.10\n2001:db8:1::/48');
  await expect(allow).not.toHaveAttribute('aria-invalid', 'true');
  await next(page, 'Credentials');
  await page.getByLabel('SASL password', { exact: true }).fill('secret');
  await next(page, 'Routing');
  const transport = page.getByLabel('Transport name', { exact: true });
  await transport.fill('cyrus-lmtp');
  await expect(transport).not.toHaveAttribute('aria-invalid', 'true');
  await toReview(page);
  const file = (name: string) =>
    page.locator('aside details.file').filter({ has: page.locator('.file-path', { hasText: name }) });
  await file('hosts.allow').first().locator('summary').click();
  await expect(file('hosts.allow').first().locator('pre')).toContainText('lmtp: 192.0.2.10,[2001:db8:1::]/48');
  await file('master.cf').first().locator('summary').click();
  await expect(file('master.cf').first().locator('pre')).toContainText(/^cyrus-lmtp unix /m);
});

test('on a single host, the default transport warns that outbound mail would go into Cyrus', async ({ page }) => {
  await open(page);
  await chooseTopology(page, 'single-host');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await next(page, 'Routing');
  await page.getByLabel('Send all other mail to Cyrus (default transport)').check();
  const warning = page.locator('#field-delivery-defaultTransport-warning');
  await expect(warning).toContainText('On a single host this sends all outbound mail into Cyrus');
  await expect(warning).toContainText('instead of going out to the internet');
});

test('a single-host bundle and its Review speak of the single host only', async ({ page }) => {
  await open(page);
  await chooseTopology(page, 'single-host');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await next(page, 'Routing');
  await page.getByLabel('Virtual domains').fill('example.net');
  await next(page, 'Limits & options');
  // No local+virtual warning applies while virtdomains hint talks of one.
  await page.getByLabel('Virtual domains (virtdomains)', { exact: false }).selectOption('userid');
  await page
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: /Routing/ })
    .click();
  await page.getByLabel('Deliver local recipients to Cyrus').uncheck();
  await page
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: /Limits/ })
    .click();
  await expect(page.locator('#field-cyrus-virtdomains-warning')).toHaveCount(0);
  await expect(page.locator('#field-cyrus-virtdomains-hint')).not.toContainText(/read the warning below/i);
  await next(page, 'Review & download');
  await expect(page.getByRole('status')).toHaveText('The server accepted these answers.');
  await expect(page.locator('#download-help')).not.toContainText('password');

  const { entries } = await download(page);
  const content = (name: string) => entries.find((e) => e.name === name)?.content ?? '';
  const top = content('README.md');
  expect(top).toContain('## Where this bundle differs from the guide');
  expect(top).not.toContain('sasldb2');
  expect(top).not.toContain('lmtp_destination_concurrency_limit');
  const host = content('mail-host/README.md');
  const step1 = host.slice(host.indexOf('### 1.'), host.indexOf('### 2.'));
  expect(step1).toContain('Reference: Guide, "Unix sockets".');
  expect(host).not.toContain('TCP sockets", step 1');
  expect(host).not.toContain('TCP sockets", step 2');
});

test('a cross-field error shows at once and Next stays on its step, while other answers are still missing', async ({
  page,
}) => {
  await open(page);
  await chooseTopology(page, 'remote');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  const store = page.getByLabel('Cyrus store host', { exact: true });
  await store.fill('mail.example.org');
  // The password (next step) is still missing; the rule does not wait for it.
  await expect(store).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#field-tcp-storeHost-error')).toContainText('the Postfix host itself');
  await page.getByRole('button', { name: 'Next: Credentials' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Connection' })).toBeVisible();
  await expect(store).toBeFocused();
  await store.fill('store.example.org');
  await next(page, 'Credentials');
});

test('Review lists every error at once: fixing one brings no new ones on steps already done', async ({ page }) => {
  await open(page);
  await chooseTopology(page, 'single-host');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await next(page, 'Routing');
  await page.getByLabel('Virtual domains').fill('mail.example.org');
  await page.getByRole('button', { name: 'Next: Limits & options' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Routing' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: /Limits/ })
    .click();
  await page.getByLabel('Parallel deliveries', { exact: true }).fill('500');
  await page.getByLabel('lmtpd maxchild', { exact: true }).fill('x');
  await page
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: /Review/ })
    .click();
  // Two problems, named together: the bad maxchild does not hide the virtual-domain rule.
  await expect(page.getByText('2 problems block the download')).toBeVisible();
  await page.getByRole('button', { name: 'Fix on the Limits & options step' }).click();
  await page.getByLabel('lmtpd maxchild', { exact: true }).fill('100');
  await page
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: /Review/ })
    .click();
  // Now concurrency 500 > maxchild 100 is judged; the virtual-domain error is still the same one.
  await expect(page.getByText('2 problems block the download')).toBeVisible();
  await expect(page.locator('.issues')).toContainText('"mail.example.org" is the Postfix host name');
  await expect(page.locator('.issues')).toContainText('must not exceed lmtpd maxchild (100)');
});

test('the host README gives each change as plain commands and lines, not only apply.sh calls', async ({ page }) => {
  await open(page);
  await chooseTopology(page, 'single-host');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await next(page, 'Routing');
  await toReview(page);
  const { entries } = await download(page);
  const readme = entries.find((e) => e.name === 'mail-host/README.md')?.content ?? '';
  expect(readme).toContain("postconf -e 'mailbox_transport = cyrus:unix:/run/cyrus/socket/lmtp'");
  expect(readme).toContain("postconf -M 'cyrus/unix=cyrus unix - - n - 20 lmtp'");
  expect(readme).toContain(
    '```text\n  lmtpunix cmd="lmtpd" listen="/run/cyrus/socket/lmtp" prefork=0 maxchild=100\n```',
  );
  expect(readme).toContain('```text\nlmtpsocket: /run/cyrus/socket/lmtp\nlmtp_downcase_rcpt: yes\n');
});

test('a part of the page whose file does not arrive says so, loads on Try again, and the answers stay', async ({
  page,
}) => {
  // The form's fields are a chunk of their own; the network drops it until further notice.
  const chunk = '**/assets/field-list-*.js';
  await page.route(chunk, (route) => route.abort('connectionreset'));
  await open(page);
  await chooseTopology(page, 'single-host');
  const notice = page.getByRole('alert').filter({ hasText: 'This part did not load' });
  await expect(notice).toBeVisible();
  // The page is still there around it (React did not unmount it).
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Wizard steps' })).toBeVisible();

  // Still down: it says it tried again.
  await notice.getByRole('button', { name: 'Try again' }).click();
  await expect(notice).toContainText('(2 tries)');

  // Back up: the fields arrive in place, and the topology chosen before is still the answer.
  await page.unroute(chunk);
  await notice.getByRole('button', { name: 'Try again' }).click();
  await expect(notice).toHaveCount(0);
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await expect(page.locator('aside')).toContainText('mail-host/');
});

test('when the generator does not arrive, the preview says so and Try again loads it; the answers stay', async ({
  page,
}) => {
  const chunk = '**/assets/engine-*.js';
  await page.route(chunk, (route) => route.abort('connectionreset'));
  await open(page);
  await chooseTopology(page, 'single-host');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  const preview = page.locator('aside');
  await expect(preview).toContainText('The generator could not be loaded');
  // Not "reload the page": that would lose the answers.
  await expect(preview).not.toContainText(/reload/i);

  await page.unroute(chunk);
  await preview.getByRole('button', { name: 'Try again' }).click();
  await expect(preview).not.toContainText('could not be loaded');
  await expect(preview).toContainText('mail-host/');
  await expect(page.getByLabel('Postfix host name', { exact: true })).toHaveValue('mail.example.org');
});
