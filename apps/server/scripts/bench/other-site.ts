// The same throttled first load as bench/throttled.ts, for another site
// served on loopback (issue 13: nginxconfig.io side by side). Its milestones
// are CSS selectors: the first paint (first-contentful-paint), the moment
// `answerable` is in the DOM (the first question can be answered), and the
// moment `ready` is (its generated output shows). Bytes per milestone are
// those of the responses finished by then.
//
//   node --import tsx scripts/bench/other-site.ts URL ANSWERABLE READY [ROUNDS]
import { emulatedPage, launchChromium, PROFILES, type Profile } from './throttled.ts';

const [url, answerable, ready, roundsArg] = process.argv.slice(2);
if (!url || !answerable || !ready) throw new Error('usage: other-site.ts URL ANSWERABLE READY [ROUNDS]');

async function loadOnce(p: Profile) {
  const browser = await launchChromium();
  try {
    const { page, cdp } = await emulatedPage(browser, p);
    let t0: number | undefined;
    const done: { at: number; bytes: number; url: string }[] = [];
    const urls = new Map<string, string>();
    cdp.on('Network.requestWillBeSent', (e) => {
      t0 ??= e.timestamp;
      urls.set(e.requestId, e.request.url);
    });
    cdp.on('Network.loadingFinished', (e) =>
      done.push({
        at: (e.timestamp - (t0 ?? e.timestamp)) * 1000,
        bytes: e.encodedDataLength,
        url: urls.get(e.requestId) ?? '',
      }),
    );
    await page.addInitScript(
      ([a, r]) => {
        const marks: Record<string, number> = {};
        Object.assign(window, { __marks: marks });
        new MutationObserver(() => {
          if (marks.answerable === undefined && document.querySelector(a)) marks.answerable = performance.now();
          if (marks.ready === undefined && document.querySelector(r)) marks.ready = performance.now();
        }).observe(document, { childList: true, subtree: true, characterData: true });
      },
      [answerable, ready] as const,
    );
    await page.goto(url);
    await page.waitForFunction(
      () => (window as unknown as { __marks: Record<string, number> }).__marks.ready !== undefined,
      undefined,
      { timeout: 120_000 },
    );
    await page.waitForTimeout(500);
    const marks = await page.evaluate(() => ({
      ...(window as unknown as { __marks: Record<string, number> }).__marks,
      paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    }));
    const bytesBy = (ms: number) => done.filter((d) => d.at <= ms).reduce((n, d) => n + d.bytes, 0);
    return {
      paint: marks.paint,
      answerable: marks.answerable ?? NaN,
      ready: marks.ready ?? NaN,
      bytes: {
        paint: bytesBy(marks.paint),
        answerable: bytesBy(marks.answerable ?? NaN),
        ready: bytesBy(marks.ready ?? NaN),
        all: bytesBy(Infinity),
      },
      requests: done.length,
    };
  } finally {
    await browser.close();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const rounds = Number(roundsArg ?? 3);
for (const p of PROFILES) {
  const loads = [];
  for (let i = 0; i < rounds; i++) loads.push(await loadOnce(p));
  const limit = (bytes: number, trips: number) => ((bytes * 8) / p.kbps + trips * p.rttMs) / 1000;
  const b = loads[0]!.bytes;
  const row = (name: string, ms: number, bytes: number, trips: number) =>
    `| ${name} | ${p.name} | ${(ms / 1000).toFixed(2)} s | ${(bytes / 1000).toFixed(1)} kB | ${limit(bytes, trips).toFixed(2)} s | ${(ms / 1000 / limit(bytes, trips)).toFixed(2)}× |`;
  console.log(row('first paint', median(loads.map((l) => l.paint)), b.paint, 2));
  console.log(row('first question answerable', median(loads.map((l) => l.answerable)), b.answerable, 2));
  console.log(row('output ready', median(loads.map((l) => l.ready)), b.ready, 3));
  console.log(`  (${loads[0]!.requests} requests, ${(b.all / 1000).toFixed(1)} kB in all)`);
}
