// Helpers for the share-link tests: every request a page makes, and every
// form value of the wizard read step by step.
import type { Page } from '@playwright/test';
import { expect } from './fixtures.ts';

export interface SeenRequest {
  method: string;
  url: string;
  headers: string;
  body: string;
}

/** Records every request the page makes (documents, scripts, API calls), with headers and body. */
export function recordRequests(page: Page): () => Promise<SeenRequest[]> {
  const pending: Promise<SeenRequest>[] = [];
  page.on('request', (r) => {
    pending.push(
      // allHeaders() waits for the response's raw headers; for a request
      // still open when the test ends it rejects ("Test ended"), which failed
      // a test after all its steps had passed (a CI run at load 11, late
      // favicon requests). The headers as sent are the ones a secret could be in.
      r
        .allHeaders()
        .catch(() => r.headers())
        .then((headers) => ({
          method: r.method(),
          url: r.url(),
          headers: JSON.stringify(headers),
          body: r.postDataBuffer()?.toString('utf8') ?? '',
        })),
    );
  });
  return () => Promise.all(pending);
}

/** The JSON inside a share link's fragment, decoded here without the app's codec. */
export const linkPayload = (link: string): string =>
  Buffer.from(new URL(link).hash.replace(/^#share=/, ''), 'base64url').toString('utf8');

export const shareLinkOf = (page: Page) => page.getByRole('textbox', { name: 'Share link', exact: true });

const STEPS_WITH_FIELDS = ['Topology', 'Connection', 'Credentials', 'Routing', 'Limits & options'];

/**
 * Every form control of every step, by its answers path (the name
 * attribute): text as typed, checkboxes as "true"/"false", the checked
 * radio of a group. Visits the steps
 * through the stepper and comes back to where it started.
 */
export async function formValues(page: Page): Promise<Record<string, string>> {
  const stepper = page.getByRole('navigation', { name: 'Wizard steps' });
  const start = (await page.locator('#step-title').textContent()) ?? '';
  const named = (title: string) => stepper.getByRole('button', { name: new RegExp(`^${title.replace('&', '\\&')}`) });
  const values: Record<string, string> = {};
  for (const title of STEPS_WITH_FIELDS) {
    const button = named(title);
    if ((await button.count()) === 0) continue;
    await button.click();
    await expect(page.locator('#step-title')).toHaveText(title);
    // The step's form controls are a lazy chunk (issue 25): wait until they replaced their placeholder.
    await expect(page.locator('main [aria-busy="true"]')).toHaveCount(0);
    Object.assign(
      values,
      await page.locator('main .fields [name]').evaluateAll((controls) =>
        Object.fromEntries(
          controls
            .filter((c) => (c as HTMLInputElement).type !== 'radio' || (c as HTMLInputElement).checked)
            .map((c) => {
              const input = c as HTMLInputElement;
              return [input.name, input.type === 'checkbox' ? String(input.checked) : input.value];
            }),
        ),
      ),
    );
  }
  await named(start).click();
  await expect(page.locator('#step-title')).toHaveText(start);
  return values;
}
