// Issue 24, defects 4, 6, 11 and 12 as an admin meets them, by accessible
// names: the TLS combination CA + self-signed refused on its own step; a
// phone (390 px) without sideways scrolling, with the preview and the Plan
// behind tabs and one stepper layout; focus that stays on the page after
// Download and a preview whose first line is in sight; copy that names what
// it means. axe runs on every new view in both themes at both sizes.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { importText, planRegion, readFixture } from './import-helpers.ts';
import { SIZES } from './sizes.ts';
import { chooseTopology, fillRemote, next, open, showPreview, toReview } from './wizard.ts';

const PHONE = SIZES[1];
const stepper = (page: Page) => page.getByRole('navigation', { name: 'Wizard steps' });
const goToStep = (page: Page, title: string) =>
  stepper(page)
    .getByRole('button', { name: new RegExp(`^${title.replace('&', '\\&')}`) })
    .click();
const views = (page: Page) => page.getByRole('tablist', { name: 'Show', exact: true });
const viewTab = (page: Page, name: 'Questions' | 'Preview' | 'Plan') =>
  views(page).getByRole('tab', { name, exact: true });
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
const pageHeight = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);

async function expectAxeClean(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${where}`,
  ).toEqual([]);
}

/** A captured single host whose transport map sends example.org elsewhere, imported, with that domain typed: one open conflict. */
async function importWithConflict(page: Page): Promise<void> {
  await importText(page, readFixture('inspect-debian-13-single-conflict.txt'));
  await expect(page.getByText(/^Read the configuration of /)).toBeVisible();
  await goToStep(page, 'Routing');
  await page.getByLabel('Transport map domains', { exact: true }).fill('example.org');
  await expect(page.getByLabel('Transport map domains', { exact: true })).toHaveAccessibleDescription(
    /Conflict with your server/,
  );
}

test.describe('defect 4: TLS', () => {
  test('CA mode with a self-signed store certificate is an error on the Credentials step, and Review sends you there', async ({
    page,
  }) => {
    await open(page);
    await chooseTopology(page, 'remote');
    await fillRemote(page, { mailHost: 'mail.example.org', storeHost: 'store.example.org', password: 'secret-pw' });
    await goToStep(page, 'Credentials');
    await page.getByLabel('TLS on the LMTP hop', { exact: true }).selectOption('ca');
    await page.getByLabel('CA file on the Postfix host', { exact: true }).fill('/etc/ssl/certs/our-ca.pem');
    const cert = page.getByLabel('Store certificate', { exact: true });
    await expect(cert).toHaveValue('self-signed');
    await expect(cert).toHaveAttribute('aria-invalid', 'true');
    await expect(cert).toHaveAccessibleDescription(/self-signed.*no CA signed it/i);
    // Next stays on the step that holds the error, with the focus on it.
    await page.getByRole('button', { name: 'Next: Routing' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Credentials' })).toBeVisible();
    await expect(cert).toBeFocused();

    await goToStep(page, 'Review');
    const blockers = page.locator('#download-blockers');
    await expect(blockers).toContainText('Store certificate:');
    await expect(page.getByRole('button', { name: 'Download bundle', exact: true })).toBeDisabled();
    await blockers.getByRole('button', { name: 'Fix on the Credentials step' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Credentials' })).toBeVisible();
    // Either way out clears it: a certificate the CA signed, or pinning.
    await cert.selectOption('existing');
    await page.getByLabel('Certificate path on the store', { exact: true }).fill('/etc/ssl/certs/store.pem');
    await page.getByLabel('Key path on the store', { exact: true }).fill('/etc/ssl/private/store.key');
    await expect(cert).not.toHaveAttribute('aria-invalid', 'true');
    await cert.selectOption('self-signed');
    await expect(cert).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel('TLS on the LMTP hop', { exact: true }).selectOption('fingerprint');
    await expect(cert).not.toHaveAttribute('aria-invalid', 'true');
    await next(page, 'Routing');
    await toReview(page);
  });
});

test.describe('defect 6: a phone', () => {
  test.use({ viewport: { width: PHONE.width, height: PHONE.height } });

  test('no step, Review or Plan scrolls sideways; the preview and the Plan are tabs, not below the whole form', async ({
    page,
  }) => {
    test.setTimeout(60_000);
    await open(page);
    // Until there is a Plan, two views: the questions and the preview.
    await expect(views(page).getByRole('tab')).toHaveText(['Questions', 'Preview']);
    await expect(viewTab(page, 'Questions')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('heading', { level: 2, name: 'Preview', exact: true })).toBeHidden();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);

    await importWithConflict(page);
    await expect(views(page).getByRole('tab')).toHaveText(['Questions', 'Preview', 'Plan']);
    for (const step of ['Topology', 'Connection', 'Routing', 'Limits', 'Review']) {
      await goToStep(page, step);
      await expect(page.locator('#step-title')).toBeFocused();
      expect(await scrollWidth(page), step).toBeLessThanOrEqual(PHONE.width);
    }
    // Review with the conflict open: its box fits, and the page is a few screens, not 13,500 px.
    const conflicts = page.locator('#open-conflicts');
    await expect(conflicts).toContainText('1 conflict with your server is open');
    const box = await conflicts.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    expect(await pageHeight(page)).toBeLessThan(PHONE.height * 6);

    // The Plan is one tap away and starts on the first screen.
    await viewTab(page, 'Plan').click();
    await expect(viewTab(page, 'Plan')).toHaveAttribute('aria-selected', 'true');
    const plan = planRegion(page);
    await expect(plan.locator('.plan-summary')).toHaveText(/^1 conflict, /);
    const planTop = await plan.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    expect(planTop).toBeLessThan(PHONE.height);
    await expect(page.getByRole('heading', { level: 2, name: 'Review & download' })).toBeHidden();
    expect(await scrollWidth(page), 'Plan').toBeLessThanOrEqual(PHONE.width);
    // Its "Resolve" button leads back to the question, in the Questions view.
    await plan.getByRole('button', { name: 'Resolve on the Routing step' }).click();
    await expect(viewTab(page, 'Questions')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('heading', { level: 2, name: 'Routing' })).toBeVisible();

    // The arrow keys move between the tabs, as in any tab list.
    await viewTab(page, 'Questions').focus();
    await page.keyboard.press('ArrowRight');
    await expect(viewTab(page, 'Preview')).toBeFocused();
    await expect(viewTab(page, 'Preview')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('heading', { level: 2, name: 'Preview', exact: true })).toBeInViewport();
    expect(await scrollWidth(page), 'Preview').toBeLessThanOrEqual(PHONE.width);
  });
});

for (const size of SIZES) {
  test(`defect 6: the stepper has one layout at ${size.width}×${size.height}: each number beside its title, rows of one height`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await open(page);
    await chooseTopology(page, 'remote');
    const items = await page.locator('.stepper li').evaluateAll((lis) =>
      lis.map((li) => {
        const n = (li.querySelector('.stepper-number') as HTMLElement).getBoundingClientRect();
        const t = (li.querySelector('.stepper-title') as HTMLElement).getBoundingClientRect();
        const b = (li.querySelector('button') as HTMLElement).getBoundingClientRect();
        return {
          numberRight: n.right,
          numberTop: n.top,
          numberBottom: n.bottom,
          titleLeft: t.left,
          titleTop: t.top,
          titleBottom: t.bottom,
          height: b.height,
          top: b.top,
        };
      }),
    );
    expect(items).toHaveLength(6);
    for (const [i, it] of items.entries()) {
      expect(it.titleLeft, `step ${i + 1}: title beside its number`).toBeGreaterThanOrEqual(it.numberRight);
      // the number and the title share a line
      expect(
        Math.min(it.numberBottom, it.titleBottom) - Math.max(it.numberTop, it.titleTop),
        `step ${i + 1}`,
      ).toBeGreaterThan(8);
    }
    const heights = items.map((it) => Math.round(it.height));
    expect(Math.max(...heights) - Math.min(...heights)).toBeLessThanOrEqual(1);
    // every row holds as many steps as the first
    const rows = new Map<number, number>();
    for (const it of items) rows.set(Math.round(it.top), (rows.get(Math.round(it.top)) ?? 0) + 1);
    const counts = [...rows.values()];
    expect(
      counts.every((c) => c === counts[0]),
      `steps per row: ${counts.join(', ')}`,
    ).toBe(true);
  });
}

test.describe('defect 11: the keyboard', () => {
  test('after Download by keyboard the focus stays on the button, not on <body>', async ({ page }) => {
    await open(page);
    await chooseTopology(page, 'single-host');
    await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
    await next(page, 'Routing');
    await page.getByLabel('Virtual domains', { exact: true }).fill('example.net');
    await next(page, 'Limits & options');
    await next(page, 'Review & download');
    await expect(page.getByRole('status')).toHaveText('The server accepted these answers.');
    const button = page.getByRole('button', { name: 'Download bundle', exact: true });
    await button.focus();
    const pending = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    await pending;
    await expect(page.getByRole('status')).toHaveText(/^Saved lmtp-wizard-/);
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(false);
    await expect(button).toBeFocused();
    // and the next Tab goes on from there, not from the top of the page
    await page.keyboard.press('Shift+Tab');
    await expect(page.getByRole('link', { name: 'Skip to the current step' })).not.toBeFocused();
  });

  for (const size of SIZES) {
    test(`at ${size.width}×${size.height} an opened preview file shows its first line, uncovered, when the keyboard reaches it`, async ({
      page,
    }) => {
      await page.setViewportSize({ width: size.width, height: size.height });
      await open(page);
      await chooseTopology(page, 'single-host');
      await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
      await showPreview(page);
      const summaries = page.locator('aside details.file summary');
      await expect(summaries.first()).toBeVisible();
      for (const n of [0, 3, 6]) {
        const summary = summaries.nth(n);
        await summary.focus();
        await page.keyboard.press('Enter');
        // the file's text is drawn after the toggle
        await expect(page.locator('aside details.file').nth(n).locator('pre.code')).toBeVisible();
        await page.keyboard.press('Tab');
        await expect(page.locator('aside').getByRole('button', { name: /^Copy / })).toBeFocused();
        await page.keyboard.press('Tab');
        const code = page.locator('aside pre.code:focus');
        await expect(code).toHaveCount(1);
        // the first line of the text: its top, inside the window and inside the scrolled preview, with nothing drawn over it
        const hit = await code.evaluate((pre) => {
          const range = document.createRange();
          const text = pre.querySelector('code')?.firstChild ?? pre;
          range.setStart(text, 0);
          range.setEnd(text, 1);
          const line = range.getBoundingClientRect();
          const x = line.left + 2;
          const y = line.top + line.height / 2;
          const top = document.elementFromPoint(x, y);
          return { y, inWindow: y > 0 && y < window.innerHeight, onTop: top !== null && pre.contains(top) };
        });
        expect(hit.inWindow, `file ${n}: first line in the window`).toBe(true);
        expect(hit.onTop, `file ${n}: nothing covers the first line`).toBe(true);
        await summary.focus();
        await page.keyboard.press('Enter');
      }
    });
  }
});

test.describe('defect 12: copy', () => {
  test('a single host\u2019s preview speaks of no password; a remote one says its password is masked', async ({
    page,
  }) => {
    await open(page);
    await chooseTopology(page, 'single-host');
    await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
    const status = page.locator('.preview-status');
    await expect(status).toHaveText('Computed in your browser by the same generator the server uses.');
    await expect(page.locator('aside')).not.toContainText('password is masked');
    await goToStep(page, 'Topology');
    await page.getByRole('radio', { name: 'Remote store (TCP + SASL)', exact: true }).check();
    await next(page, 'Connection');
    await page.getByLabel('Cyrus store host', { exact: true }).fill('store.example.org');
    await next(page, 'Credentials');
    await page.getByLabel('SASL password', { exact: true }).fill('secret-pw');
    await expect(status).toContainText('The SASL password is masked');
  });

  test('the preview names each answer still to fix, with a button that takes you to its field', async ({ page }) => {
    await open(page);
    await chooseTopology(page, 'remote');
    await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
    await page.getByLabel('LMTP port', { exact: true }).fill('20x3');
    const preview = page.getByRole('complementary', { name: 'Preview' });
    await showPreview(page);
    await expect(preview.getByRole('heading', { name: 'Still to answer or fix: 3 answers' })).toBeVisible();
    const needs = preview.locator('.missing-answers');
    await expect(needs.getByRole('button')).toHaveText(['Cyrus store host', 'LMTP port', 'SASL password']);
    await needs.getByRole('button', { name: 'SASL password', exact: true }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Credentials' })).toBeVisible();
    await expect(page.getByLabel('SASL password', { exact: true })).toBeFocused();
    expect(page.url()).not.toContain('#field-');
  });

  test('further MX slots show only when added or used, so the Credentials step stays short', async ({ page }) => {
    await open(page);
    await chooseTopology(page, 'remote');
    await goToStep(page, 'Credentials');
    const step = page.getByRole('region', { name: 'Credentials', exact: true });
    await expect(page.getByLabel('SASL password', { exact: true })).toBeVisible();
    await expect(page.getByLabel('MX host 2: host name', { exact: true })).toHaveCount(0);
    await expect(page.getByLabel('MX host 3: host name', { exact: true })).toHaveCount(0);
    await expect(page.getByLabel('One SASL user for every MX host', { exact: true })).toHaveCount(0);
    // 3,400 px with both slots always open
    expect((await step.boundingBox())!.height).toBeLessThan(2000);
    const add = page.getByRole('button', { name: 'Add an MX host', exact: true });
    await add.click();
    await expect(page.getByLabel('MX host 2: host name', { exact: true })).toBeFocused();
    await expect(page.getByLabel('One SASL user for every MX host', { exact: true })).toBeVisible();
    await expect(page.getByLabel('MX host 3: host name', { exact: true })).toHaveCount(0);
    await page.getByLabel('MX host 2: host name', { exact: true }).fill('mx2.example.org');
    await add.click();
    await expect(page.getByLabel('MX host 3: host name', { exact: true })).toBeFocused();
    // Remove takes a slot away with its fields; the step keeps the used one.
    await page.getByRole('button', { name: 'Remove MX host 3', exact: true }).click();
    await expect(page.getByLabel('MX host 3: host name', { exact: true })).toHaveCount(0);
    await goToStep(page, 'Routing');
    await goToStep(page, 'Credentials');
    await expect(page.getByLabel('MX host 2: host name', { exact: true })).toHaveValue('mx2.example.org');
    await expect(page.getByLabel('MX host 3: host name', { exact: true })).toHaveCount(0);
    await expect(add).toBeVisible();
  });

  test('the Murder\u2019s Credentials step has an introduction of its own', async ({ page }) => {
    await open(page);
    await chooseTopology(page, 'murder');
    await goToStep(page, 'Credentials');
    const step = page.getByRole('region', { name: 'Credentials', exact: true });
    await expect(step).toHaveAccessibleDescription(/frontends.*backends.*mupdate/);
    await expect(step).not.toContainText('More MX hosts may deliver to the same store');
    await expect(step).not.toContainText('the store’s sasldb');
    // the remote store keeps its own
    await goToStep(page, 'Topology');
    await page.getByRole('radio', { name: 'Remote store (TCP + SASL)', exact: true }).check();
    await goToStep(page, 'Credentials');
    await expect(step).toHaveAccessibleDescription(/store’s sasldb/);
  });
});

for (const scheme of ['light', 'dark'] as const) {
  for (const size of SIZES) {
    test(`${scheme} theme at ${size.width}×${size.height}: axe finds nothing on the new views`, async ({ page }) => {
      test.setTimeout(180_000);
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: size.width, height: size.height });
      await open(page);
      await chooseTopology(page, 'murder');
      await goToStep(page, 'Credentials');
      await expectAxeClean(page, 'Murder credentials');
      await goToStep(page, 'Topology');
      await page.getByRole('radio', { name: 'Remote store (TCP + SASL)', exact: true }).check();
      await goToStep(page, 'Connection');
      await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
      await goToStep(page, 'Credentials');
      await page.getByLabel('TLS on the LMTP hop', { exact: true }).selectOption('ca');
      await expect(page.getByLabel('Store certificate', { exact: true })).toHaveAttribute('aria-invalid', 'true');
      await expectAxeClean(page, 'Credentials with CA mode and a self-signed certificate');
      await showPreview(page);
      await expect(page.getByRole('heading', { name: /^Still to answer or fix: / })).toBeVisible();
      await expectAxeClean(page, 'the preview naming the answers to fix');
      await goToStep(page, 'Review');
      await importWithConflict(page);
      await goToStep(page, 'Review');
      await expectAxeClean(page, 'Review with a conflict');
      if (size.width < 800) {
        await viewTab(page, 'Plan').click();
        await expect(planRegion(page)).toBeVisible();
        await expectAxeClean(page, 'the Plan tab');
      }
    });
  }
}
