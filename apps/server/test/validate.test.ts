import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, postJson, remote, singleHost } from './helpers.ts';

describe('POST /api/validate', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it('accepts both topologies with 200 and the warnings list', async () => {
    for (const answers of [singleHost, remote]) {
      const res = await postJson(app, '/api/validate', answers);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.ok).toBe(true);
      expect(Array.isArray(body.warnings)).toBe(true);
    }
  });

  it('passes on cross-field warnings', async () => {
    const res = await postJson(app, '/api/validate', { ...singleHost, delivery: { virtualDomains: ['example.net'] } });
    expect(res.statusCode).toBe(200);
    expect(res.json().warnings.map((w: { path: string }) => w.path)).toContain('cyrus.virtdomains');
  });

  it('names the cross-field errors of what parsed in the same 422 as the field errors', async () => {
    const res = await postJson(app, '/api/validate', { ...remote, tcp: { storeHost: remote.mailHost, port: 70000 } });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['tcp.port', 'tcp.storeHost']);
  });

  it('names tcp.port when the port is out of range', async () => {
    const res = await postJson(app, '/api/validate', { ...remote, tcp: { ...remote.tcp, port: 70000 } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      ok: false,
      errors: [{ path: 'tcp.port', message: 'LMTP port must be at most 65535' }],
    });
  });

  it('tells a wrong type from a missing field', async () => {
    const wrong = await postJson(app, '/api/validate', { ...remote, tcp: { ...remote.tcp, port: 'abc' } });
    expect(wrong.json().errors).toEqual([{ path: 'tcp.port', message: 'LMTP port must be a whole number' }]);
    const { sasl: _omit, ...missing } = remote;
    const res = await postJson(app, '/api/validate', missing);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ path: 'sasl', message: 'SASL credentials is required' }]);
  });

  it('reports each unknown key with its own path', async () => {
    const res = await postJson(app, '/api/validate', { ...remote, bogus: 1, tcp: { ...remote.tcp, extra: true } });
    expect(res.statusCode).toBe(422);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['bogus', 'tcp.extra']));
  });

  it('refuses prototype-pollution keys as unknown fields, without polluting', async () => {
    const payload = `{"topology":"single-host","mailHost":"mail.example.org","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}`;
    const res = await app.inject({
      method: 'POST',
      url: '/api/validate',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(res.statusCode).toBe(422);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['__proto__', 'constructor']));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers 422 with path "" for a body that is not an object', async () => {
    for (const body of [[], 'x', 42, null]) {
      const res = await postJson(app, '/api/validate', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().errors[0].path).toBe('');
    }
  });
});
