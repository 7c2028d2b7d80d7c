// Both themes (issue 13, defect 9): the page follows prefers-color-scheme,
// and axe finds nothing in either, at a desktop and a phone size.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { SIZES } from './sizes.ts';
import { chooseTopology, fillRemote, next, open, openPreviewFiles } from './wizard.ts';

/** Relative luminance of a computed rgb() colour. */
const luminance = (rgb: string): number => {
  const [r = 0, g = 0, b = 0] = (rgb.match(/[\d.]+/g) ?? []).map(Number).map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

async function colours(page: Page) {
  return page.evaluate(() => {
    const bg = (sel: string) => getComputedStyle(document.querySelector(sel) as Element).backgroundColor;
    return {
      page: getComputedStyle(document.documentElement).backgroundColor,
      main: bg('main'),
      aside: bg('aside'),
      text: getComputedStyle(document.querySelector('main') as Element).color,
    };
  });
}

async function expectAxeClean(page: Page, where: string) {
  await openPreviewFiles(page);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    where,
  ).toEqual([]);
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test('the page and its panels follow the system setting', async ({ page }) => {
      await open(page);
      const c = await colours(page);
      for (const [what, value] of Object.entries({ page: c.page, main: c.main, aside: c.aside })) {
        if (scheme === 'dark') expect(luminance(value), what).toBeLessThan(0.05);
        else expect(luminance(value), what).toBeGreaterThan(0.8);
      }
      if (scheme === 'dark') expect(luminance(c.text)).toBeGreaterThan(0.5);
    });

    for (const size of SIZES) {
      test(`axe finds nothing at ${size.width}×${size.height}`, async ({ page }) => {
        // axe scans take 45–60 s alone, and npm test runs the real-mail suite
        // beside the browser tests: 45 to 105 s at a load average of 5 to 15
        // on 2 cores. Only a hang guard: ten times the longest.
        test.setTimeout(1_050_000);
        await page.setViewportSize({ width: size.width, height: size.height });
        await open(page);
        await chooseTopology(page, 'remote');
        // Errors, placeholders and a changed line on screen.
        await page.getByLabel('LMTP port', { exact: true }).fill('abc');
        await page.getByRole('button', { name: 'Next: Credentials' }).click();
        await expectAxeClean(page, 'Connection with errors');
        await page.getByLabel('LMTP port', { exact: true }).fill('2003');
        await fillRemote(page, { mailHost: 'mail.example.org', storeHost: 'store.example.org', password: 'secret' });
        await page.getByLabel('Virtual domains').fill('example.net');
        await next(page, 'Limits & options');
        await page.getByLabel('Parallel deliveries', { exact: true }).fill('50');
        await expectAxeClean(page, 'Limits with a warning and a changed line');
        await next(page, 'Review & download');
        await expect(page.getByRole('status')).toHaveText('The server accepted these answers.');
        await expectAxeClean(page, 'Review');
      });
    }
  });
}
