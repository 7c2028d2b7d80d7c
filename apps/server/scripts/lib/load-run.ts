// One autocannon run against POST /api/bundle with the mixed bodies. Each
// request picks the next body in setupRequest and leaves its expected status
// in the connection's context; onResponse compares. With pipelining 1 a
// connection has one request in flight, so the context pairs them exactly.
import autocannon, { type Request } from 'autocannon';
import type { LoadBody } from './load-bodies.ts';

export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
  bodies: readonly LoadBody[];
}

export interface LoadResult {
  requests: number;
  /** Responses whose status was not the one expected for their body, plus connection errors and timeouts. */
  unexpected: number;
  byStatus: Record<string, number>;
  mismatches: { name: string; expected: number; got: number }[];
  errors: number;
  timeouts: number;
  p50Ms: number;
  p99Ms: number;
  reqPerSec: number;
}

interface Pairing {
  expected?: number;
  name?: string;
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  let next = 0;
  let responses = 0;
  let wrong = 0;
  const byStatus: Record<string, number> = {};
  const mismatches: LoadResult['mismatches'] = [];
  const request: Request = {
    method: 'POST',
    path: '/api/bundle',
    headers: { 'content-type': 'application/json' },
    setupRequest: (req, context) => {
      const pick = opts.bodies[next++ % opts.bodies.length];
      if (!pick) throw new Error('no load bodies');
      Object.assign(context as Pairing, { expected: pick.expected, name: pick.name });
      return { ...req, body: pick.body };
    },
    onResponse: (status, _body, context) => {
      const { expected, name = '?' } = context as Pairing;
      responses++;
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      if (status === expected) return;
      wrong++;
      if (mismatches.length < 20) mismatches.push({ name, expected: expected ?? 0, got: status });
    },
  };
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.seconds,
    pipelining: 1,
    timeout: 10,
    requests: [request],
  });
  if (responses === 0) throw new Error('no responses: is the server answering?');
  return {
    requests: responses,
    unexpected: wrong + result.errors,
    byStatus,
    mismatches,
    errors: result.errors,
    timeouts: result.timeouts,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    reqPerSec: result.requests.average,
  };
}
