// "Start from my current configuration" (issue 12), the way an admin does it:
// a captured inspect.sh output from the generator's fixtures pasted into the
// wizard. The text is read in the browser and must never leave it: every
// request of the page is recorded and searched for it.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import {
  giveaways,
  importButton,
  importText,
  leaked,
  outputBox,
  planRegion,
  readButton,
  readFixture,
} from './import-helpers.ts';
import { formValues, linkPayload, recordRequests, shareLinkOf } from './share-helpers.ts';
import { chooseTopology, download, open, openPreviewFiles } from './wizard.ts';

// Captured on the real-mail suite's Debian 13 hosts: a Postfix host (mx.test)
// and a Cyrus store (store.test) that already run, each with its own main.cf.
const FIXTURE = 'inspect-debian-13-remote.txt';
const OUTPUT = readFixture(FIXTURE);
const SECRETS = giveaways(OUTPUT);
// An answer these servers' configuration conflicts with (their main.cf has
// default_transport = discard), and a way out the generator offers.
const CONFLICT = {
  label: 'Send all other mail to Cyrus (default transport)',
  key: 'default_transport',
  choice: 'apply.sh --replace default_transport',
};

/** What the admin types that no server says: the store's name and the password. */
async function completeRemote(page: Page): Promise<void> {
  await goToStep(page, 'Connection');
  await page.getByLabel('Cyrus store host', { exact: true }).fill('store.test');
  await goToStep(page, 'Credentials');
  await page.getByLabel('SASL password', { exact: true }).fill('typed-by-the-admin');
}

/** Turns on the answer that conflicts with the servers, on its step. */
async function makeConflict(page: Page) {
  await goToStep(page, 'Routing');
  const field = page.getByLabel(CONFLICT.label, { exact: true });
  await field.check();
  return field;
}

const stepper = (page: Page) => page.getByRole('navigation', { name: 'Wizard steps' });
const goToStep = (page: Page, title: string) =>
  stepper(page)
    .getByRole('button', { name: new RegExp(`^${title.replace('&', '\\&')}`) })
    .click();

