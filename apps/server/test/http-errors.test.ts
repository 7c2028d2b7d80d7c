import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SerializeError } from '@lmtp-wizard/generator';
import { buildTestApp, captureLogs, singleHost } from './helpers.ts';

const expectJsonError = (
  res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
) => {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = res.json() as { ok: boolean; errors: { path: string; message: string }[] };
  expect(body.ok).toBe(false);
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0]?.path).toBe('');
  return body.errors[0]?.message ?? '';
};

describe('HTTP mistakes get 4xx JSON, never 5xx', () => {
  let app: FastifyInstance;
  const logs = captureLogs();
  beforeAll(async () => {
    app = await buildTestApp({ config: { logLevel: 'trace' }, logStream: logs.stream });
    // A route that fails like a bug would, to check that 5xx hides internals.
    app.get('/api/test-crash', async () => {
      throw new Error('internal detail /etc/secret at line 42');
    });
    // What the generator throws when a serializer refuses a value the schema let through.
    app.get('/api/test-serializer', async () => {
      throw new SerializeError('tcp.storeHost', '"evil\nlmtp_admins: anyone" is not allowed');
    });
  });
  afterAll(() => app.close());

  it('400 for malformed JSON, without quoting the body', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/validate',
      headers: { 'content-type': 'application/json' },
      payload: '{"topology": "remote", oops',
    });
    const message = expectJsonError(res, 400);
    expect(message).toBe('The body is not valid JSON');
    expect(res.body).not.toContain('oops');
  });

  it('400 for an empty JSON body', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/bundle',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expectJsonError(res, 400);
  });

  it('413 for a body over 64 KiB', async () => {
    const payload = JSON.stringify({ ...singleHost, pad: 'x'.repeat(64 * 1024) });
    const res = await app.inject({
      method: 'POST',
      url: '/api/preview',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(expectJsonError(res, 413)).toMatch(/64 KiB/);
  });

  it('accepts a body just under the limit (and judges it on its fields)', async () => {
    const payload = JSON.stringify({ ...singleHost, pad: 'x'.repeat(60 * 1024) });
    const res = await app.inject({
      method: 'POST',
      url: '/api/validate',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ path: 'pad', message: 'Unknown field "pad"' }]);
  });

  it('415 for text/plain, form data and a missing content type with a body', async () => {
    const body = JSON.stringify(singleHost);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/validate',
        headers: { 'content-type': type },
        payload: body,
      });
      expectJsonError(res, 415);
    }
    const untyped = await app.inject({ method: 'POST', url: '/api/validate', payload: Buffer.from(body) });
    expectJsonError(untyped, 415);
  });

  it('accepts application/json with a charset', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/validate',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      payload: JSON.stringify(singleHost),
    });
    expect(res.statusCode).toBe(200);
  });

  it('JSON 404 for unknown /api paths and wrong methods', async () => {
    for (const [method, url] of [
      ['GET', '/api/nope'],
      ['POST', '/api/nope'],
      ['GET', '/api/bundle'],
      ['GET', '/api'],
      ['DELETE', '/api/health'],
    ] as const) {
      const res = await app.inject({ method, url });
      expect(expectJsonError(res, 404), `${method} ${url}`).toBe('No such endpoint');
    }
  });

  it('422 naming the field when a serializer refuses a value, without echoing it', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test-serializer' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({ ok: false, errors: [{ path: 'tcp.storeHost', message: expect.any(String) }] });
    expect(res.body).not.toContain('evil');
    expect(logs.text()).toContain('"field":"tcp.storeHost"');
    expect(logs.text()).not.toContain('evil');
  });

  it('500 hides internals from the client and keeps the message out of the log', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test-crash' });
    expectJsonError(res, 500);
    expect(res.body).not.toMatch(/internal detail|secret|line 42|stack/);
    expect(logs.text()).toContain('"statusCode":500');
    expect(logs.text()).not.toContain('internal detail');
  });
});
