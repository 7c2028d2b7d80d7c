// Drives the wizard the way a person does: by visible labels and button
// names (the accessible names are part of the UI contract).
import type { Download, Page } from '@playwright/test';
import { expect } from './fixtures.ts';
import { readTarball, type Entry } from './tarball.ts';

export const TOPOLOGY = {
  'single-host': 'Single host (Unix socket)',
  remote: 'Remote store (TCP + SASL)',
  murder: 'Cyrus Murder (several backends)',
} as const;

export async function open(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

export async function next(page: Page, expectedTitle: string): Promise<void> {
  await page.getByRole('button', { name: `Next: ${expectedTitle}` }).click();
  await expect(page.getByRole('heading', { level: 2, name: expectedTitle })).toBeVisible();
}

export async function chooseTopology(page: Page, topology: keyof typeof TOPOLOGY): Promise<void> {
  await page.getByRole('radio', { name: TOPOLOGY[topology], exact: true }).check();
  await next(page, 'Connection');
}

export interface RemoteAnswers {
  mailHost: string;
  storeHost: string;
  port?: string;
  username?: string;
  password: string;
}

/** Fills Connection and Credentials of a remote setup and stops on Routing. */
export async function fillRemote(page: Page, a: RemoteAnswers): Promise<void> {
  await page.getByLabel('Postfix host name', { exact: true }).fill(a.mailHost);
  await page.getByLabel('Cyrus store host', { exact: true }).fill(a.storeHost);
  if (a.port !== undefined) await page.getByLabel('LMTP port', { exact: true }).fill(a.port);
  await next(page, 'Credentials');
  if (a.username !== undefined) await page.getByLabel('SASL user name', { exact: true }).fill(a.username);
  await page.getByLabel('SASL password', { exact: true }).fill(a.password);
  await next(page, 'Routing');
}

/** From Routing, through Limits, to Review; waits for the server's verdict. */
export async function toReview(page: Page): Promise<void> {
  await next(page, 'Limits & options');
  await next(page, 'Review & download');
  await expect(page.getByRole('status')).toHaveText('The server accepted these answers.');
}

export async function download(page: Page): Promise<{ filename: string; entries: Entry[]; download: Download }> {
  const pending = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download bundle', exact: true }).click();
  const dl = await pending;
  const entries = await readTarball(await dl.createReadStream());
  return { filename: dl.suggestedFilename(), entries, download: dl };
}

/** Every file the live preview lists, as "host/path" (top-level files bare) with its octal mode. */
export async function previewFiles(page: Page): Promise<Map<string, string>> {
  await expect(page.locator('aside .file').first()).toBeVisible();
  const rows = await page.locator('aside section.host').evaluateAll((sections) =>
    sections.flatMap((section) => {
      const folder = section.querySelector('h3 code')?.textContent ?? '';
      return [...section.querySelectorAll('.file summary')].map((s) => [
        folder + (s.querySelector('.file-path')?.textContent ?? ''),
        s.querySelector('.file-mode')?.textContent ?? '',
      ]);
    }),
  );
  return new Map(rows.map(([name, mode]) => [name as string, mode as string]));
}

/** Opens every file in the preview and waits until each one shows its contents. */
export async function openPreviewFiles(page: Page): Promise<void> {
  const files = page.locator('aside details.file');
  await files.evaluateAll((all) => all.forEach((d) => d.setAttribute('open', '')));
  // A file previewed against an imported server shows its diff too: two blocks, not one.
  await expect(page.locator('aside details.file:not(:has(pre))')).toHaveCount(0);
}

/** On a narrow screen the preview is a tab of its own (issue 24): shows it; beside the form, nothing to do. */
export async function showPreview(page: Page): Promise<void> {
  const tab = page
    .getByRole('tablist', { name: 'Show', exact: true })
    .getByRole('tab', { name: 'Preview', exact: true });
  if ((await tab.count()) > 0) await tab.click();
  await expect(page.getByRole('heading', { level: 2, name: 'Preview', exact: true })).toBeVisible();
}

/** Back to the questions from the preview or the Plan tab, on a narrow screen. */
export async function showQuestions(page: Page): Promise<void> {
  const tab = page
    .getByRole('tablist', { name: 'Show', exact: true })
    .getByRole('tab', { name: 'Questions', exact: true });
  if ((await tab.count()) > 0) await tab.click();
}