async function expectNoViolations(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${where}`,
  ).toEqual([]);
}

test('the fixture has text worth hiding', () => {
  // The leak checks below are only as good as this list.
  expect(SECRETS.length).toBeGreaterThan(20);
});

test('an imported configuration prefills, marks, plans and diffs, and never leaves the page', async ({ page }) => {
  // Only a hang guard: ten times its 15 s here (load average 5 to 15 on 2 cores).
  test.setTimeout(160_000);
  const requests = recordRequests(page);
  await open(page);
  await importButton(page).click();
  await expect(page.getByText('It is never sent to the server')).toBeVisible();
  await expect(page.getByLabel('inspect.sh', { exact: true })).toContainText('#!/bin/sh');
  await expect(page.getByRole('button', { name: 'Copy inspect.sh' })).toBeVisible();

  await importText(page, OUTPUT);
  await expect(page.getByText(/^Read the configuration of /)).toBeVisible();

  // Prefilled, and marked on the field: the topology, the release, the Postfix host.
  await expect(page.getByRole('radio', { name: 'Remote store (TCP + SASL)', exact: true })).toBeChecked();
  await expect(page.getByLabel('Debian release', { exact: true })).toHaveValue('debian-13');
  await expect(page.getByLabel('Debian release', { exact: true })).toHaveAccessibleDescription(
    /from your server.*mx\.test runs Debian 13/,
  );
  await completeRemote(page);
  await goToStep(page, 'Connection');
  const mailHost = page.getByLabel('Postfix host name', { exact: true });
  await expect(mailHost).toHaveValue('mx.test');
  await expect(mailHost).toHaveAccessibleDescription(/from your server.*main\.cf myhostname on mx\.test/);
  // The store host comes from the store's own output (issue 24), and stays marked while it holds that value.
  await expect(page.getByLabel('Cyrus store host', { exact: true })).toHaveAccessibleDescription(
    /from your server.*store\.test runs Cyrus/,
  );
  // A field the admin typed is not marked.
  await page.getByLabel('LMTP port', { exact: true }).fill('2003');
  await expect(page.getByLabel('LMTP port', { exact: true })).not.toHaveAccessibleDescription(/from your server/);

  // An answer the server's configuration cannot take: the conflict shows on its field, with the ways out.
  const field = await makeConflict(page);
  await expect(field).toHaveAccessibleDescription(new RegExp(`Conflict with your server: .*${CONFLICT.key}`));
  const conflictBox = page.locator('.field-conflict').filter({ hasText: CONFLICT.key });
  await expect(conflictBox.locator('.conflict-choices li')).not.toHaveCount(0);
  await expect(conflictBox).toContainText(CONFLICT.choice);

  // The Plan: the summary, conflicts before anything else, each file as a diff.
  const plan = planRegion(page);
  await expect(plan).toBeVisible();
  await expect(plan.locator('.plan-summary')).toHaveText(/^1 conflict, \d+ added, \d+ merged, \d+ unchanged$/);
  const headings = await plan.getByRole('heading', { level: 3 }).allTextContents();
  expect(headings[0]).toBe('1 conflict');
  await expect(plan.locator('.conflicts li').first()).toContainText(`${CONFLICT.key} is discard on the server`);
  expect(headings.at(-1)).toBe('Files, against the server');
  const mainCf = plan.locator('details.diff').filter({ hasText: '/etc/postfix/main.cf' });
  await expect(mainCf.locator('.diff-line.added').first()).toBeVisible();
  await expect(mainCf.locator('.diff-line.kept').first()).toBeAttached();
  await expect(mainCf.locator('summary')).toHaveText(/\d+ added, \d+ changed, \d+ kept/);
  // The preview of the same file is a diff against the server too.
  const previewed = page.locator('aside section.host details.file').filter({ hasText: 'main.cf' });
  await expect(previewed.locator('summary')).toContainText('diff against your server');
  await previewed.locator('summary').click();
  await expect(
    previewed
      .getByLabel('Changes to /etc/postfix/main.cf on postfix-host', { exact: true })
      .locator('.diff-line.added')
      .first(),
  ).toBeVisible();

  // Review lists the open conflicts first, and the download still works.
  await goToStep(page, 'Review');
  const review = page.locator('.review');
  await expect(review.locator(':scope > *').first()).toHaveId('open-conflicts');
  await expect(page.getByRole('button', { name: 'Download bundle', exact: true })).toBeEnabled();
  const { entries } = await download(page);
  const answersJson = entries.find((e) => e.name === 'answers.json')?.content ?? '';
  expect(answersJson).not.toBe('');
  expect(leaked(answersJson, SECRETS), 'answers.json').toEqual([]);

  // Every request, from the first page load to after the download.
  const seen = await requests();
  expect(seen.some((r) => r.url.endsWith('/api/bundle'))).toBe(true);
  for (const r of seen)
    expect(leaked(`${r.url}\n${r.headers}\n${r.body}`, SECRETS), `${r.method} ${r.url}`).toEqual([]);
});

test('a store and two Postfix hosts pasted at once: the second MX fills MX slot 2, and the Plan shows every MX folder', async ({
  page,
}) => {
  // Only a hang guard: ten times its 18 s here (load average 5 to 15 on 2 cores).
  test.setTimeout(180_000);
  // captured by the real-mail scenario remote-two-mx on Debian 13: store.test, mx.test, mx2.test (generator fixture)
  const output = readFixture('inspect-debian-13-remote-two-mx.txt');
  const secrets = giveaways(output);
  const requests = recordRequests(page);
  await open(page);
  await importButton(page).click();
  await importText(page, output);
  await expect(page.getByText(/^Read the configuration of /)).toBeVisible();
  await completeRemote(page);
  await goToStep(page, 'Connection');
  await expect(page.getByLabel('Postfix host name', { exact: true })).toHaveValue('mx.test');
  await goToStep(page, 'Credentials');
  const mx2 = page.getByLabel('MX host 2: host name', { exact: true });
  await expect(mx2).toHaveValue('mx2.test');
  await expect(mx2).toHaveAccessibleDescription(/from your server.*mx2\.test is MX host 2/);
  // inspect.sh never prints a SASL user or password: those stay empty for the admin
  await expect(page.getByLabel('MX host 2: SASL user name', { exact: true })).toHaveValue('');
  // no third MX in the paste: its slot is not offered (issue 24)
  await expect(page.getByLabel('MX host 3: host name', { exact: true })).toHaveCount(0);
  await page.getByLabel('MX host 2: SASL user name', { exact: true }).fill('postman2');
  const plan = planRegion(page);
  await expect(plan.locator('.plan-summary')).toHaveText(/^0 conflicts, \d+ added, \d+ merged, \d+ unchanged$/);
  for (const host of ['cyrus-host', 'postfix-host', 'postfix-host-mx2.test']) {
    await expect(
      plan.locator('code.file-path', { hasText: new RegExp(`^${host.replace(/\./g, '\\.')}: `) }).first(),
      host,
    ).toBeAttached();
  }
  await expect(
    plan
      .locator('details.diff')
      .filter({ hasText: 'postfix-host-mx2.test' })
      .filter({ hasText: '/etc/postfix/master.cf' }),
  ).toHaveCount(1);
  const seen = await requests();
  for (const r of seen)
    expect(leaked(`${r.url}\n${r.headers}\n${r.body}`, secrets), `${r.method} ${r.url}`).toEqual([]);
});

test('a share link made after an import carries none of it and tells the colleague to import their own', async ({
  page,
  browser,
}) => {
  // Two pages and a full axe scan: 17 to 27 s on a loaded 2-core machine. Only
  // a hang guard: ten times that.
  test.setTimeout(270_000);
  await open(page);
  await importText(page, OUTPUT);
  await expect(page.getByText(/^Read the configuration of /)).toBeVisible();
  await expect(page.getByText('The configuration you imported is not in the link.')).toBeVisible();
  await expect.poll(() => shareLinkOf(page).inputValue().then(linkPayload)).toContain('"i":1');
  const link = await shareLinkOf(page).inputValue();
  expect(leaked(`${link}\n${linkPayload(link)}`, SECRETS)).toEqual([]);

  const context = await browser.newContext();
  const colleague = await context.newPage();
  const theirRequests = recordRequests(colleague);
  await colleague.goto(link);
  await expect(colleague.getByText('Import your own server’s configuration.')).toBeVisible();
  await expect(planRegion(colleague)).toHaveCount(0);
  await colleague.getByRole('button', { name: 'Import my server’s configuration' }).click();
  await expect(outputBox(colleague)).toBeVisible();
  // The colleague's link keeps the mark: its answers still came from a server.
  expect(linkPayload(await shareLinkOf(colleague).inputValue())).toContain('"i":1');
  for (const r of await theirRequests()) expect(leaked(`${r.url}\n${r.body}`, SECRETS)).toEqual([]);
  await expectNoViolations(colleague, 'a link made after an import, with its notice and the import panel');
  await context.close();
});

test('a captured single host whose transport map routes example.org elsewhere: the conflict is on the list that names it', async ({
  page,
}) => {
  const output = readFixture('inspect-debian-13-single-conflict.txt');
  const requests = recordRequests(page);
  await open(page);
  await importText(page, output);
  await expect(page.getByText('Read the configuration of mx.test.')).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Single host (Unix socket)', exact: true })).toBeChecked();
  await goToStep(page, 'Connection');
  await expect(page.getByLabel('Unix socket path', { exact: true })).toHaveAccessibleDescription(
    /from your server.*cyrus\.conf lmtpunix listens/,
  );
  await expect(planRegion(page).locator('.plan-summary')).toHaveText(/^0 conflicts, /);

  await goToStep(page, 'Routing');
  const domains = page.getByLabel('Transport map domains', { exact: true });
  await domains.fill('example.org');
  await expect(domains).toHaveAccessibleDescription(
    /Conflict with your server: \/etc\/postfix\/transport on mail-host has example\.org = smtp:\[10\.200\.30\.254\]:2526/,
  );
  await expect(page.locator('.field-conflict')).toContainText('apply.sh --replace /etc/postfix/transport:example.org');
  await expect(planRegion(page).locator('.plan-summary')).toHaveText(/^1 conflict, /);
  // Taking the advice (another domain) resolves it.
  await domains.fill('example.com');
  await expect(domains).not.toHaveAccessibleDescription(/Conflict/);
  await expect(planRegion(page).locator('.plan-summary')).toHaveText(/^0 conflicts, /);

  await goToStep(page, 'Review');
  await download(page);
  for (const r of await requests())
    expect(leaked(`${r.url}\n${r.headers}\n${r.body}`, giveaways(output)), `${r.method} ${r.url}`).toEqual([]);
});

test('a Debian 12 output prefills that release, and Forget takes the Plan away but not the link’s mark', async ({
  page,
}) => {
  await open(page);
  await importText(page, readFixture('inspect-debian-12-remote.txt'));
  await expect(page.getByText('Read the configuration of store.test and mx.test.')).toBeVisible();
  await expect(page.getByLabel('Debian release', { exact: true })).toHaveValue('debian-12');
  await expect(page.getByRole('banner')).toContainText('Debian 12 (bookworm)');
  await completeRemote(page);
  await expect(planRegion(page).locator('.plan-summary')).toHaveText(/^\d+ conflicts?, \d+ added/);
  await expect(
    planRegion(page).locator('details.diff').filter({ hasText: 'postfix-host: /etc/postfix/main.cf' }),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Forget the imported configuration' }).click();
  await expect(planRegion(page)).toHaveCount(0);
  await goToStep(page, 'Connection');
  await expect(page.getByLabel('Postfix host name', { exact: true })).toHaveValue('mx.test');
  await expect(page.getByLabel('Postfix host name', { exact: true })).not.toHaveAccessibleDescription(
    /from your server/,
  );
  // The answers it filled in are still the server's: the link still asks for the colleague's own.
  await expect.poll(() => shareLinkOf(page).inputValue().then(linkPayload)).toContain('"i":1');
});

test('text that is not inspect output gets the parser’s message and changes nothing', async ({ page }) => {
  // formValues walks every step, five times here: 19 s at a load average of 5
  // to 15 on 2 cores. Only a hang guard: ten times that.
  test.setTimeout(200_000);
  await open(page);
  await chooseTopology(page, 'single-host');
  await page.getByLabel('Postfix host name', { exact: true }).fill('typed.example.org');
  const before = await formValues(page);

  const alert = page.getByRole('alert').filter({ hasText: 'This is not the output of inspect.sh' });
  const cases = [
    // The parser's own words: what is wrong, and with a cut copy, on which line the output starts.
    {
      text: 'hello, this is not it\n'.repeat(50),
      says: /its first line is "=== lmtp-wizard inspect\.sh begin format 1 ==="/,
    },
    {
      text: OUTPUT.split('\n').slice(0, 300).join('\n'),
      says: /^This is not the output of inspect\.sh, so nothing was changed\. Line 1: .*it was cut/,
    },
  ];
  for (const { text: bad, says } of cases) {
    await importText(page, bad);
    await expect(alert).toBeVisible();
    await expect(alert).toHaveText(says);
    await expect(outputBox(page)).toHaveAttribute('aria-invalid', 'true');
    await expect(planRegion(page)).toHaveCount(0);
    expect(await formValues(page)).toEqual(before);
  }

  // A good import after a bad one clears the message; a bad one after it leaves the import standing.
  await importText(page, OUTPUT);
  await expect(alert).toHaveCount(0);
  await expect(planRegion(page)).toBeVisible();
  await completeRemote(page);
  await expect(planRegion(page).locator('.plan-summary')).toBeVisible();
  const imported = await formValues(page);
  const plan = await planRegion(page).textContent();
  await importText(page, 'junk');
  await expect(alert).toBeVisible();
  expect(await formValues(page)).toEqual(imported);
  await expect(planRegion(page)).toHaveText(plan ?? '');
});

// Both themes (issue 13): the import's own boxes, the Plan and the conflict
// parts take their colours from the theme too.
for (const scheme of ['light', 'dark'] as const) {
  test(`${scheme} theme: axe finds nothing in the import panel, the Plan, a field in conflict and the review`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    // Six full scans, two with a thousand-line diff and every preview file
    // open: 38 to 43 s at a load average of 5 to 15 on 2 cores. Only a hang
    // guard: ten times that.
    test.setTimeout(450_000);
    await open(page);
    await importButton(page).click();
    await expect(readButton(page)).toBeEnabled();
    await expectNoViolations(page, 'the import panel');
    await importText(page, 'junk');
    await expectNoViolations(page, 'the import panel with an error');
    await importText(page, OUTPUT);
    await expect(planRegion(page)).toBeVisible();
    await expectNoViolations(page, 'after the import, before the answers are complete');
    await completeRemote(page);
    await goToStep(page, 'Connection');
    await expectNoViolations(page, 'Connection, prefilled');
    await makeConflict(page);
    await expect(planRegion(page).locator('details.diff').first()).toBeVisible();
    await openPreviewFiles(page);
    await expectNoViolations(page, 'Routing with a conflict on its field, the Plan with its diffs');
    await goToStep(page, 'Review');
    await expect(page.locator('#open-conflicts')).toBeVisible();
    await expectNoViolations(page, 'Review with open conflicts');
  });
}
