// Every test's page fails the test on a CSP violation or an uncaught page
// error. Chromium reports CSP violations on the console; the init script
// also turns each securitypolicyviolation event into a console line, so a
// violation counts even if Chromium's wording changes.
import { test as base, expect, type Page } from '@playwright/test';

export interface PageProblems {
  csp: string[];
  errors: string[];
}

export function watchPage(page: Page): PageProblems {
  const problems: PageProblems = { csp: [], errors: [] };
  page.on('console', (msg) => {
    const text = msg.text();
    if (/content security policy|CSP violation/i.test(text)) problems.csp.push(text);
  });
  page.on('pageerror', (error) => problems.errors.push(error.message));
  return problems;
}

export async function reportViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(
        `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}${e.sourceFile ? ` at ${e.sourceFile.replace(/^.*\//, '')}:${e.lineNumber}:${e.columnNumber}` : ''}${e.sample ? ` (${e.sample})` : ''}`,
      );
    });
  });
}

export const test = base.extend<{ problems: PageProblems }>({
  problems: [
    async ({ page }, use) => {
      await reportViolations(page);
      const problems = watchPage(page);
      await use(problems);
      expect(problems.csp, 'CSP violations').toEqual([]);
      expect(problems.errors, 'uncaught page errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
