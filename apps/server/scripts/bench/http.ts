// POST /api/bundle against a bare GET /api/health on the same built server,
// alternately, in rounds, at 64 connections: both see the same machine state,
// so their ratio says what generating and packing cost over Fastify's floor.
import autocannon from 'autocannon';
import { LOAD_BODIES } from '../lib/load-bodies.ts';
import { runLoad } from '../lib/load-run.ts';
import { cpuSeconds, startServer, type StartOptions } from '../lib/server-process.ts';

export interface HttpFigures {
  rounds: number;
  seconds: number;
  connections: number;
  bundleReqPerSec: number;
  healthReqPerSec: number;
  /** Median over rounds of each round's p99 / p50, in ms. */
  bundleP99Ms: number;
  bundleP50Ms: number;
  healthP99Ms: number;
  /** Server CPU time (all threads, gzip's pool included) per response, in µs. */
  bundleCpuUs: number;
  healthCpuUs: number;
  /** Responses to valid bodies that were not 200 (must be 0 for the figures to mean anything). */
  unexpected: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function health(url: string, seconds: number, connections: number) {
  const r = await autocannon({ url: `${url}/api/health`, connections, duration: seconds, pipelining: 1 });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`/api/health: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { reqPerSec: r.requests.average, p99: r.latency.p99, requests: r.requests.total };
}

export async function httpFigures(
  rounds: number,
  seconds: number,
  connections = 64,
  start: StartOptions = {},
): Promise<HttpFigures> {
  const valid = LOAD_BODIES.filter((b) => b.expected === 200);
  const server = await startServer(start);
  try {
    // Warm-up, not counted: JIT, connection setup, first allocations.
    await runLoad({ url: server.url, seconds: 2, connections, bodies: valid });
    await health(server.url, 2, connections);
    const bundle: { reqPerSec: number; p99: number; p50: number; cpuUs: number }[] = [];
    const bare: { reqPerSec: number; p99: number; cpuUs: number }[] = [];
    let unexpected = 0;
    for (let i = 0; i < rounds; i++) {
      let cpu0 = cpuSeconds(server.pid);
      const b = await runLoad({ url: server.url, seconds, connections, bodies: valid });
      const bundleCpu = cpuSeconds(server.pid) - cpu0;
      unexpected += b.unexpected;
      bundle.push({ reqPerSec: b.reqPerSec, p99: b.p99Ms, p50: b.p50Ms, cpuUs: (bundleCpu / b.requests) * 1e6 });
      cpu0 = cpuSeconds(server.pid);
      const h = await health(server.url, seconds, connections);
      bare.push({ ...h, cpuUs: ((cpuSeconds(server.pid) - cpu0) / h.requests) * 1e6 });
    }
    return {
      rounds,
      seconds,
      connections,
      bundleReqPerSec: mean(bundle.map((b) => b.reqPerSec)),
      healthReqPerSec: mean(bare.map((b) => b.reqPerSec)),
      bundleP99Ms: median(bundle.map((b) => b.p99)),
      bundleP50Ms: median(bundle.map((b) => b.p50)),
      healthP99Ms: median(bare.map((b) => b.p99)),
      bundleCpuUs: median(bundle.map((b) => b.cpuUs)),
      healthCpuUs: median(bare.map((b) => b.cpuUs)),
      unexpected,
    };
  } finally {
    await server.stop();
  }
}

/** Process start to the first 200 from /api/health, median of `runs` starts. */
export async function coldStartMs(runs: number): Promise<{ medianMs: number; all: number[] }> {
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const server = await startServer();
    all.push(server.startMs);
    await server.stop();
  }
  return { medianMs: median(all), all };
}
