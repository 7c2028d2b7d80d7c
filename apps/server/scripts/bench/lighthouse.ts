// Lighthouse (issue 25): Lighthouse 12 from npm drives Debian's Chromium
// (CHROME_PATH=/usr/bin/chromium) against the built server, with its mobile
// preset (the default: simulated slow 4G and 4x CPU slowdown) and its desktop
// preset, ROUNDS runs each. Each figure is the median of its runs, taken on
// its own. The load average (1 minute) is read before and after each preset:
// Lighthouse's performance score moves with the machine's load, so a figure
// is only worth quoting beside it.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const LIGHTHOUSE = fileURLToPath(new URL('../../node_modules/.bin/lighthouse', import.meta.url));
export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export type Preset = 'mobile' | 'desktop';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof CATEGORIES)[number];
const METRICS = {
  fcp: 'first-contentful-paint',
  lcp: 'largest-contentful-paint',
  tbt: 'total-blocking-time',
  cls: 'cumulative-layout-shift',
  si: 'speed-index',
} as const;
export type Metric = keyof typeof METRICS;

export interface LighthouseRun {
  scores: Record<Category, number>;
  /** Milliseconds, except cls (unitless). */
  metrics: Record<Metric, number>;
}

export interface LighthouseFigures {
  preset: Preset;
  runs: LighthouseRun[];
  median: LighthouseRun;
  /** 1-minute load average before and after the preset's runs. */
  load: { before: number; after: number };
}

interface Report {
  categories: Record<string, { score: number | null }>;
  audits: Record<string, { numericValue?: number }>;
  runtimeError?: { message: string };
}

function runOnce(url: string, preset: Preset): Promise<LighthouseRun> {
  const args = [
    url,
    '--output=json',
    '--output-path=stdout',
    '--quiet',
    `--only-categories=${CATEGORIES.join(',')}`,
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
    ...(preset === 'desktop' ? ['--preset=desktop'] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(LIGHTHOUSE, args, { env: { ...process.env, CHROME_PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0)
        return reject(new Error(`lighthouse exited ${code}: ${Buffer.concat(err).toString().slice(-800)}`));
      const report = JSON.parse(Buffer.concat(out).toString()) as Report;
      if (report.runtimeError) return reject(new Error(`lighthouse: ${report.runtimeError.message}`));
      const score = (c: Category) => Math.round((report.categories[c]?.score ?? NaN) * 100);
      const metric = (m: Metric) => report.audits[METRICS[m]]?.numericValue ?? NaN;
      resolve({
        scores: Object.fromEntries(CATEGORIES.map((c) => [c, score(c)])) as Record<Category, number>,
        metrics: Object.fromEntries(Object.keys(METRICS).map((m) => [m, metric(m as Metric)])) as Record<
          Metric,
          number
        >,
      });
    });
  });
}

/**
 * Lighthouse 12 with Chromium 156 sometimes loses the trace's navigation start
 * (NO_NAVSTART, "Something went wrong with recording the trace"): a failed
 * recording, not a figure. Such a run is tried again, at most twice, and said.
 */
async function runRetrying(url: string, preset: Preset): Promise<LighthouseRun> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runOnce(url, preset);
    } catch (e) {
      if (attempt >= 3 || !/NO_NAVSTART|recording the trace/.test(String(e))) throw e;
      console.error(`bench: Lighthouse ${preset}: the trace was not recorded (NO_NAVSTART), run again`);
    }
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function lighthouseFigures(url: string, rounds = 3): Promise<LighthouseFigures[]> {
  const out: LighthouseFigures[] = [];
  for (const preset of ['mobile', 'desktop'] as const) {
    const before = loadavg()[0] ?? NaN;
    const runs: LighthouseRun[] = [];
    for (let i = 0; i < rounds; i++) runs.push(await runRetrying(url, preset));
    const after = loadavg()[0] ?? NaN;
    out.push({
      preset,
      runs,
      median: {
        scores: Object.fromEntries(CATEGORIES.map((c) => [c, median(runs.map((r) => r.scores[c]))])) as Record<
          Category,
          number
        >,
        metrics: Object.fromEntries(
          Object.keys(METRICS).map((m) => [m, median(runs.map((r) => r.metrics[m as Metric]))]),
        ) as Record<Metric, number>,
      },
      load: { before, after },
    });
  }
  return out;
}

/** Goals of issue 25, on a quiet machine. */
export const GOALS: Record<Preset, Partial<Record<Category, number>> & { tbtMs?: number }> = {
  mobile: { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100, tbtMs: 150 },
  desktop: { performance: 100, accessibility: 100, 'best-practices': 100, seo: 100 },
};
