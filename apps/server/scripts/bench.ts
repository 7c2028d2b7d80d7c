// pnpm bench: builds the web app and the server, then measures every figure
// of issue 6 in this one run and prints one table. Figures, not tests: it
// exits 0 whatever they are, unless a measurement itself failed.
// BENCH_ROUNDS (3) and BENCH_SECONDS (5) size the HTTP rounds; BENCH_JSON
// names a file for the raw figures; BENCH_SKIP_BUILD=1 reuses existing builds.
// BENCH_ONLY=throttled measures only the throttled first load (issue 13),
// BENCH_THROTTLED_ROUNDS (3) loads per profile and encoding.
// BENCH_ONLY=lighthouse runs only Lighthouse (issue 25), BENCH_LIGHTHOUSE_ROUNDS
// (3) runs per preset; BENCH_ONLY=sizes prints only the chunk sizes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureInitialJs, measureLazyChunks } from '../../../scripts/initial-js.mjs';
import { coldStartMs, httpFigures } from './bench/http.ts';
import { inProcess } from './bench/in-process.ts';
import { keystrokeFigures } from './bench/keystroke.ts';
import { GOALS, lighthouseFigures, type LighthouseFigures } from './bench/lighthouse.ts';
import { throttledFigures, type ThrottledFigures } from './bench/throttled.ts';
import { ms, perSec, renderTable, us, type Row } from './bench/table.ts';
import { buildServer, REPO_DIR, runOrThrow, startServer } from './lib/server-process.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);

if (process.env.BENCH_SKIP_BUILD !== '1') {
  runOrThrow('pnpm', ['--filter', '@lmtp-wizard/web', 'build']);
  buildServer();
}

const step = (what: string) => console.error(`bench: ${what}…`);

/** The throttled first load: each milestone against its limit (bytes ÷ bandwidth + round trips). */
function throttledRows(figs: readonly ThrottledFigures[]): Row[] {
  const s = (v: number) => `${(v / 1000).toFixed(2)} s`;
  const kb = (b: number) => `${(b / 1000).toFixed(1)} kB`;
  return figs.flatMap((f): Row[] => {
    const tag = `${f.profile.name}, ${f.encoding === 'br' ? 'as served (br)' : 'uncompressed, as before'}`;
    const row = (what: string, ms: number, limit: number, bytes: number, goal = '—', pass?: boolean): Row => ({
      figure: `${what}, ${tag}`,
      goal,
      measured: `${s(ms)} (limit ${s(limit)} for ${kb(bytes)}; ${(ms / limit).toFixed(2)}×)`,
      ...(pass === undefined ? {} : { pass }),
    });
    // issue 25: as served, ≤ 2.5 s at 400 kbit/s and 400 ms RTT, ≤ 1.0 s at 1.6 Mbit/s and 150 ms
    const goalMs =
      f.encoding !== 'br' ? undefined : f.profile.kbps === 400 ? 2500 : f.profile.kbps === 1600 ? 1000 : undefined;
    return [
      row('first paint', f.load.firstPaintMs, f.limitMs.paint, f.load.bytes.paint),
      row(
        'first question answerable',
        f.load.answerableMs,
        f.limitMs.answerable,
        f.load.bytes.answerable,
        goalMs === undefined ? '—' : `≤ ${(goalMs / 1000).toFixed(1)} s`,
        goalMs === undefined ? undefined : f.load.answerableMs <= goalMs,
      ),
      row('preview ready', f.load.previewMs, f.limitMs.preview, f.load.bytes.preview),
    ];
  });
}

/** Each lazy chunk against its own budget (issue 25). */
function chunkRows(): Row[] {
  return measureLazyChunks(join(REPO_DIR, 'apps', 'web', 'dist')).map(
    (c): Row => ({
      figure: `lazy chunk ${c.name}, gzipped`,
      goal: `≤ ${c.budgetKb} kB`,
      measured: `${(c.gzipBytes / 1000).toFixed(1)} kB`,
      pass: c.gzipBytes <= c.budgetKb * 1000,
    }),
  );
}

