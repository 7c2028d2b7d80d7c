import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';

// The server serves dist/ under a strict CSP (no inline script, no inline
// style attribute), so the build emits no inlined assets and no modulepreload
// polyfill (Chromium and Firefox support modulepreload natively, and it
// costs bytes in the entry). The one exception is the stylesheet, below.

/**
 * The entry stylesheet goes into index.html as one <style> element instead of
 * a <link> (issue 13: first paint). A linked stylesheet blocks the first
 * paint for a whole round trip after the HTML has arrived; it is 3.5 kB
 * compressed, about the size of that round trip's headers, so inlining costs
 * nearly nothing and saves one request. The server allows exactly this
 * element by its SHA-256 in the CSP (apps/server/src/lib/csp.ts), computed
 * from the built index.html at start-up; style="" attributes stay refused.
 */
function inlineEntryStylesheet(): Plugin {
  return {
    name: 'lmtp-wizard:inline-entry-stylesheet',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        return html.replace(/<link rel="stylesheet"[^>]*href="\/(assets\/[^"]+\.css)"[^>]*>/g, (tag, file: string) => {
          const asset = bundle[file];
          if (asset?.type !== 'asset') throw new Error(`inline-entry-stylesheet: ${file} is not in the bundle`);
          const css = String(asset.source);
          if (css.includes('</style')) throw new Error(`inline-entry-stylesheet: ${file} contains "</style"`);
          delete bundle[file];
          return `<style>${css}</style>`;
        });
      },
    },
  };
}

export default defineConfig({
  plugins: [
    react(),
    inlineEntryStylesheet(),
    // A .br and a .gz beside every text file of dist/ (public/ included), at
    // the best level, once per build; the server's static plugin
    // (preCompressed) picks one by Accept-Encoding. Kept even when larger,
    // so every asset has all three forms and the server test can say so.
    compression({ algorithms: ['brotliCompress', 'gzip'], skipIfLargerOrEqual: false, logLevel: 'silent' }),
  ],
  build: {
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
