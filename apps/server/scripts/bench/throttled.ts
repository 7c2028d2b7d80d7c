// The first load on a slow link (issue 13), in Debian's Chromium with CDP
// network emulation, against the built server. For each profile: the first
// contentful paint (the static skeleton: header, steps, first question),
// the moment the first question can be answered (React has rendered the
// topology radios), and the moment the preview is ready (the generator
// chunk has loaded), with the bytes on the wire and the limit those bytes
// and round trips allow. A fresh browser context per load: nothing cached.
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { measureInitialJs } from '../../../../scripts/initial-js.mjs';
import { REPO_DIR } from '../lib/server-process.ts';

export interface Profile {
  name: string;
  kbps: number;
  rttMs: number;
}

export const PROFILES: readonly Profile[] = [
  { name: '400 kbit/s, 400 ms', kbps: 400, rttMs: 400 },
  { name: '1.6 Mbit/s, 150 ms', kbps: 1600, rttMs: 150 },
];

export interface Load {
  firstPaintMs: number;
  answerableMs: number;
  previewMs: number;
  /** Bytes received (headers and bodies) until each milestone's resources were in. */
  bytes: { paint: number; answerable: number; preview: number };
}

export interface ThrottledFigures {
  profile: Profile;
  encoding: 'br' | 'identity';
  load: Load;
  /** bytes ÷ bandwidth + round trips × RTT, per milestone. */
  limitMs: { paint: number; answerable: number; preview: number };
}

// Round trips each milestone needs at best, as CDP emulates them (the
// latency is added to each response; a connection costs none): the page,
// whose stylesheet is inline, is enough to paint; then the script; then the
// generator chunk, which the script asks for after it runs.
export const TRIPS = { paint: 1, answerable: 2, preview: 3 };

/** Debian's Chromium, as every load of the bench runs it. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
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

/** A fresh context and page with nothing cached and the profile's network, and its CDP session. */
export async function emulatedPage(browser: Browser, p: Profile) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: p.rttMs,
    downloadThroughput: (p.kbps * 1000) / 8,
    uploadThroughput: (p.kbps * 1000) / 8,
  });
  return { context, page, cdp };
}

async function loadOnce(browser: Browser, url: string, p: Profile, encoding: 'br' | 'identity'): Promise<Load> {
  const { context, page, cdp } = await emulatedPage(browser, p);
  // "identity" replays the server as it was before precompression.
  if (encoding === 'identity')
    await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
  const sizes = new Map<string, { url: string; bytes: number }>();
  const urls = new Map<string, string>();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) =>
    sizes.set(e.requestId, { url: urls.get(e.requestId) ?? '', bytes: e.encodedDataLength }),
  );
  await page.addInitScript(() => {
    const marks: Record<string, number> = {};
    Object.assign(window, { __marks: marks });
    new MutationObserver(() => {
      if (marks.answerable === undefined && document.querySelector('input[name="topology"]'))
        marks.answerable = performance.now();
      const status = document.querySelector('aside .preview-status')?.textContent ?? '';
      if (marks.preview === undefined && marks.answerable !== undefined && status !== '' && !status.includes('Loading'))
        marks.preview = performance.now();
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.goto(url);
  await page.waitForFunction(
    () => (window as unknown as { __marks: Record<string, number> }).__marks.preview !== undefined,
    undefined,
    { timeout: 60_000 },
  );
  const marks = await page.evaluate(() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
    return { ...(window as unknown as { __marks: Record<string, number> }).__marks, paint };
  });
  await context.close();
  const all = [...sizes.values()].filter((s) => !s.url.includes('/api/'));
  const sum = (keep: (u: string) => boolean) => all.filter((s) => keep(s.url)).reduce((n, s) => n + s.bytes, 0);
  // The first question needs the page and the initial JS only (issue 25: the rest loads after it).
  const initial = new Set(measureInitialJs(join(REPO_DIR, 'apps', 'web', 'dist')).files.map((f) => `/${f.file}`));
  const isInitial = (u: string) => !u.endsWith('.js') || initial.has(new URL(u).pathname);
  return {
    firstPaintMs: marks.paint,
    answerableMs: marks.answerable ?? NaN,
    previewMs: marks.preview ?? NaN,
    bytes: {
      paint: sum((u) => !u.endsWith('.js') && !u.endsWith('.svg')),
      answerable: sum((u) => isInitial(u) && !u.endsWith('.svg')),
      preview: sum((u) => !u.endsWith('.svg')),
    },
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function throttledFigures(url: string, rounds = 3): Promise<ThrottledFigures[]> {
  const browser = await launchChromium();
  try {
    const out: ThrottledFigures[] = [];
    for (const profile of PROFILES) {
      for (const encoding of ['br', 'identity'] as const) {
        const loads: Load[] = [];
        for (let i = 0; i < rounds; i++) loads.push(await loadOnce(browser, url, profile, encoding));
        const load: Load = {
          firstPaintMs: median(loads.map((l) => l.firstPaintMs)),
          answerableMs: median(loads.map((l) => l.answerableMs)),
          previewMs: median(loads.map((l) => l.previewMs)),
          bytes: loads[0]!.bytes,
        };
        const limit = (bytes: number, trips: number) => (bytes * 8) / profile.kbps + trips * profile.rttMs;
        out.push({
          profile,
          encoding,
          load,
          limitMs: {
            paint: limit(load.bytes.paint, TRIPS.paint),
            answerable: limit(load.bytes.answerable, TRIPS.answerable),
            preview: limit(load.bytes.preview, TRIPS.preview),
          },
        });
      }
    }
    return out;
  } finally {
    await browser.close();
  }
}