/** Lighthouse, median of its runs, with the load average beside each preset's figures (issue 25). */
function lighthouseRows(figs: readonly LighthouseFigures[]): Row[] {
  return figs.flatMap((f): Row[] => {
    const goal = GOALS[f.preset];
    const load = `load ${f.load.before.toFixed(2)} → ${f.load.after.toFixed(2)}`;
    const tag = `Lighthouse ${f.preset} (median of ${f.runs.length}; ${load})`;
    const score = (c: keyof typeof f.median.scores): Row => ({
      figure: `${tag}: ${c}`,
      goal: goal[c] === undefined ? '—' : `≥ ${goal[c]}`,
      measured: `${f.median.scores[c]} (runs ${f.runs.map((r) => r.scores[c]).join(', ')})`,
      ...(goal[c] === undefined ? {} : { pass: f.median.scores[c] >= (goal[c] as number) }),
    });
    const m = f.median.metrics;
    const runs = (k: keyof typeof m) =>
      f.runs.map((r) => (k === 'cls' ? r.metrics[k].toFixed(3) : Math.round(r.metrics[k]))).join(', ');
    return [
      score('performance'),
      score('accessibility'),
      score('best-practices'),
      score('seo'),
      { figure: `${tag}: FCP`, goal: '—', measured: `${ms(m.fcp, 0)} (runs ${runs('fcp')})` },
      { figure: `${tag}: LCP`, goal: '—', measured: `${ms(m.lcp, 0)} (runs ${runs('lcp')})` },
      {
        figure: `${tag}: TBT`,
        goal: goal.tbtMs === undefined ? '—' : `≤ ${goal.tbtMs} ms`,
        measured: `${ms(m.tbt, 0)} (runs ${runs('tbt')})`,
        ...(goal.tbtMs === undefined ? {} : { pass: m.tbt <= goal.tbtMs }),
      },
      { figure: `${tag}: CLS`, goal: '—', measured: `${m.cls.toFixed(3)} (runs ${runs('cls')})` },
      { figure: `${tag}: Speed Index`, goal: '—', measured: `${ms(m.si, 0)} (runs ${runs('si')})` },
    ];
  });
}

if (process.env.BENCH_ONLY === 'sizes') {
  const initial = measureInitialJs(join(REPO_DIR, 'apps', 'web', 'dist'));
  console.log(
    renderTable([
      {
        figure: 'initial JS, gzipped',
        goal: '≤ 80 kB',
        measured: `${(initial.totalGzipBytes / 1000).toFixed(1)} kB (${initial.files.length} files)`,
        pass: initial.totalGzipBytes <= 80_000,
      },
      ...chunkRows(),
    ]),
  );
  process.exit(0);
}

if (process.env.BENCH_ONLY === 'lighthouse') {
  step('Lighthouse, mobile and desktop presets, in Chromium');
  const server = await startServer();
  const figs = await lighthouseFigures(`${server.url}/`, Number(process.env.BENCH_LIGHTHOUSE_ROUNDS ?? 3)).finally(() =>
    server.stop(),
  );
  console.log(renderTable(lighthouseRows(figs)));
  if (process.env.BENCH_JSON)
    writeFileSync(process.env.BENCH_JSON, `${JSON.stringify({ lighthouse: figs }, null, 2)}\n`);
  process.exit(0);
}

if (process.env.BENCH_ONLY === 'throttled') {
  step('throttled first load in Chromium (CDP network emulation)');
  const server = await startServer();
  const figs = await throttledFigures(server.url, Number(process.env.BENCH_THROTTLED_ROUNDS ?? 3)).finally(() =>
    server.stop(),
  );
  console.log(renderTable(throttledRows(figs)));
  if (process.env.BENCH_JSON)
    writeFileSync(process.env.BENCH_JSON, `${JSON.stringify({ throttled: figs }, null, 2)}\n`);
  process.exit(0);
}

