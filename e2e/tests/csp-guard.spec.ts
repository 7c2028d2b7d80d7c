// The CSP fixture must be able to fail: with the server's real policy, an
// inline style attribute is refused and the guard sees it.
import { test as base } from '@playwright/test';
import { expect } from './fixtures.ts';
import { reportViolations, watchPage } from './fixtures.ts';

base('the CSP guard catches an inline style under the served policy', async ({ page }) => {
  await reportViolations(page);
  const problems = watchPage(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(problems.csp).toEqual([]);
  await page.evaluate(() => {
    const div = document.createElement('div');
    div.innerHTML = '<p style="color: red">inline</p>';
    document.body.append(div);
  });
  await expect.poll(() => problems.csp.length).toBeGreaterThan(0);
});
