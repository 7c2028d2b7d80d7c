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
