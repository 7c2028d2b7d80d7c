// Issue 24, defects 1, 2, 3, 5 and 8: the newest features (a Murder's
// backends, several MX hosts, their import and their share links, the Plan)
// as an admin meets them, by accessible names. Each test failed on the code
// before the fix.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { importText, planRegion, readFixture } from './import-helpers.ts';
import { shareLinkOf } from './share-helpers.ts';
import { chooseTopology, next, open } from './wizard.ts';

const stepper = (page: Page) => page.getByRole('navigation', { name: 'Wizard steps' });
const goToStep = async (page: Page, title: string) => {
  await stepper(page)
    .getByRole('button', { name: new RegExp(`^${title.replace('&', '\\&')}`) })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
};
/** An answers path in admin-facing text ("murder.backends", "extraMx.0.password", "delivery.transportMapDomains"). */
const ANSWER_KEY =
  /(?<![-/.\w])(?:delivery\.[a-z]|murder\.[a-z]|extraMx\.|limits\.[a-z]|sasl\.(?:password|username|sharedUser)|tcp\.[a-z]|tls\.(?:mode|storeCert|certPath|keyPath|caFile|verifyName)|cyrus\.(?:virtdomains|downcaseRecipients|disableMissingServices)|unixSocket\.)/;
const visibleText = (page: Page) => page.locator('body').innerText();