step('generate() and tar+gzip in process');
const local = await inProcess();
step(`POST /api/bundle and GET /api/health, ${rounds} alternating rounds of ${seconds} s at 64 connections`);
const http = await httpFigures(rounds, seconds);
step('initial JS');
const initial = measureInitialJs(join(REPO_DIR, 'apps', 'web', 'dist'));
step('cold start, 7 starts');
const cold = await coldStartMs(7);
step('preview per keystroke in Chromium');
const server = await startServer();
const keys = await keystrokeFigures(server.url);
step('throttled first load in Chromium (CDP network emulation)');
const throttled = await throttledFigures(server.url, Number(process.env.BENCH_THROTTLED_ROUNDS ?? 3));
step('Lighthouse, mobile and desktop presets, in Chromium');
const lighthouse = await lighthouseFigures(`${server.url}/`, Number(process.env.BENCH_LIGHTHOUSE_ROUNDS ?? 3)).finally(
  () => server.stop(),
);

const ratio = http.bundleReqPerSec / http.healthReqPerSec;
const rows: Row[] = [
  ...(['single-host', 'remote'] as const).map(
    (t): Row => ({
      figure: `generate() per bundle, ${t} (median)`,
      goal: '≤ 50 µs',
      measured: us(local.generate[t].medianUs),
      pass: local.generate[t].medianUs <= 50,
    }),
  ),
  {
    figure: 'generate() per bundle, remote, other host names each call',
    goal: '—',
    measured: us(local.generateVaried.medianUs),
  },
  {
    figure: 'tar + gzip of a bundle (median, remote)',
    goal: '—',
    measured: `${ms(local.pack.medianUs / 1000, 2)} (${(local.gzBytes / 1000).toFixed(1)} kB)`,
  },
  { figure: 'POST /api/bundle, 64 connections', goal: '—', measured: perSec(http.bundleReqPerSec) },
  { figure: 'GET /api/health, 64 connections', goal: '—', measured: perSec(http.healthReqPerSec) },
  { figure: 'bundle / health ratio', goal: '≥ 0.5', measured: ratio.toFixed(3), pass: ratio >= 0.5 },
  {
    figure: 'server CPU per response: bundle / health',
    goal: '—',
    measured: `${Math.round(http.bundleCpuUs).toLocaleString('en')} µs / ${Math.round(http.healthCpuUs)} µs`,
  },
  {
    figure: 'p99 latency of POST /api/bundle',
    goal: '≤ 20 ms',
    measured: ms(http.bundleP99Ms, 0),
    pass: http.bundleP99Ms <= 20,
  },
  {
    figure: 'initial JS, gzipped',
    goal: '≤ 80 kB',
    measured: `${(initial.totalGzipBytes / 1000).toFixed(1)} kB (${initial.files.length} files)`,
    pass: initial.totalGzipBytes <= 80_000,
  },
  {
    figure: 'server cold start to first /api/health (median of 7)',
    goal: '≤ 1 s',
    measured: ms(cold.medianMs, 0),
    pass: cold.medianMs <= 1000,
  },
  ...keys.map(
    (k): Row => ({
      figure: `preview per keystroke, ${k.topology}, ${k.field} (median of ${k.keystrokes})`,
      goal: '≤ 1 ms',
      measured: `${ms(k.medianMs)} (p90 ${ms(k.p90Ms)})`,
      pass: k.medianMs <= 1,
    }),
  ),
  ...chunkRows(),
  ...throttledRows(throttled),
  ...lighthouseRows(lighthouse),
];

console.log(renderTable(rows));
console.log(
  `\nHTTP: ${rounds} rounds × ${seconds} s each, alternating; bundle p50 ${http.bundleP50Ms} ms, health p99 ${http.healthP99Ms} ms; ` +
    `${http.unexpected} bundle responses other than 200. Node ${process.version}, ${(await import('node:os')).cpus().length} cores.`,
);
if (process.env.BENCH_JSON)
  writeFileSync(
    process.env.BENCH_JSON,
    `${JSON.stringify({ local, http, initial, cold, keys, throttled, lighthouse }, null, 2)}\n`,
  );
if (http.unexpected > 0) process.exitCode = 1;
