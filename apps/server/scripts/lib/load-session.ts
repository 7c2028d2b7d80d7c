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
}

export async function loadSession(seconds: number, connections = 64): Promise<LoadReport> {
  buildServer();
  const server = await startServer({ env: { RATE_LIMIT_MAX: '0' } });
  try {
    const rssBeforeKb = rssKb(server.pid);
    const result = await runLoad({ url: server.url, seconds, connections, bodies: LOAD_BODIES });
    const rssAfterKb = rssKb(server.pid);
    return { ...result, seconds, connections, rssBeforeKb, rssAfterKb };
  } finally {
    await server.stop();
  }
}

const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MiB`;

export function formatReport(r: LoadReport): string {
  const statuses = Object.entries(r.byStatus).map(([s, n]) => `${s}: ${n}`).join(', ');
  const growth = r.rssAfterKb - r.rssBeforeKb;
  return [
    `POST /api/bundle, ${r.seconds} s at ${r.connections} connections, RATE_LIMIT_MAX=0`,
    `requests            ${r.requests} (${r.reqPerSec.toFixed(0)} req/s; ${statuses})`,
    `unexpected statuses ${r.unexpected} (connection errors ${r.errors}, timeouts ${r.timeouts})`,
    `latency             p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`,
    `server RSS          ${mb(r.rssBeforeKb)} before, ${mb(r.rssAfterKb)} after (${growth >= 0 ? '+' : ''}${mb(growth)})`,
    ...r.mismatches.map((m) => `  unexpected: ${m.name} expected ${m.expected}, got ${m.got}`),
  ].join('\n');
}
