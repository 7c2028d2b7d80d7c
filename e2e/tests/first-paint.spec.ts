// The first screen on a slow link (issue 13): index.html alone says what the
// page is and asks the first question, and a share link opens on its own
// step without showing an empty Topology step first.
import { expect, test } from './fixtures.ts';
import { shareLinkOf } from './share-helpers.ts';
import { chooseTopology, fillRemote, open } from './wizard.ts';

test.describe('before any script runs', () => {
  test.use({ javaScriptEnabled: false });

  test('the page shows the header, the steps and the first question', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'LMTP wizard' })).toBeVisible();
    await expect(page.locator('.stepper .stepper-title')).toHaveText([
      'Topology',
      'Connection',
      'Credentials',
      'Routing',
      'Limits & options',
      'Review & download',
    ]);
    await expect(page.getByRole('heading', { level: 2, name: 'Topology' })).toBeVisible();
    await expect(page.getByText('Where does Cyrus run?')).toBeVisible();
    await expect(page.getByText('Remote store (TCP + SASL)')).toBeVisible();
    // Styled: the stylesheet is inline in index.html, so the skeleton is laid out like the app.
    expect(await page.locator('header').evaluate((h) => getComputedStyle(h).backgroundColor)).not.toBe(
      'rgba(0, 0, 0, 0)',
    );
  });
});

test('a share link opens on its saved step, with no Topology step shown first', async ({ page, browser }) => {
  await open(page);
  await chooseTopology(page, 'remote');
  await fillRemote(page, { mailHost: 'mail.example.org', storeHost: 'store.example.org', password: 'secret' });
  const link = await shareLinkOf(page).inputValue();

  const colleague = await browser.newPage();
  // A slow generator chunk, as on a slow link: the codec that opens the link is in it.
  await colleague.route('**/assets/engine-*', async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  // Every step heading the app puts on screen, in order.
  await colleague.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { stepsSeen: string[] }).stepsSeen = seen;
    new MutationObserver(() => {
      const h = document.getElementById('step-title');
      const text = h?.textContent ?? '';
      if (h && seen[seen.length - 1] !== text) seen.push(text);
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await colleague.goto(link);
  await expect(colleague.getByRole('heading', { level: 2, name: 'Routing' })).toBeVisible();
  expect(await colleague.evaluate(() => (window as unknown as { stepsSeen: string[] }).stepsSeen)).toEqual(['Routing']);
  await colleague.close();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the questions do not move when the lazy tab row arrives (no layout shift)', async ({ page }) => {
    // The tab row (Questions, Preview, Plan) is a lazy chunk; hold it back, as a slow link would.
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    await page.route('**/assets/view-tabs-*', async (route) => {
      await held;
      await route.continue();
    });
    await page.addInitScript(() => {
      const w = window as unknown as { shifts: string[] };
      w.shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { value: number; sources: { node?: Node }[] }[])
          w.shifts.push(`${e.value.toFixed(4)} ${e.sources.map((s) => s.node?.nodeName).join(',')}`);
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto('/');
    const form = page.locator('#view-form');
    await expect(form).toBeVisible();
    await expect(page.getByRole('tab')).toHaveCount(0);
    const before = await form.evaluate((e) => e.getBoundingClientRect().y);
    release();
    await expect(page.getByRole('tab', { name: 'Questions' })).toBeVisible();
    expect(await form.evaluate((e) => e.getBoundingClientRect().y)).toBe(before);
    expect(await page.evaluate(() => (window as unknown as { shifts: string[] }).shifts)).toEqual([]);
  });
});
