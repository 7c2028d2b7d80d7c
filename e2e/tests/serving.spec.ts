// The built site as the browser receives it: every file the page loads
// comes compressed (the build writes .br and .gz, the server picks one by
// Accept-Encoding), and the caching headers say which files may be kept.
import { expect, test } from './fixtures.ts';
import { open } from './wizard.ts';

const isImage = (path: string) => path.endsWith('.png');

test('every file of the first load comes compressed, with Vary and the caching header', async ({ page, request }) => {
  const seen: { url: string; encoding?: string; vary?: string; cache?: string }[] = [];
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.pathname.startsWith('/api/')) return;
    const h = res.headers();
    seen.push({ url: url.pathname, encoding: h['content-encoding'], vary: h.vary, cache: h['cache-control'] });
  });
  await open(page);
  // The generator chunk loads after first paint.
  await expect(page.locator('aside .preview-status')).not.toHaveText(/Loading the generator/);
  // The page (its stylesheet inline), its script, the generator chunk, the icon.
  const paths = seen.map((s) => s.url);
  expect(paths).toContain('/');
  expect(paths.filter((p) => p.endsWith('.js')).length).toBeGreaterThanOrEqual(2);
  // No stylesheet request: it would hold the first paint back by a round trip.
  expect(paths.filter((p) => p.endsWith('.css'))).toEqual([]);
  expect(await page.locator('head style').count()).toBe(1);
  for (const s of seen) {
    expect(s.encoding ?? '', s.url).toMatch(isImage(s.url) ? /^$/ : /^(br|gzip)$/);
    expect(s.vary?.toLowerCase(), s.url).toContain('accept-encoding');
    expect(s.cache, s.url).toBe(s.url.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  }

  // The icon is a PNG, compressed by its format: served as it is.
  const icon = await request.get('/favicon.png', { headers: { 'accept-encoding': 'br, gzip' } });
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/png');
  expect(icon.headers()['content-encoding']).toBeUndefined();

  // Each text file is there in all three forms, and the compressed ones are smaller.
  for (const path of new Set(paths.filter((p) => !isImage(p)))) {
    const sizes: Record<string, number> = {};
    for (const accept of ['br', 'gzip', 'identity']) {
      const res = await request.get(path, { headers: { 'accept-encoding': accept } });
      expect(res.status(), path).toBe(200);
      expect(res.headers()['content-encoding'], `${path} ${accept}`).toBe(accept === 'identity' ? undefined : accept);
      sizes[accept] = Number(res.headers()['content-length']);
    }
    // Smaller; at least half for all but the small lazy chunks (issue 25), which compress less.
    if ((sizes.identity ?? 0) > 1000) {
      const most = (sizes.identity ?? 0) / ((sizes.identity ?? 0) > 4000 ? 2 : 1);
      expect(sizes.br, path).toBeLessThan(most);
      expect(sizes.gzip, path).toBeLessThan(most);
    }
  }
});