async function expectNoViolations(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${where}`,
  ).toEqual([]);
}

test('#1 a Murder offers one proxy password per listed backend, none red before typing, and Fix opens the field', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await open(page);
  await chooseTopology(page, 'murder');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mx.example.org');
  await page.getByLabel('mupdate master host', { exact: true }).fill('mupdate.example.org');
  await page.getByLabel('Frontend hosts', { exact: true }).fill('fe1.example.org\nfe2.example.org');
  const backends = page.getByLabel('Backend hosts', { exact: true });
  await backends.fill('be1.example.org\nbe2.example.org');
  await next(page, 'Credentials');
  const slots = page.getByLabel(/^Backend \d+: proxy password$/);
  await expect(slots).toHaveCount(2);
  for (const slot of await slots.all()) await expect(slot).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('SASL password', { exact: true }).fill('Sasl-pw-0001');
  await page.getByLabel('mupdate password', { exact: true }).fill('Mupd-pw-0001');
  await page.getByLabel('Backend 1: proxy password', { exact: true }).fill('Be1-pw-0001');
  await expectNoViolations(page, 'the Murder credentials step');

  // a third backend gets a third slot; taking it away again takes the slot away
  await goToStep(page, 'Connection');
  await backends.fill('be1.example.org\nbe2.example.org\nbe3.example.org');
  await goToStep(page, 'Credentials');
  await expect(slots).toHaveCount(3);
  await page.getByLabel('Backend 3: proxy password', { exact: true }).fill('Be3-pw-0001');
  await goToStep(page, 'Connection');
  await backends.fill('be1.example.org\nbe2.example.org');
  await goToStep(page, 'Credentials');
  await expect(slots).toHaveCount(2);

  // Review names the one missing password by its label, and Fix lands on that field
  await goToStep(page, 'Review & download');
  const blockers = page.locator('#download-blockers');
  await expect(blockers.getByRole('listitem')).toHaveCount(1);
  await expect(blockers).toContainText('Backend 2: proxy password');
  await expect(blockers).not.toContainText(/backend passwords for/);
  const keys = (await visibleText(page)).match(new RegExp(ANSWER_KEY.source, 'g'));
  expect(keys).toBeNull();
  await blockers.getByRole('button', { name: 'Fix on the Credentials step' }).click();
  const be2 = page.getByLabel('Backend 2: proxy password', { exact: true });
  await expect(be2).toBeFocused();
  await be2.fill('Be2-pw-0001');
  await goToStep(page, 'Review & download');
  await expect(page.getByRole('status')).toHaveText('The server accepted these answers.');
  await expect(page.getByRole('button', { name: 'Download bundle', exact: true })).toBeEnabled();
});

test('#2 a store and two MX hosts imported: every host filled, what is left to type listed by label, maxchild kept, the Plan says why', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await open(page);
  await importText(page, readFixture('inspect-debian-13-remote-two-mx.txt'));
  await expect(page.getByText(/^Read the configuration of /)).toBeVisible();
  const aside = page.locator('aside');
  // the preview draws the setup with placeholders, never the generator's refusal
  await expect(page.getByTestId('topology-picture')).toBeVisible();
  await expect(aside).not.toContainText('generator refused');
  expect(await aside.innerText()).not.toMatch(ANSWER_KEY);
  // what the admin must still type, by label: inspect.sh prints no password and no further MX's user
  const notice = page.getByRole('region', { name: 'Your server as it is' });
  await expect(notice.getByRole('heading', { name: 'Still for you to type: 3 answers' })).toBeVisible();
  for (const label of ['SASL password', 'MX host 2: SASL user name', 'MX host 2: SASL password']) {
    await expect(notice.getByRole('button', { name: label, exact: true })).toBeVisible();
  }
  await goToStep(page, 'Connection');
  const store = page.getByLabel('Cyrus store host', { exact: true });
  await expect(store).toHaveValue('store.test');
  await expect(store).toHaveAccessibleDescription(/from your server.*store\.test runs Cyrus/);
  await goToStep(page, 'Limits & options');
  await expect(page.getByLabel('lmtpd maxchild', { exact: true })).toHaveValue('20');
  await expect(page.getByLabel('Parallel deliveries', { exact: true })).toHaveValue('10');
  // the Plan waits for the further MX's user, and says so
  const plan = planRegion(page);
  await expect(plan.getByRole('button', { name: 'MX host 2: SASL user name', exact: true })).toBeVisible();
  await notice.getByRole('button', { name: 'MX host 2: SASL user name', exact: true }).click();
  const user = page.getByLabel('MX host 2: SASL user name', { exact: true });
  await expect(user).toBeFocused();
  await user.fill('postman2');
  await expect(plan.locator('.plan-summary')).toHaveText(/^0 conflicts, /);
  // the store keeps its maxchild, and the line that says so gives the reason
  const cyrusConf = plan.locator('details.diff').filter({ hasText: 'cyrus-host: /etc/cyrus.conf' });
  await expect(cyrusConf.locator('.diff-line.added', { hasText: 'maxchild=20' })).toContainText(
    '“lmtpd maxchild” from your server: cyrus.conf lmtpunix maxchild=20',
  );
  await expect(
    plan.locator('.diff-line.added', { hasText: 'cyrus_destination_concurrency_limit = 10' }).first(),
  ).toContainText('from your server: lmtpd maxchild on store.test is 20, shared by 2 MX hosts');
  await expectNoViolations(page, 'the import of a store and two MX hosts, with the Plan');
});

test('#3 a share link with a second MX: the preview keeps its picture and files, and the banner lists both withheld passwords', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const payload = {
    v: 5,
    s: 'credentials',
    a: {
      topology: 'remote',
      mailHost: 'mx1.example.org',
      tcp: { storeHost: 'store.example.org' },
      extraMx: [{ host: 'mx2.example.org', username: 'postman2' }],
    },
  };
  await page.goto(`/#share=${Buffer.from(JSON.stringify(payload)).toString('base64url')}`);
  await expect(page.getByText('Setup opened from a link.')).toBeVisible();
  await expect(page.getByText('2 passwords were not shared:')).toBeVisible();
  const aside = page.locator('aside');
  await expect(page.getByTestId('topology-picture')).toContainText('mx2.example.org');
  await expect(aside.locator('section.host h3 code', { hasText: 'postfix-host-mx2.example.org' })).toBeVisible();
  const text = await aside.innerText();
  expect(text).not.toMatch(ANSWER_KEY);
  expect(text).not.toContain('\\x21');
  expect(text).not.toContain('generator refused');
  // the preview says which answers it still needs, each a way to its field
  await expect(aside.getByRole('button', { name: 'MX host 2: SASL password', exact: true })).toBeVisible();
  await expectNoViolations(page, 'a shared setup with a second MX and its withheld passwords');
  await page.getByRole('button', { name: 'Enter MX host 2: SASL password', exact: true }).click();
  await expect(page.getByLabel('MX host 2: SASL password', { exact: true })).toBeFocused();
  await page.getByRole('button', { name: 'Enter SASL password', exact: true }).click();
  await expect(page.getByLabel('SASL password', { exact: true })).toBeFocused();
});

