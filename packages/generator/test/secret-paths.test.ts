// The schema's one list of secrets (secretPaths) against random answers of
// every topology: each password in the answers is on it, and neither
// answers.json nor a masked preview holds any of them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { secretPaths, secretValues, type Answers } from '@lmtp-wizard/schema';
import { generate, MASK, maskSecrets } from '../src/index.ts';
import { murderAnswers, validAnswers } from './arbitraries.ts';

const anyAnswers = fc.oneof(validAnswers, murderAnswers);

/** Every path whose key names a password or a private key, found by walking the answers themselves. */
function passwordLike(value: unknown, path: (string | number)[] = []): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => passwordLike(v, [...path, i]));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => passwordLike(v, [...path, k]));
  const key = String(path.at(-1) ?? '');
  return /password|secret|privatekey/i.test(key) ? [path.join('.')] : [];
}

const listed = (a: Answers) => secretPaths(a).map((p) => p.join('.'));

describe('secretPaths', () => {
  it('lists every password of random answers of every topology', () => {
    fc.assert(
      fc.property(anyAnswers, (a) => {
        const found = passwordLike(a);
        expect(found.length).toBeGreaterThan(a.topology === 'single-host' ? -1 : 0);
        for (const p of found) expect(listed(a)).toContain(p);
      }),
      { numRuns: 150 },
    );
  });

  it('leaves no set secret in answers.json, nor in a masked preview', () => {
    fc.assert(
      fc.property(anyAnswers, (a) => {
        const out = generate(a);
        const json = out.files.find((f) => f.path === 'answers.json')?.content ?? '';
        const masked = maskSecrets(out, secretValues(a));
        const secretFiles = [...masked.files, ...masked.hosts.flatMap((h) => h.files)].filter((f) => f.secret);
        // a password short enough to be a plain word of the bundle (a host name's label, say) is not looked for in answers.json
        for (const s of secretValues(a)) {
          if (s.length >= 6) expect(json).not.toContain(JSON.stringify(s));
          // a password made of the mask's own character ("*") is found in every mask: no leak
          if (!MASK.includes(s)) for (const f of secretFiles) expect(f.content).not.toContain(s);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("covers the Murder (each backend's own proxy password) and several MX hosts", () => {
    const m = fc.sample(murderAnswers, { seed: 7, numRuns: 20 });
    expect(m.some((a) => listed(a).some((p) => /^murder\.backendPasswords\.\d+\.password$/.test(p)))).toBe(true);
    const r = fc.sample(validAnswers, { seed: 7, numRuns: 200 });
    expect(r.some((a) => listed(a).some((p) => /^extraMx\.\d+\.password$/.test(p)))).toBe(true);
  });
});
