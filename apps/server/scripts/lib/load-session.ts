// Build, start the built server, read its RSS, load it, read its RSS again,
// stop it. Shared by `pnpm load` (60 s) and the CI check (5 s).
import { LOAD_BODIES } from './load-bodies.ts';
import { runLoad, type LoadResult } from './load-run.ts';
import { buildServer, rssKb, startServer } from './server-process.ts';

export interface LoadReport extends LoadResult {
  seconds: number;
  connections: number;
  rssBeforeKb: number;
  rssAfterKb: number;
  /** RSS once a second during the run: growth that levels off is warm-up, growth that does not is a leak. */
  rssEverySecondKb: number[];
}

export async function loadSession(seconds: number, connections = 64): Promise<LoadReport> {
  buildServer();
  const server = await startServer({ env: { RATE_LIMIT_MAX: '0' } });
  try {
    const rssBeforeKb = rssKb(server.pid);
    const rssEverySecondKb: number[] = [];
    const sampler = setInterval(() => rssEverySecondKb.push(rssKb(server.pid)), 1000);
    const result = await runLoad({ url: server.url, seconds, connections, bodies: LOAD_BODIES }).finally(() =>
      clearInterval(sampler),
    );
    const rssAfterKb = rssKb(server.pid);
    return { ...result, seconds, connections, rssBeforeKb, rssAfterKb, rssEverySecondKb };
  } finally {
    await server.stop();
  }
}

const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MiB`;

export function formatReport(r: LoadReport): string {
  const statuses = Object.entries(r.byStatus)
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ');
  const growth = r.rssAfterKb - r.rssBeforeKb;
  return [
    `POST /api/bundle, ${r.seconds} s at ${r.connections} connections, RATE_LIMIT_MAX=0`,
    `requests            ${r.requests} (${r.reqPerSec.toFixed(0)} req/s; ${statuses})`,
    `unexpected statuses ${r.unexpected} (connection errors ${r.errors}, timeouts ${r.timeouts})`,
    `latency             p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`,
    `server RSS          ${mb(r.rssBeforeKb)} before, ${mb(r.rssAfterKb)} after (${growth >= 0 ? '+' : ''}${mb(growth)})`,
    `RSS peak            ${mb(Math.max(r.rssBeforeKb, ...r.rssEverySecondKb, r.rssAfterKb))}`,
    `RSS every 10 s      ${
      r.rssEverySecondKb
        .filter((_, i) => i % 10 === 9)
        .map(mb)
        .join(', ') || '(run shorter than 10 s)'
    }`,
    ...r.mismatches.map((m) => `  unexpected: ${m.name} expected ${m.expected}, got ${m.got}`),
  ].join('\n');
}
