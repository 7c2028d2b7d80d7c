// For any valid answers with ONE field replaced by a value that field
// refuses (a string with a control or non-ASCII character, an out-of-range
// or fractional number, a value of the wrong type), /api/validate answers
// 422 and the errors name that field. A tenth of PROPERTY_RUNS
// (scripts/test-limits.ts), and never below 1,000 cases, which the check that
// the run reached the fields of both topologies needs.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fieldsOf, fullAnswers, invalidFor, type Node } from './reject-arbitraries.ts';
import { buildTestApp } from './helpers.ts';
import { hangGuardMs, propertyRuns } from '../../../scripts/test-limits.ts';

const RUNS = Math.max(1000, propertyRuns(1000));
const ACCEPTED_RUNS = propertyRuns(200);
// Usually 3.6 ms per case through app.inject (3.6 s for 1,000 at a load
// average of 1 to 7 on 2 cores; 4.2 ms for the unmodified answers); the
// limit is ten times that, only a hang guard.
const MS_PER_CASE = 4.5;

/** A deep copy of the answers with the field at `path` set to `value`. */
function replaced(answers: unknown, path: Node['path'], value: unknown): unknown {
  const copy = structuredClone(answers) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1);
  if (last === undefined) throw new Error('the root is not a field');
  node[last] = value;
  return copy;
}

const mutation = fullAnswers.chain((answers) =>
  fc
    .constantFrom(...fieldsOf(answers))
    .chain((field) => invalidFor(field).map((value) => ({ answers, path: field.path, value }))),
);

describe('any one refused field gets 422 naming it', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it(
    'the unmodified answers are accepted (so the replaced field is what fails)',
    async () => {
      await fc.assert(
        fc.asyncProperty(fullAnswers, async (answers) => {
          const res = await app.inject({
            method: 'POST',
            url: '/api/validate',
            headers: { 'content-type': 'application/json' },
            payload: JSON.stringify(answers),
          });
          expect(res.statusCode).toBe(200);
        }),
        { numRuns: ACCEPTED_RUNS },
      );
    },
    hangGuardMs(MS_PER_CASE * ACCEPTED_RUNS),
  );

  it(
    `/api/validate, ${RUNS} cases`,
    async () => {
      const seen = new Set<string>();
      await fc.assert(
        fc.asyncProperty(mutation, async ({ answers, path, value }) => {
          const payload = JSON.stringify(replaced(answers, path, value));
          const res = await app.inject({
            method: 'POST',
            url: '/api/validate',
            headers: { 'content-type': 'application/json' },
            payload,
          });
          const field = path.join('.');
          expect(res.statusCode, `${field} = ${JSON.stringify(value)}`).toBe(422);
          const paths = (res.json() as { errors: { path: string }[] }).errors.map((e) => e.path);
          expect(paths, `${field} = ${JSON.stringify(value)}`).toContain(field);
          seen.add(field.replace(/\.\d+$/, '.N'));
        }),
        { numRuns: RUNS },
      );
      // The run reached the fields of both topologies, scalars and containers.
      for (const f of [
        'mailHost',
        'tcp.port',
        'sasl.password',
        'unixSocket.path',
        'delivery.virtualDomains',
        'limits',
        'topology',
      ]) {
        expect(seen, f).toContain(f);
      }
    },
    hangGuardMs(MS_PER_CASE * RUNS),
  );
});
