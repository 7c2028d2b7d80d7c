// Issue 24, defect 14: the generated password is typeable (letters and digits
// only) and at least as strong as the 32 printable ASCII characters it replaces.
import { describe, expect, it, vi } from 'vitest';
import { parseAnswers } from '@lmtp-wizard/schema';
import {
  generatePassword,
  PASSWORD_ALPHABET,
  PASSWORD_CLASSES,
  PASSWORD_LENGTH,
} from '../src/lib/generate-password.ts';

/** log2 of a positive BigInt, to well under a thousandth of a bit. */
function log2(n: bigint): number {
  const bits = n.toString(2).length;
  const shift = BigInt(Math.max(0, bits - 53));
  return Math.log2(Number(n >> shift)) + Number(shift);
}

/**
 * The entropy in bits of a uniform draw of `length` characters from `alphabet`
 * that holds at least one character of each class: log2 of the number of such
 * strings, counted by inclusion and exclusion over the classes left out.
 */
function entropyBits(alphabet: string, classes: readonly RegExp[], length: number): number {
  const sizes = classes.map((re) => [...alphabet].filter((ch) => re.test(ch)).length);
  let count = 0n;
  for (let mask = 0; mask < 1 << sizes.length; mask++) {
    const left = sizes.reduce((n, size, i) => (mask & (1 << i) ? n - size : n), alphabet.length);
    const sign = (mask.toString(2).split('1').length - 1) % 2 === 0 ? 1n : -1n;
    count += sign * BigInt(left) ** BigInt(length);
  }
  return log2(count);
}

// What the generator gave before: 32 characters of printable ASCII (33..126), one of each of four classes.
const PRINTABLE = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join('');
const OLD_BITS = entropyBits(PRINTABLE, [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/], 32);

describe('generatePassword', () => {
  it('draws from letters and digits only: the 62 of them, each once', () => {
    expect(PASSWORD_ALPHABET).toMatch(/^[A-Za-z0-9]+$/);
    expect(new Set(PASSWORD_ALPHABET).size).toBe(PASSWORD_ALPHABET.length);
    expect([...PASSWORD_ALPHABET].sort().join('')).toBe(
      [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'].sort().join(''),
    );
  });

  it('is at least as strong as the 32 printable characters it replaces (about 210 bits), by more characters', () => {
    const bits = entropyBits(PASSWORD_ALPHABET, PASSWORD_CLASSES, PASSWORD_LENGTH);
    expect(OLD_BITS).toBeGreaterThan(209.6);
    expect(OLD_BITS).toBeLessThan(209.8);
    expect(bits).toBeGreaterThanOrEqual(OLD_BITS);
    expect(bits).toBeGreaterThan(214);
    expect(PASSWORD_LENGTH).toBeGreaterThan(32);
    // one character fewer would not be enough
    expect(entropyBits(PASSWORD_ALPHABET, PASSWORD_CLASSES, PASSWORD_LENGTH - 1)).toBeLessThan(OLD_BITS);
  });

  it(`gives ${PASSWORD_LENGTH} letters and digits, of every class, from crypto.getRandomValues, that the schema accepts`, () => {
    const spy = vi.spyOn(crypto, 'getRandomValues');
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = generatePassword();
      expect(password).toMatch(new RegExp(`^[A-Za-z0-9]{${PASSWORD_LENGTH}}$`));
      for (const re of PASSWORD_CLASSES) expect(password).toMatch(re);
      seen.add(password);
    }
    expect(seen.size).toBe(200);
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    const r = parseAnswers({
      topology: 'remote',
      mailHost: 'mx.example.org',
      tcp: { storeHost: 'store.example.org' },
      sasl: { password: generatePassword() },
    });
    expect(r.ok).toBe(true);
  });

  it('uses every character of the alphabet about equally often', () => {
    const counts = new Map<string, number>();
    const n = 600;
    for (let i = 0; i < n; i++) for (const ch of generatePassword()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...PASSWORD_ALPHABET].sort());
    // chi-squared with 61 degrees of freedom: mean 61; 150 is exceeded by chance far less than once in a million runs
    const expected = (n * PASSWORD_LENGTH) / PASSWORD_ALPHABET.length;
    const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(150);
  });

  it('maps each random byte below the bias limit to one character, and skips the bytes that would bias it', () => {
    // a byte b below 248 gives the character at b mod 62: each odd byte here is 186 (3 × 62) higher and gives the same one
    const steps = (a: Uint8Array) => a.map((_, i) => ((i * 5) % 62) + (i % 2 ? 186 : 0));
    expect(generatePassword(steps)).toBe('AFKPUZejoty38DINSXchmrw16BGLQVafkpuz');
    // A seeded generator (an LCG's top byte): the same bytes on every run.
    const counter = () => {
      let x = 42;
      return (a: Uint8Array) =>
        a.map(() => {
          x = (Math.imul(x, 1103515245) + 12345) >>> 0;
          return x >>> 24;
        });
    };
    // Bytes from 248 up would favour the first 8 characters; a fill of
    // only such bytes must change nothing.
    const junkFirst = () => {
      const next = counter();
      let first = true;
      return (a: Uint8Array) => (first ? ((first = false), a.fill(248)) : next(a));
    };
    const password = generatePassword(counter());
    expect(generatePassword(junkFirst())).toBe(password);
    expect(password).toMatch(/^[A-Za-z0-9]+$/);
  });
});
