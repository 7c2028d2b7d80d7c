import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, postJson, singleHost } from './helpers.ts';

const INDEX = '<!doctype html><title>wizard</title><script type="module" src="/assets/app-abc123.js"></script>';

describe('web app, SPA fallback and security headers', () => {
  let app: FastifyInstance;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'lmtp-web-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
    writeFileSync(join(dist, '.env'), 'NOPE=1');
    app = await buildTestApp({ config: { webDist: dist } });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / with a strict CSP and the helmet headers', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(INDEX);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves fingerprinted assets as immutable', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('falls back to index.html for page URLs, not for /api or missing files', async () => {
    const page = await app.inject({ method: 'GET', url: '/review?step=6' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe(INDEX);
    for (const url of ['/api/nope', '/assets/missing.js']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().ok, url).toBe(false);
    }
    const dotfile = await app.inject({ method: 'GET', url: '/.env' });
    expect(dotfile.statusCode).toBe(403);
    expect(dotfile.json()).toEqual({ ok: false, errors: [{ path: '', message: 'Forbidden' }] });
    const post = await app.inject({ method: 'POST', url: '/review' });
    expect(post.statusCode).toBe(404);
  });

  it('puts the headers on API answers too', async () => {
    const res = await postJson(app, '/api/validate', singleHost);
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('rate limit on POST routes', () => {
  it('answers 429 JSON after RATE_LIMIT_MAX posts, and leaves GET alone', async () => {
    const app = await buildTestApp({ config: { rateLimit: { max: 2, windowMs: 60_000 } } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await postJson(app, '/api/validate', singleHost)).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await postJson(app, '/api/validate', singleHost);
    expect(limited.json()).toEqual({
      ok: false,
      errors: [{ path: '', message: expect.stringMatching(/Too many requests/) }],
    });
    expect(limited.headers['retry-after']).toBeDefined();
    for (let i = 0; i < 5; i++) expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    await app.close();
  });

  // Behind a reverse proxy every request arrives from the proxy's address.
  const fromProxy = (app: FastifyInstance, client: string) =>
    app.inject({
      method: 'POST',
      url: '/api/validate',
      remoteAddress: '127.0.0.1',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      payload: JSON.stringify(singleHost),
    });

  it('puts every client behind a proxy in one bucket unless TRUST_PROXY says otherwise', async () => {
    const app = await buildTestApp({ config: { rateLimit: { max: 1, windowMs: 60_000 } } });
    expect((await fromProxy(app, '198.51.100.1')).statusCode).toBe(200);
    // Off by default: a forged X-Forwarded-For does not buy a fresh bucket.
    expect((await fromProxy(app, '198.51.100.2')).statusCode).toBe(429);
    await app.close();
  });

  it('keys the limit on the forwarded client address when the proxy is trusted', async () => {
    for (const trustProxy of [true, ['127.0.0.1'], ['127.0.0.0/8', '::1']]) {
      const app = await buildTestApp({ config: { rateLimit: { max: 1, windowMs: 60_000 }, trustProxy } });
      expect((await fromProxy(app, '198.51.100.1')).statusCode, String(trustProxy)).toBe(200);
      expect((await fromProxy(app, '198.51.100.2')).statusCode, String(trustProxy)).toBe(200);
      expect((await fromProxy(app, '198.51.100.1')).statusCode, String(trustProxy)).toBe(429);
      await app.close();
    }
    // A proxy not on the list is not believed.
    const app = await buildTestApp({ config: { rateLimit: { max: 1, windowMs: 60_000 }, trustProxy: ['10.0.0.1'] } });
    expect((await fromProxy(app, '198.51.100.1')).statusCode).toBe(200);
    expect((await fromProxy(app, '198.51.100.2')).statusCode).toBe(429);
    await app.close();
  });

  it('is off with max 0', async () => {
    const app = await buildTestApp({ config: { rateLimit: { max: 0, windowMs: 60_000 } } });
    for (let i = 0; i < 30; i++) expect((await postJson(app, '/api/validate', singleHost)).statusCode).toBe(200);
    await app.close();
  });
});

// Issue 13: the web build inlines its stylesheet into index.html; the CSP
// allows that one element by its hash, and nothing else inline.
describe('the inline stylesheet of index.html', () => {
  const CSS = ':root{--text:#1f2937}body{margin:0}';
  const WITH_STYLE = `<!doctype html><title>wizard</title><style>${CSS}</style><script type="module" src="/assets/app-abc123.js"></script>`;
  let app: FastifyInstance;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'lmtp-web-'));
    writeFileSync(join(dist, 'index.html'), WITH_STYLE);
    app = await buildTestApp({ config: { webDist: dist } });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('is allowed by its SHA-256 in style-src, with no unsafe-inline', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    const styleSrc = String(res.headers['content-security-policy'])
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith('style-src'));
    const hash = createHash('sha256').update(CSS).digest('base64');
    expect(styleSrc).toBe(`style-src 'self' 'sha256-${hash}'`);
    // The SPA fallback sends the same page under the same policy.
    const page = await app.inject({ method: 'GET', url: '/review' });
    expect(page.headers['content-security-policy']).toBe(res.headers['content-security-policy']);
  });

  it('a page without one gets style-src self alone', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'lmtp-web-'));
    writeFileSync(join(plain, 'index.html'), INDEX);
    const other = await buildTestApp({ config: { webDist: plain } });
    try {
      const res = await other.inject({ method: 'GET', url: '/' });
      expect(String(res.headers['content-security-policy'])).toContain("style-src 'self';");
    } finally {
      await other.close();
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
