#!/usr/bin/env node
// The built web app's V8 compile hints (issue 25: no long task on the first
// load): the chunks index.html loads (the entry and React) and the engine
// chunk must open with `//# allFunctionsCalledOnLoad` in every form the server may send (the
// file, its .br and its .gz: the hint is added after Vite's import analysis,
// so a plugin order that compressed first would serve chunks without it).
// Exits 1 and names each chunk and form that lacks it.
//
//   node scripts/compile-hints.mjs [--dist apps/web/dist]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { DEFAULT_DIST, eagerScripts } from './initial-js.mjs';

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/** The chunks that must carry the hint: index.html's own scripts and the engine. */
export function hintedChunks(dist = DEFAULT_DIST) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entries = eagerScripts(html)
    .filter((u) => u.startsWith('/assets/') && u.endsWith('.js'))
    .map((u) => u.slice(1));
  const engine = readdirSync(join(dist, 'assets'))
    .filter((f) => /^engine-[\w-]{8}\.js$/.test(f))
    .map((f) => join('assets', f));
  return [...entries, ...engine];
}

/** "file (form)" for each hinted chunk's form that does not open with the hint; [] when all do. */
export function missingHints(dist = DEFAULT_DIST) {
  const chunks = hintedChunks(dist);
  if (!chunks.some((c) => /engine-/.test(c)) || chunks.length < 2)
    return [`found ${chunks.join(', ') || 'no chunk'}: expected index.html's entry and the engine chunk`];
  const forms = [
    ['file', '', (b) => b],
    ['br', '.br', brotliDecompressSync],
    ['gz', '.gz', gunzipSync],
  ];
  const missing = [];
  for (const chunk of chunks)
    for (const [form, suffix, decode] of forms) {
      const path = join(dist, chunk + suffix);
      if (!existsSync(path)) missing.push(`${chunk} (${form}: no such file)`);
      else if (!decode(readFileSync(path)).toString('utf8').startsWith(COMPILE_HINT))
        missing.push(`${chunk} (${form})`);
    }
  return missing;
}

function main(argv) {
  const dist = resolve(argv.includes('--dist') ? argv[argv.indexOf('--dist') + 1] : DEFAULT_DIST);
  const missing = missingHints(dist);
  if (missing.length > 0) {
    console.error(`no compile hint at the start of: ${missing.join('; ')}`);
    return 1;
  }
  console.log(`compile hint opens ${hintedChunks(dist).join(', ')} (file, .br, .gz)`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
