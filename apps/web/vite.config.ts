import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves dist/ under a strict CSP (no inline script or style),
// so the build must emit only external files: no inlined assets, no
// modulepreload polyfill (it is an inline-free module, but Chromium and
// Firefox support modulepreload natively and it costs bytes in the entry).
export default defineConfig({
  plugins: [react()],
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
