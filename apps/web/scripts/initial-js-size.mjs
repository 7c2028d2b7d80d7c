// Sums the gzipped size of the JS that dist/index.html loads eagerly:
// module scripts and modulepreload links, plus their static imports.
// Lazy chunks (import()) are not counted: they load after first paint.
// Sizes are gzip -9, in kB of 1000 bytes. Usage: node scripts/initial-js-size.mjs [--budget-kb 100]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const eager = [
  ...html.matchAll(/<script[^>]*type="module"[^>]*src="\/([^"]+)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+)"/g),
].map((m) => m[1]);

const seen = new Set();
const queue = [...eager];
while (queue.length > 0) {
  const file = queue.shift();
  if (seen.has(file)) continue;
  seen.add(file);
  const code = readFileSync(join(dist, file), 'utf8');
  // Static imports between chunks: `import ... from "./x.js"` or `import "./x.js"`.
  for (const m of code.matchAll(/\bimport\s*(?:[^'"()]*?\bfrom\s*)?["'](\.\/[^"']+\.js)["']/g)) {
    queue.push(join(file, '..', m[1]));
  }
}

let total = 0;
for (const file of seen) {
  const gz = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += gz;
  console.log(`${(gz / 1000).toFixed(2).padStart(8)} kB  ${file}`);
}
console.log(`${(total / 1000).toFixed(2).padStart(8)} kB  initial JS, gzipped (${seen.size} file${seen.size === 1 ? '' : 's'})`);

const budgetArg = process.argv.indexOf('--budget-kb');
if (budgetArg !== -1) {
  const budget = Number(process.argv[budgetArg + 1]);
  if (!(total / 1000 <= budget)) {
    console.error(`initial JS ${(total / 1000).toFixed(2)} kB exceeds the ${budget} kB budget`);
    process.exit(1);
  }
}
