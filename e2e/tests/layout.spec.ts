// Layout at a desktop and a phone size (issue 13, defects 1 and 2): the
// review's value column stays readable and the stepper's error counts are
// whole and inside their own step.
import { expect, test } from './fixtures.ts';
import { SIZES } from './sizes.ts';
import { chooseTopology, fillRemote, open, toReview } from './wizard.ts';

for (const size of SIZES) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test('the review table keeps its values readable and Download near the top', async ({ page }) => {
      await open(page);
      await chooseTopology(page, 'remote');
      await fillRemote(page, { mailHost: 'mail.example.org', storeHost: 'store.example.org', password: 'secret' });
      await page
        .getByLabel('Virtual domains')
        .fill('example.net\nexample.com\nlong-domain-name-for-testing.example.org');
      await toReview(page);
      const values = page.locator('.summary-list dd');
      expect(await values.count()).toBeGreaterThan(10);
      for (const box of await values.evaluateAll((dds) => dds.map((dd) => dd.getBoundingClientRect().width))) {
        // One letter per line was 14 px; a host name needs room for a dozen characters at least.
        expect(box).toBeGreaterThanOrEqual(120);
      }
      // Nothing sticks out sideways, and the download is within a few screens.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      const download = page.getByRole('button', { name: 'Download bundle', exact: true });
      const top = await download.evaluate((b) => b.getBoundingClientRect().top + window.scrollY);
      expect(top).toBeLessThan(size.height * 5);
    });

    test('the stepper shows each error count whole, inside its own step', async ({ page }) => {
      await open(page);
      await chooseTopology(page, 'remote');
      // Jumping to Review reveals every step's errors: Connection 2, Credentials 1.
      await page
        .getByRole('navigation', { name: 'Wizard steps' })
        .getByRole('button', { name: /Review/ })
        .click();
      const badges = page.locator('.stepper-errors');
      await expect(badges).toHaveText(['2 errors', '1 error']);
      const rows = await page.locator('.stepper li').evaluateAll((items) =>
        items.map((li) => {
          const button = li.querySelector('button') as HTMLElement;
          const badge = li.querySelector('.stepper-errors') as HTMLElement | null;
          const b = button.getBoundingClientRect();
          const e = badge?.getBoundingClientRect();
          return {
            button: { left: b.left, right: b.right, top: b.top, bottom: b.bottom },
            badge:
              e && badge
                ? {
                    left: e.left,
                    right: e.right,
                    top: e.top,
                    bottom: e.bottom,
                    clipped: badge.scrollWidth > badge.clientWidth,
                  }
                : undefined,
            overflow: button.scrollWidth > button.clientWidth,
          };
        }),
      );
      for (const row of rows) {
        expect(row.overflow).toBe(false);
        if (!row.badge) continue;
        expect(row.badge.clipped).toBe(false);
        expect(row.badge.left).toBeGreaterThanOrEqual(row.button.left);
        expect(row.badge.right).toBeLessThanOrEqual(row.button.right + 0.5);
        expect(row.badge.bottom).toBeLessThanOrEqual(row.button.bottom + 0.5);
      }
      // No step's button overlaps the next one.
      for (let i = 1; i < rows.length; i++) {
        const a = rows[i - 1]!.button;
        const b = rows[i]!.button;
        const apart =
          a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
        expect(apart).toBe(true);
      }
    });
  });
}
