// Every entry of the hostile corpus against the three POST routes: a 4xx
// (422 for the schema, 413 for size), never a 5xx, an errors list that names
// the hostile field, and neither the response nor the log quoting the value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { BASES, CORPUS, STRING_FIELDS, type HostileEntry } from './hostile-corpus.ts';
import { HOSTILE_STRINGS } from './hostile-values.ts';
import { buildTestApp, captureLogs, postJson } from './helpers.ts';

const ENDPOINTS = ['/api/validate', '/api/preview', '/api/bundle'] as const;
const BODY_LIMIT = 64 * 1024;

/** Raw and JSON-escaped: an echo inside a JSON string shows up escaped. */
const forms = (value: string) => [value, JSON.stringify(value).slice(1, -1)];

/** Problems with one entry's answer; empty when it behaved. */
function judge(
  entry: HostileEntry,
  url: string,
  res: { statusCode: number; body: string; headers: Record<string, unknown> },
): string[] {
  const problems: string[] = [];
  if (res.statusCode >= 500) problems.push(`5xx (${res.statusCode})`);
  if (res.statusCode !== entry.status) problems.push(`status ${res.statusCode}, expected ${entry.status}`);
  if (url === '/api/bundle' && res.headers['content-disposition'] !== undefined) problems.push('sent a tarball');
  let paths: string[] = [];
  try {
    const body = JSON.parse(res.body) as { ok?: unknown; errors?: { path: string }[] };
    if (body.ok !== false) problems.push('ok is not false');
    paths = (body.errors ?? []).map((e) => e.path);
  } catch {
    problems.push('body is not JSON');
  }
  if (!paths.includes(entry.path))
    problems.push(`errors name ${JSON.stringify(paths)}, not ${JSON.stringify(entry.path)}`);
  return problems;
}

const echoes = (entry: HostileEntry, text: string) =>
  entry.hostile !== undefined && forms(entry.hostile).some((f) => text.includes(f));

// One test per endpoint and field, each listing every entry that misbehaved.
const groups = new Map<string, HostileEntry[]>();
for (const entry of CORPUS) {
  const key = entry.name.split(': ')[0] ?? entry.name;
  groups.set(key, [...(groups.get(key) ?? []), entry]);
}

describe('hostile corpus', () => {
  let app: FastifyInstance;
  const logs = captureLogs();
  beforeAll(async () => {
    app = await buildTestApp({ config: { logLevel: 'info' }, logStream: logs.stream });
  });
  afterAll(() => app.close());

  it('is built on valid bodies, so each entry fails for its one hostile field', async () => {
    for (const base of Object.values(BASES)) {
      for (const url of ENDPOINTS)
        expect((await postJson(app, url, base)).statusCode, `${base.topology} ${url}`).toBe(200);
    }
  });

  it('covers every string field with every hostile string, and sizes bodies around the 64 KiB limit', () => {
    const names = new Set(CORPUS.map((e) => e.name));
    expect(names.size).toBe(CORPUS.length);
    for (const field of STRING_FIELDS) {
      for (const h of HOSTILE_STRINGS) {
        if (h.printable && field.path === 'sasl.password') continue;
        expect(names.has(`${field.path}: ${h.name}`), `${field.path}: ${h.name}`).toBe(true);
      }
    }
    for (const e of CORPUS) {
      const size = Buffer.byteLength(e.payload);
      if (e.status === 422) expect(size, e.name).toBeLessThan(BODY_LIMIT);
      else expect(size, e.name).toBeGreaterThan(BODY_LIMIT);
    }
    const required = [
      '\n',
      '\r',
      '\u0000',
      '\u007f',
      '\u0430',
      '\uff4d',
      '\u202e',
      '\u2066',
      '\u2028',
      '$(id)',
      '`',
      ';',
      "'",
      '"',
      '\\',
      '..',
    ];
    for (const s of required)
      expect(
        CORPUS.some((e) => e.hostile?.includes(s) ?? false),
        JSON.stringify(s),
      ).toBe(true);
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      expect(
        CORPUS.some((e) => e.path === key),
        key,
      ).toBe(true);
      expect(
        CORPUS.some((e) => e.path.endsWith(`.${key}`)),
        `nested ${key}`,
      ).toBe(true);
    }
  });

  for (const url of ENDPOINTS) {
    describe(url, () => {
      for (const [field, entries] of groups) {
        it(`${JSON.stringify(field).slice(1, -1)}: ${entries.length} entries get 4xx naming the field, without echoing the value`, async () => {
          const failures: string[] = [];
          for (const entry of entries) {
            const res = await app.inject({
              method: 'POST',
              url,
              headers: { 'content-type': 'application/json' },
              payload: entry.payload,
            });
            const problems = judge(entry, url, res);
            if (echoes(entry, res.body)) problems.push('echoes the hostile value');
            if (problems.length > 0) failures.push(`${entry.name}: ${problems.join('; ')}`);
          }
          expect(failures).toEqual([]);
        });
      }
    });
  }

  it('leaves Object.prototype alone', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('password');
  });

  it('never writes a hostile value to the log (which saw every request)', () => {
    const text = logs.text();
    expect(text.match(/"url":"\/api\/bundle"/g)?.length ?? 0).toBeGreaterThanOrEqual(CORPUS.length);
    expect(CORPUS.filter((e) => echoes(e, text)).map((e) => e.name)).toEqual([]);
  });
});