test('#5 admin-facing text names answers by their labels: a conflict, the MX sum, a Murder backend', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await open(page);
  await importText(page, readFixture('inspect-debian-13-single-conflict.txt'));
  await expect(page.getByText('Read the configuration of mx.test.')).toBeVisible();
  await goToStep(page, 'Routing');
  await page.getByLabel('Transport map domains', { exact: true }).fill('example.org');
  await expect(page.locator('.field-conflict')).toContainText('remove it from “Transport map domains” in the wizard');
  await goToStep(page, 'Review & download');
  await expect(page.locator('#open-conflicts')).toBeVisible();
  expect(await visibleText(page)).not.toMatch(ANSWER_KEY);

  // several MX hosts whose parallel deliveries exceed maxchild
  await page.goto('/');
  await chooseTopology(page, 'remote');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mx1.example.org');
  await page.getByLabel('Cyrus store host', { exact: true }).fill('store.example.org');
  await next(page, 'Credentials');
  await page.getByRole('button', { name: 'Add an MX host', exact: true }).click();
  await page.getByLabel('MX host 2: host name', { exact: true }).fill('mx2.example.org');
  await page.getByLabel('MX host 2: SASL user name', { exact: true }).fill('postman');
  await page.getByLabel('MX host 2: parallel deliveries', { exact: true }).fill('90');
  await goToStep(page, 'Review & download');
  const blockers = page.locator('#download-blockers');
  await expect(blockers).toContainText('(Postfix host 20 + MX host 2 90)');
  await expect(blockers).toContainText('“One SASL user for every MX host”');
  expect(await visibleText(page)).not.toMatch(ANSWER_KEY);
});

test('#8 the Plan: no "No conflicts" before Routing is answered, a conflict is a line of its diff, long lines wrap', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await open(page);
  await importText(page, readFixture('inspect-debian-13-single-conflict.txt'));
  await expect(page.getByText('Read the configuration of mx.test.')).toBeVisible();
  const plan = planRegion(page);
  await expect(plan.locator('.plan-summary')).toHaveText(/^0 conflicts, /);
  await expect(plan.getByText('No conflicts: apply.sh can run on this server as it is.')).toHaveCount(0);
  await expect(plan).toContainText('No conflicts so far. Answer the Routing step');

  await goToStep(page, 'Routing');
  await page.getByLabel('Transport map domains', { exact: true }).fill('example.org');
  await expect(plan.locator('.plan-summary')).toHaveText(/^1 conflict, /);
  const transport = plan.locator('details.diff').filter({ hasText: 'mail-host: /etc/postfix/transport' });
  await expect(transport.locator('summary')).toContainText('1 conflict');
  const line = transport.locator('.diff-line.conflict');
  await expect(line).toHaveCount(1);
  await expect(line).toContainText('example.org');
  await expect(line).toContainText('apply.sh stops here');
  // the server's own line stands above it
  await expect(transport.locator('.diff-line.was', { hasText: 'smtp:[10.200.30.254]:2526' })).toBeVisible();

  await page.getByLabel('Transport map domains', { exact: true }).fill('example.com');
  await goToStep(page, 'Limits & options');
  await expect(plan.getByText('No conflicts: apply.sh can run on this server as it is.')).toBeVisible();
  // every diff wraps: no text runs past its box
  const overflowing = await plan
    .locator('pre.diff-text')
    .evaluateAll(
      (pres) =>
        pres.filter(
          (p) => (p.closest('details') as HTMLDetailsElement | null)?.open && p.scrollWidth > p.clientWidth + 1,
        ).length,
    );
  expect(overflowing).toBe(0);
  await expectNoViolations(page, 'the Plan with its diffs');
});
