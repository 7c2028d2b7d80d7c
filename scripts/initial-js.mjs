// Initial JS: everything the built index.html makes the browser load before
// the user can type. That is every classic or module <script src>, every
// <link rel="modulepreload">, and, transitively, their static imports
// (`import x from "./a.js"`, `import "./a.js"`, `export * from "./a.js"`).
// Dynamic import() chunks are not counted: they load after first paint.
// Sizes are gzip level 9 of each file, as a server would send them.
//
//   import { measureInitialJs } from './scripts/initial-js.mjs'
//   node scripts/initial-js.mjs [--dist apps/web/dist] [--budget-kb 80] [--chunks]
//
// --chunks also lists every lazy chunk against its own budget
// (CHUNK_BUDGETS_KB) and exits 1 when one is over.
//
// As a CLI it prints one line per file and the total, and exits 1 when the
// total is over the budget (1 kB = 1000 bytes), or when index.html loads
// nothing (a budget check that sees no JS would pass for the wrong reason).
// @ts-check
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DIST = join(ROOT, 'apps', 'web', 'dist');

const attr = (tag, name) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, 'i').exec(tag)?.[1];
const isRemote = (url) => /^(?:[a-z]+:)?\/\//i.test(url);

/** URLs of the JS that index.html loads eagerly, in document order. */
export function eagerScripts(html) {
  const urls = [];
  for (const [tag] of html.matchAll(/<script\b[^>]*>|<link\b[^>]*>/gi)) {
    const isScript = /^<script/i.test(tag);
    const url = isScript
      ? attr(tag, 'src')
      : attr(tag, 'rel')?.toLowerCase() === 'modulepreload'
        ? attr(tag, 'href')
        : undefined;
    if (url && !isRemote(url)) urls.push(url);
  }
  return urls;
}

const STATIC_IMPORT = /(?:\bimport|\bexport)\s*(?:[\w*${}\s,]*?\bfrom\s*)?["']([^"']+\.m?js)["']/g;

/** Relative static imports of a chunk (not import(): that one is lazy). */
export function staticImports(code) {
  return [...code.matchAll(STATIC_IMPORT)]
    .map((m) => m[1])
    .filter((spec) => spec.startsWith('.') || spec.startsWith('/'));
}

/**
 * @param {string} [dist] folder holding index.html
 * @returns {{ files: { file: string, bytes: number, gzipBytes: number }[], totalGzipBytes: number, totalBytes: number }}
 */
export function measureInitialJs(dist = DEFAULT_DIST) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const toPath = (url, from) => (url.startsWith('/') ? join(dist, url) : resolve(dirname(from), url));
  const queue = eagerScripts(html).map((u) => toPath(u.split(/[?#]/)[0], join(dist, 'index.html')));
  const seen = new Set();
  while (queue.length > 0) {
    const file = normalize(queue.shift());
    if (seen.has(file)) continue;
    if (!existsSync(file)) throw new Error(`index.html loads ${relative(dist, file)}, which is not in ${dist}`);
    seen.add(file);
    for (const spec of staticImports(readFileSync(file, 'utf8'))) queue.push(toPath(spec, file));
  }
  const files = [...seen].map((file) => {
    const bytes = readFileSync(file);
    return { file: relative(dist, file), bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
  return {
    files,
    totalGzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0),
    totalBytes: files.reduce((n, f) => n + f.bytes, 0),
  };
}

/**
 * Each lazy chunk's budget, gzipped, in kB (issue 25), by the chunk's name
 * (its file name without the hash). A chunk not listed here gets
 * DEFAULT_CHUNK_BUDGET_KB, so a new large one shows up as over.
 */
export const CHUNK_BUDGETS_KB = {
  engine: 90, // the schema and the generator core
  'server-calls': 13, // react-query, the server check and the download
  inspect: 13, // the import: parser, prefill, plan, diff (out of the engine since the generator says sideEffects: false)
  'field-hints': 5, // the later steps' help texts and option labels (steps 2-5 themselves are under 1 kB since issue 24)
  'preview-panel': 5,
  'review-step': 3,
  'field-list': 3,
  'link-notice': 2,
  'import-panel': 2,
  'import-bar': 1.5,
  'plan-panel': 1.5,
};
export const DEFAULT_CHUNK_BUDGET_KB = 1;

/**
 * Every JS file of dist/assets that the first load does not fetch, with its
 * gzipped size and budget, largest first.
 * @param {string} [dist]
 * @returns {{ name: string, file: string, bytes: number, gzipBytes: number, budgetKb: number }[]}
 */
export function measureLazyChunks(dist = DEFAULT_DIST) {
  const initial = new Set(measureInitialJs(dist).files.map((f) => f.file));
  const assets = join(dist, 'assets');
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js') && !initial.has(join('assets', f)))
    .map((f) => {
      const bytes = readFileSync(join(assets, f));
      const name = f.replace(/-[\w-]{8}\.js$/, '');
      return {
        name,
        file: join('assets', f),
        bytes: bytes.length,
        gzipBytes: gzipSync(bytes, { level: 9 }).length,
        budgetKb: CHUNK_BUDGETS_KB[name] ?? DEFAULT_CHUNK_BUDGET_KB,
      };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}

const kB = (n) => `${(n / 1000).toFixed(1)} kB`;

function main(argv) {
  const opt = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const dist = resolve(opt('--dist') ?? DEFAULT_DIST);
  const budget = opt('--budget-kb') === undefined ? undefined : Number(opt('--budget-kb'));
  const m = measureInitialJs(dist);
  for (const f of m.files) console.log(`${kB(f.gzipBytes).padStart(10)}  ${f.file} (${kB(f.bytes)} raw)`);
  console.log(`${kB(m.totalGzipBytes).padStart(10)}  initial JS, gzipped, ${m.files.length} file(s)`);
  if (m.files.length === 0) {
    console.error('index.html loads no JS: is this the built app?');
    return 1;
  }
  if (budget !== undefined && !(m.totalGzipBytes <= budget * 1000)) {
    console.error(`initial JS ${kB(m.totalGzipBytes)} is over the ${budget} kB budget`);
    return 1;
  }
  if (budget !== undefined) console.log(`within the ${budget} kB budget`);
  if (argv.includes('--chunks')) {
    let over = 0;
    for (const c of measureLazyChunks(dist)) {
      const fits = c.gzipBytes <= c.budgetKb * 1000;
      if (!fits) over++;
      console.log(`${kB(c.gzipBytes).padStart(10)}  lazy ${c.name} (budget ${c.budgetKb} kB${fits ? '' : ', OVER'})`);
    }
    if (over > 0) {
      console.error(`${over} lazy chunk(s) over budget`);
      return 1;
    }
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
