// The generator must stay pure so the browser, the server and tests produce
// the same bytes: no node:* modules, no fastify or React, no clock,
// randomness, environment or DOM.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));

const FORBIDDEN_IMPORTS = [/^node:/, /^(fs|path|os|child_process|crypto|process|http|https|net)$/, /fastify/, /^react/];
const FORBIDDEN_GLOBALS = [
  /\bprocess\./,
  /\bwindow\b/,
  /\bdocument\./,
  /\bDate\b/,
  /Math\.random/,
  /\bfetch\(/,
  /\bcrypto\./,
  /\brequire\(/,
  /performance\.now/,
];

describe('generator purity', () => {
  const sources = files(SRC).filter((f) => f.endsWith('.ts'));

  it('has sources to check', () => expect(sources.length).toBeGreaterThan(10));

  it.each(sources.map((f) => [f.slice(SRC.length + 1), f]))('%s imports only pure modules', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const specifiers = [
      ...text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g),
    ].map((m) => m[1] ?? m[2] ?? '');
    for (const s of specifiers) {
      if (s.startsWith('.')) continue;
      expect(s === '@lmtp-wizard/schema', `${file} imports ${s}`).toBe(true);
      for (const re of FORBIDDEN_IMPORTS) expect(re.test(s), `${file} imports ${s}`).toBe(false);
    }
  });

  it.each(sources.map((f) => [f.slice(SRC.length + 1), f]))(
    '%s reads no clock, randomness or environment',
    (_name, file) => {
      // Generated shell text may mention `date`; strip string literals of the
      // script libraries (String.raw templates) before looking.
      const code = readFileSync(file, 'utf8').replace(/String\.raw`[\s\S]*?`;/g, '');
      for (const re of FORBIDDEN_GLOBALS) expect(re.test(code), `${file} matches ${re}`).toBe(false);
    },
  );
});
