// In-process figures: generate() per bundle and tar+gzip per bundle. Each is
// the median over many batches, after a warm-up long enough for V8 to
// optimise the code, with every result kept alive so nothing is optimised away.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { generate, type GeneratorOutput } from '@lmtp-wizard/generator';
import { parseAnswers, type Answers } from '@lmtp-wizard/schema';
import { bundleEntries, packEntries, packOutput } from '../../src/lib/pack.ts';
import { REPO_DIR } from '../lib/server-process.ts';

export interface Timing {
  /** Median time of one call, in microseconds. */
  medianUs: number;
  calls: number;
}

let sink = 0;

/** Median per-call time over `batches` batches of `batch` calls. */
export async function timeCalls(
  fn: () => unknown,
  o: { warmup: number; batch: number; batches: number },
): Promise<Timing> {
  const keep = (r: unknown) => {
    sink += r instanceof Promise ? 1 : typeof r === 'object' && r !== null ? 1 : 0;
  };
  for (let i = 0; i < o.warmup; i++) keep(await fn());
  const perCall: number[] = [];
  for (let b = 0; b < o.batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < o.batch; i++) keep(await fn());
    perCall.push(Number(process.hrtime.bigint() - t0) / 1000 / o.batch);
  }
  perCall.sort((x, y) => x - y);
  return { medianUs: perCall[Math.floor(perCall.length / 2)] ?? NaN, calls: o.batch * o.batches };
}

/** The README's example answers, parsed as the API would. */
/** examples/<topology>.json, parsed: the answers of that topology. */
export function exampleAnswers<T extends 'single-host' | 'remote'>(name: T): Extract<Answers, { topology: T }> {
  const parsed = parseAnswers(JSON.parse(readFileSync(join(REPO_DIR, 'examples', `${name}.json`), 'utf8')));
  if (!parsed.ok) throw new Error(`examples/${name}.json does not parse`);
  return parsed.answers as Extract<Answers, { topology: T }>;
}

// The async loop around a synchronous generate() would add a microtask per
// call; batches of synchronous calls keep the figure to generate() itself.
function timeSync(fn: () => GeneratorOutput, batch: number, batches: number, warmup: number): Timing {
  for (let i = 0; i < warmup; i++) sink += fn().hosts.length;
  const perCall: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) sink += fn().hosts.length;
    perCall.push(Number(process.hrtime.bigint() - t0) / 1000 / batch);
  }
  perCall.sort((x, y) => x - y);
  return { medianUs: perCall[Math.floor(perCall.length / 2)] ?? NaN, calls: batch * batches };
}

export interface InProcessFigures {
  generate: Record<'single-host' | 'remote', Timing>;
  /** Remote, with a different mail and store host on every call: no text repeats from the call before. */
  generateVaried: Timing;
  pack: Timing;
  /** gzip of the same tar alone, at the level pack uses (9) and at zlib's default (6), to explain pack. */
  gzip9: Timing;
  gzip6: Timing;
  tarBytes: number;
  gzBytes: number;
}

export async function inProcess(): Promise<InProcessFigures> {
  const single = exampleAnswers('single-host');
  const remote = exampleAnswers('remote');
  const generateFigures = {
    'single-host': timeSync(() => generate(single), 200, 200, 20_000),
    remote: timeSync(() => generate(remote), 200, 200, 20_000),
  };
  // 4,096 answers that differ in the host names, which reach many comment
  // lines: the generator's wrapping cache then misses as for real traffic.
  const varied = Array.from(
    { length: 4096 },
    (_, i): Answers => ({
      ...remote,
      mailHost: `mail${i}.example.org`,
      tcp: { ...remote.tcp, storeHost: `store${i}.example.org` },
    }),
  );
  let k = 0;
  const generateVaried = timeSync(() => generate(varied[k++ % varied.length] as Answers), 200, 200, 20_000);
  const output = generate(remote);
  const opts = { warmup: 200, batch: 5, batches: 100 };
  const pack = await timeCalls(() => packOutput(output), opts);
  const tar = gunzipSync(await packEntries(bundleEntries(output)));
  const gzip9 = await timeCalls(() => gzipSync(tar, { level: 9 }), opts);
  const gzip6 = await timeCalls(() => gzipSync(tar, { level: 6 }), opts);
  if (sink < 0) console.log(sink);
  return {
    generate: generateFigures,
    generateVaried,
    pack,
    gzip9,
    gzip6,
    tarBytes: tar.length,
    gzBytes: gzipSync(tar, { level: 9 }).length,
  };
}
