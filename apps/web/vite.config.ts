import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';

// The server serves dist/ under a strict CSP (no inline script or style),
// so the build must emit only external files: no inlined assets, no
// modulepreload polyfill (it is an inline-free module, but Chromium and
// Firefox support modulepreload natively and it costs bytes in the entry).
export default defineConfig({
  plugins: [
    react(),
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
