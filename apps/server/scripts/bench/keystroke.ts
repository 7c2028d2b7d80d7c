// Preview update per keystroke, in Debian's Chromium, on the wizard served by
// the built server. The web app exposes no timing hook, and needs none: a
// capture-phase `input` listener on window runs before React's own listener
// (t0), and a MutationObserver on the preview runs in the microtask
// checkpoint right after React commits (t1), before the browser renders. So
// t1 - t0 is the script time of one keystroke: parse, generate, render and
// commit. A sample counts only once the open file shows the new value.
import { chromium, type Page } from 'playwright-core';

const TOPOLOGY_LABEL = { 'single-host': 'Single host (Unix socket)', remote: 'Remote store (TCP + SASL)' } as const;
export type Topology = keyof typeof TOPOLOGY_LABEL;

/** The fields typed into. The host name changes only the top-level files; the store host also rebuilds postfix-host/. */
export type KeystrokeField = 'Postfix host name' | 'Cyrus store host';

export interface KeystrokeCase {
  topology: Topology;
  field: KeystrokeField;
}

export const KEYSTROKE_CASES: readonly KeystrokeCase[] = [
  { topology: 'single-host', field: 'Postfix host name' },
  { topology: 'remote', field: 'Postfix host name' },
  { topology: 'remote', field: 'Cyrus store host' },
];

export interface KeystrokeFigures {
  topology: Topology;
  field: KeystrokeField;
  keystrokes: number;
  medianMs: number;
  p90Ms: number;
  maxMs: number;
}

type Fills = readonly (readonly [label: string, value: string])[];
/** What each topology asks, beyond the Postfix host name, before its answers are whole: on the Connection step, and on the Credentials step. */
const REQUIRED: Readonly<Record<Topology, { connection: Fills; credentials: Fills }>> = {
  'single-host': { connection: [], credentials: [] },
  remote: { connection: [['Cyrus store host', 'store.example.org']], credentials: [['SASL password', 'Bench-pa55']] },
};

async function toConnection(page: Page, topology: Topology): Promise<void> {
  await page.getByRole('radio', { name: TOPOLOGY_LABEL[topology], exact: true }).check();
  await page.getByRole('button', { name: 'Next: Connection' }).click();
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  const { connection, credentials } = REQUIRED[topology];
  for (const [label, value] of connection) await page.getByLabel(label, { exact: true }).fill(value);
  if (credentials.length > 0) {
    await page.getByRole('button', { name: 'Next: Credentials' }).click();
    for (const [label, value] of credentials) await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByRole('button', { name: 'Back: Connection' }).click();
  }
  // answers.json holds both names; open it, as a person reading it would.
  const file = page.locator('aside details.file', { has: page.locator('.file-path', { hasText: /^answers\.json$/ }) });
  await file.locator('summary').click();
  await page.getByLabel('Contents of answers.json', { exact: true }).waitFor();
}

function instrument(label: string): void {
  const field = [...document.querySelectorAll('label')].find((l) => l.textContent === label);
  const input = field ? document.getElementById(field.htmlFor) : null;
  const code = document.querySelector('[aria-label="Contents of answers.json"]');
  const aside = document.querySelector('aside');
  if (!(input instanceof HTMLInputElement) || !code || !aside) throw new Error('wizard markup not found');
  const state = { t0: 0, pending: false, samples: [] as number[] };
  Object.assign(window, { __keystrokes: state });
  window.addEventListener(
    'input',
    (e) => {
      if (e.target !== input) return;
      state.t0 = performance.now();
      state.pending = true;
    },
    true,
  );
  new MutationObserver(() => {
    if (state.pending && code.textContent?.includes(`"${input.value.trim().toLowerCase()}"`)) {
      state.samples.push(performance.now() - state.t0);
      state.pending = false;
    }
  }).observe(aside, { subtree: true, childList: true, characterData: true });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

async function measure(
  page: Page,
  url: string,
  { topology, field: label }: KeystrokeCase,
  keystrokes: number,
): Promise<KeystrokeFigures> {
  await page.goto(url);
  await toConnection(page, topology);
  await page.evaluate(instrument, label);
  const field = page.getByLabel(label, { exact: true });
  await field.focus();
  await page.keyboard.press('End');
  // Appended to the last label: every prefix stays a valid name (labels up to 63).
  for (let i = 0; i < keystrokes; i++) {
    await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
    await page.waitForFunction(
      (n) => (window as unknown as { __keystrokes: { samples: number[] } }).__keystrokes.samples.length >= n,
      i + 1,
      { timeout: 5000 },
    );
  }
  const samples = await page.evaluate(
    () => (window as unknown as { __keystrokes: { samples: number[] } }).__keystrokes.samples,
  );
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    topology,
    field: label,
    keystrokes: samples.length,
    medianMs: pct(sorted, 0.5),
    p90Ms: pct(sorted, 0.9),
    maxMs: sorted.at(-1) ?? NaN,
  };
}

export async function keystrokeFigures(
  url: string,
  keystrokes = 60,
  cases = KEYSTROKE_CASES,
): Promise<KeystrokeFigures[]> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  try {
    const out: KeystrokeFigures[] = [];
    for (const c of cases) {
      const page = await browser.newPage();
      out.push(await measure(page, url, c, keystrokes));
      await page.close();
    }
    return out;
  } finally {
    await browser.close();
  }
}
