#!/usr/bin/env node
// Prints the size figures of issue 22 (docs/restructure-figures.md), so the
// same numbers can be taken before and after a restructuring:
//   node scripts/figures.mjs            (after `pnpm install`: it reads the
//                                        TypeScript scanner from node_modules)
//   node scripts/figures.mjs --circles  (also runs madge, fetched by npx)
// Only reads the tracked tree (git ls-files); changes nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' });
const tracked = git('ls-files', '-z').split('\0').filter(Boolean);
const lines = (file) => {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
};
const BINARY = /\.(png|jpe?g|gif|ico|gz|tgz|woff2?)$/;
const isProduct = (f) => /^(packages|apps)\/[^/]+\/src\//.test(f);
const isCode = (f) => /\.(ts|tsx|mts|mjs|js|sh|css)$/.test(f) && !f.includes('/test/golden/');

const product = tracked.filter(isProduct);
const largest = (files) =>
  files
    .map((f) => [lines(f), f])
    .sort((a, b) => b[0] - a[0])
    .slice(0, 3)
    .map(([n, f]) => `${n} ${f}`)
    .join('; ');
const golden = tracked.filter((f) => f.startsWith('packages/generator/test/golden/') && !BINARY.test(f));

// Shell inside TypeScript: lines of multi-line template literals that look
// like shell (a function body, fi/done/esac, a command substitution, $var).
const SHELL =
  /(^|\n)\s*(fi|done|esac|then|else|local |return |printf |echo |if |case |for |while )|\(\)\s*\{|\$\(|\$[A-Za-z_]/;
let shellLines = 0;
const shellFiles = new Map();
for (const file of tracked.filter((f) => /\.tsx?$/.test(f) && isProduct(f))) {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const text = node.getText(source);
      if (end > start && SHELL.test(text)) {
        shellLines += end - start + 1;
        shellFiles.set(file, (shellFiles.get(file) ?? 0) + end - start + 1);
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

const branches = spawnSync(
  'sh',
  [
    '-c',
    'grep -rnE "topology (===|!==)|\\.murder\\b" --include=*.ts --include=*.tsx apps packages | grep -v /test/ | grep -v node_modules | grep -v dist/ | wc -l',
  ],
  { cwd: ROOT, encoding: 'utf8' },
).stdout.trim();
const longLines = tracked
  .filter((f) => f.startsWith('packages/generator/src/'))
  .flatMap((f) => readFileSync(join(ROOT, f), 'utf8').split('\n'))
  .filter((l) => l.length > 160);

console.log(`commit                          ${git('rev-parse', '--short', 'HEAD').trim()}`);
console.log(`tracked files                   ${tracked.length}`);
console.log(`product src files              ${product.length} (packages/*/src, apps/*/src)`);
console.log(`largest tracked text files      ${largest(tracked.filter((f) => !BINARY.test(f)))}`);
console.log(`largest code files (no goldens) ${largest(tracked.filter(isCode))}`);
console.log(`largest product src files       ${largest(product)}`);
console.log(`golden fixture files / lines    ${golden.length} / ${golden.reduce((n, f) => n + lines(f), 0)}`);
console.log(`shell lines inside .ts (rough)  ${shellLines} in ${shellFiles.size} files`);
for (const [f, n] of [...shellFiles].sort((a, b) => b[1] - a[1])) console.log(`    ${String(n).padStart(5)} ${f}`);
console.log(`topology branches (grep)        ${branches}`);
console.log(
  `generator src lines > 160 chars ${longLines.length} (longest ${Math.max(0, ...longLines.map((l) => l.length))})`,
);

if (process.argv.includes('--circles')) {
  console.log('import circles (madge):');
  const cmd =
    'npx --yes madge@8.0.0 --circular --extensions ts,tsx --ts-config tsconfig.base.json packages/*/src apps/*/src';
  console.log(`  $ ${cmd}`);
  spawnSync('sh', ['-c', cmd], { cwd: ROOT, stdio: 'inherit' });
}
