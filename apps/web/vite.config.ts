import { defineConfig, type Plugin, type ResolvedConfig } from 'vite';
import type { Rollup } from 'vite';
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
/** Takes the entry chunks' own stylesheets (inlined into index.html below) out of every chunk's preload table. */
function dropInlinedPreloads(bundle: Rollup.OutputBundle): void {
  const inlined = new Set<string>();
  for (const chunk of Object.values(bundle)) {
    if (chunk.type === 'chunk' && chunk.isEntry)
      for (const css of chunk.viteMetadata?.importedCss ?? []) inlined.add(css);
  }
  for (const chunk of Object.values(bundle)) {
    if (chunk.type !== 'chunk') continue;
    const table = /m\.f=\[([^\]]*)\]/.exec(chunk.code);
    if (!table) continue;
    const deps = JSON.parse(`[${table[1]}]`) as string[];
    const kept = deps.filter((d) => !inlined.has(d));
    if (kept.length === deps.length) continue;
    const renumber = new Map<number, number>();
    deps.forEach((d, i) => {
      if (!inlined.has(d)) renumber.set(i, kept.indexOf(d));
    });
    chunk.code = chunk.code
      .replace(table[0], `m.f=${JSON.stringify(kept)}`)
      .replace(/__vite__mapDeps\(\[([0-9,]*)\]\)/g, (_all, list: string) => {
        const ids = list === '' ? [] : list.split(',').map(Number);
        return `__vite__mapDeps([${ids
          .flatMap((i) => {
            const n = renumber.get(i);
            return n === undefined ? [] : [n];
          })
          .join(',')}])`;
      });
    for (const css of inlined)
      if (chunk.code.includes(css)) throw new Error(`inline-entry-stylesheet: ${chunk.fileName} still preloads ${css}`);
  }
}

/**
 * Runs `edit` on the bundle right after Vite's import analysis has written
 * each chunk's final code (its __vite__mapDeps table first of all), and
 * before vite-plugin-compression2 compresses the chunks (it hooks the same
 * place, later). A plugin's own generateBundle runs too early for that.
 */
function afterImportAnalysis(config: ResolvedConfig, edit: (bundle: Rollup.OutputBundle) => void): void {
  const analysis = config.plugins.find((p) => p.name === 'vite:build-import-analysis');
  const hook = analysis?.generateBundle;
  if (!analysis || !hook) throw new Error('lmtp-wizard: no vite:build-import-analysis to follow');
  const original = typeof hook === 'function' ? hook : hook.handler;
  const handler: typeof original = async function (this: ThisParameterType<typeof original>, ...args) {
    await original.apply(this, args);
    edit(args[1]);
  };
  (analysis as { generateBundle: unknown }).generateBundle =
    typeof hook === 'function' ? handler : { ...hook, handler };
}

function inlineEntryStylesheet(): Plugin {
  return {
    name: 'lmtp-wizard:inline-entry-stylesheet',
    apply: 'build',
    // Vite lists the entry's stylesheet among the preloads of lazy chunks
    // (CSS dependencies are not subject to modulePreload.resolveDependencies).
    // Once inlined, that file is gone: a preload of it is a 404 that the CSP
    // refuses as text/html, and a console error at each lazy import. So right
    // after Vite's import analysis writes each chunk's __vite__mapDeps table,
    // and before vite-plugin-compression2 compresses the chunks (it hooks the
    // same place, later), the entry's stylesheets leave those tables.
    configResolved(config) {
      afterImportAnalysis(config, dropInlinedPreloads);
    },
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

/**
 * V8's explicit compile hint (issue 25: no long task on the first load). A
 * chunk that starts with `//# allFunctionsCalledOnLoad` has every function
 * compiled while the script streams in, on a background thread, instead of
 * each one on the main thread at its first call. The first load's chunks
 * (the entry, React and what else it imports statically) and the engine (the
 * schema, the generator) run most of their functions as they load, so the
 * hint takes their compilation out of the load's longest tasks. At 4x CPU
 * slowdown: React's client alone 60-100 ms of evaluation without it, 10-14 ms
 * with it; the engine's evaluation a task of 46-80 ms in 10 loads without it,
 * under 40 ms in 8 of 10 with it (docs/PERFORMANCE.md). Browsers without
 * compile hints read a comment. The lazy
 * chunks that load on demand keep V8's lazy compilation (most of their
 * functions wait for a click). scripts/compile-hints.mjs checks the build.
 */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';
const HINTED_CHUNKS = new Set(['engine']);

function compileHints(): Plugin {
  return {
    name: 'lmtp-wizard:compile-hints',
    apply: 'build',
    // Added to the final code (minification would strip a comment), and first
    // in the file, ahead of the __vite__mapDeps table that the import analysis
    // puts there: on the second line, V8 did not take it.
    configResolved(config) {
      afterImportAnalysis(config, (bundle) => {
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const hinted = new Set(chunks.filter((c) => c.isEntry).flatMap((c) => [c.fileName, ...c.imports]));
        for (const chunk of chunks)
          if (hinted.has(chunk.fileName) || HINTED_CHUNKS.has(chunk.name)) chunk.code = COMPILE_HINT + chunk.code;
      });
    },
  };
}

export default defineConfig({
  plugins: [
    react(),
    inlineEntryStylesheet(),
    compileHints(),
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
