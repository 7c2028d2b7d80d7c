// Precompressed static files: the web build writes name.br and name.gz
// beside each file (vite-plugin-compression2); @fastify/static's
// preCompressed picks one by Accept-Encoding. The fixture writes all three
// forms the way the build does, so this needs no build.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from './helpers.ts';

const INDEX = `<!doctype html><title>wizard</title>${'<p>skeleton</p>'.repeat(40)}`;
const SCRIPT = `export const answer = ${JSON.stringify('x'.repeat(2000))};\n`;
const STYLE = `body { color: black; }\n`.repeat(50);

function writeAll(path: string, text: string): void {
  writeFileSync(path, text);
  writeFileSync(`${path}.br`, brotliCompressSync(text));
  writeFileSync(`${path}.gz`, gzipSync(text));
}

describe('precompressed static files', () => {
  let app: FastifyInstance;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'lmtp-web-'));
    mkdirSync(join(dist, 'assets'));
    writeAll(join(dist, 'index.html'), INDEX);
    writeAll(join(dist, 'assets', 'index-abc123.js'), SCRIPT);
    writeAll(join(dist, 'assets', 'index-abc123.css'), STYLE);
    app = await buildTestApp({ config: { webDist: dist } });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const get = (url: string, acceptEncoding?: string) =>
    app.inject({
      method: 'GET',
      url,
      headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
    });

  const cases = [
    {
      url: '/assets/index-abc123.js',
      text: SCRIPT,
      type: /^text\/javascript|^application\/javascript/,
      cache: 'public, max-age=31536000, immutable',
    },
    { url: '/assets/index-abc123.css', text: STYLE, type: /^text\/css/, cache: 'public, max-age=31536000, immutable' },
    { url: '/', text: INDEX, type: /^text\/html/, cache: 'no-cache' },
    // A page URL answered by the SPA fallback (reply.sendFile) gets the same treatment.
    { url: '/review', text: INDEX, type: /^text\/html/, cache: 'no-cache' },
  ];

  for (const c of cases) {
    it(`${c.url}: br when accepted, with Vary, the right type and the caching header`, async () => {
      const res = await get(c.url, 'gzip, deflate, br');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(String(res.headers.vary).toLowerCase()).toContain('accept-encoding');
      expect(String(res.headers['content-type'])).toMatch(c.type);
      expect(res.headers['cache-control']).toBe(c.cache);
      expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(c.text));
      expect(brotliDecompressSync(res.rawPayload).toString('utf8')).toBe(c.text);
    });

    it(`${c.url}: gzip when br is not accepted`, async () => {
      const res = await get(c.url, 'gzip');
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(String(res.headers.vary).toLowerCase()).toContain('accept-encoding');
      expect(String(res.headers['content-type'])).toMatch(c.type);
      expect(res.headers['cache-control']).toBe(c.cache);
      expect(gunzipSync(res.rawPayload).toString('utf8')).toBe(c.text);
    });

    it(`${c.url}: the file itself, still with Vary, when nothing is accepted`, async () => {
      for (const accept of [undefined, 'identity']) {
        const res = await get(c.url, accept);
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-encoding']).toBeUndefined();
        expect(String(res.headers.vary).toLowerCase()).toContain('accept-encoding');
        expect(res.headers['cache-control']).toBe(c.cache);
        expect(res.body).toBe(c.text);
      }
    });
  }

  it('prefers br over gzip whatever the order, and honours q=0', async () => {
    expect((await get('/assets/index-abc123.js', 'br;q=0, gzip')).headers['content-encoding']).toBe('gzip');
    expect((await get('/assets/index-abc123.js', 'gzip, br')).headers['content-encoding']).toBe('br');
  });
});
