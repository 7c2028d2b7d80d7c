// Helpers for the import tests (issue 12): a captured inspect.sh output from
// the generator's fixtures, the substrings that would give it away, and the
// import itself, done the way a person does it.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

const fixtureUrl = (name: string) =>
  name.startsWith('/')
    ? new URL(`file://${name}`)
    : new URL(`../../packages/generator/test/fixtures/${name}`, import.meta.url);
export const readFixture = (name: string): string => readFileSync(fixtureUrl(name), 'utf8');

/**
 * What must never leave the page: every content line of the output that is
 * long enough to be its own (a config line with a separator in it), as
 * inspect.sh printed it and without its "|" prefix. Answers the import fills in
 * (a host name, a domain) do go to the server, as answers, so a line that is
 * nothing but one value is not counted.
 */
export function giveaways(output: string): string[] {
  const lines = output
    .split('\n')
    .map((l) => (l.startsWith('|') ? l.slice(1) : l).trim())
    .filter((l) => l.length >= 12 && /[ =:]/.test(l));
  return [...new Set(lines)];
}

const decoded = (text: string): string => {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
};

/**
 * The substrings of `giveaways` found in `text`: as they are, URL-encoded
 * (a query string, a form body) or JSON-escaped (a JSON body).
 */
export function leaked(text: string, secrets: readonly string[]): string[] {
  const haystacks = [text, decoded(text)];
  return secrets.filter((s) => {
    const needles = [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)];
    return haystacks.some((h) => needles.some((n) => h.includes(n)));
  });
}

export const importButton = (page: Page) =>
  page.getByRole('button', { name: 'Start from my current configuration', exact: true });
export const outputBox = (page: Page) => page.getByRole('textbox', { name: 'Output of inspect.sh', exact: true });
export const readButton = (page: Page) => page.getByRole('button', { name: 'Read configuration', exact: true });
export const planRegion = (page: Page) => page.getByRole('region', { name: 'Plan', exact: true });

/** Opens the import panel, pastes the text and reads it. */
export async function importText(page: Page, text: string): Promise<void> {
  if ((await importButton(page).getAttribute('aria-expanded')) !== 'true') await importButton(page).click();
  await outputBox(page).fill(text);
  await readButton(page).click();
}
