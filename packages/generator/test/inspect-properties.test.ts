// parseInspect under random and mutated input (issue 12, item 5): it never
// throws, and never reads a field from a line it did not understand: a cut,
// edited or grown copy is refused as a whole, and text outside the blocks
// changes nothing. How much CPU a parse takes is a figure, not a test:
// `pnpm bench:inspect` prints it (packages/generator/bench/inspect.ts).
// A parse that hangs (a regular expression gone quadratic) still fails, on
// the limit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInspect } from '../src/index.ts';
import { fixture, reseal } from './inspect-helpers.ts';
import { hangGuardMs, propertyRuns } from '../../../scripts/test-limits.ts';

const TEXT = `${fixture('inspect-debian-13-remote.txt')}${fixture('inspect-debian-12-remote.txt')}`;
const LINES = TEXT.split('\n');
const ORIGINAL = parseInspect(TEXT);

// Shares of PROPERTY_RUNS (scripts/test-limits.ts), as counts at the default.
const TEXT_RUNS = propertyRuns(400);
const BYTES_RUNS = propertyRuns(30);
const MUTATION_RUNS = propertyRuns(300);
// Usually about 6 ms per case for the mutated and re-sealed captures (1.5 s
// and 1.8 s for 300 at a load average of 3 to 7 on 2 cores), far less for the
// random text and bytes; ten times that is the hang guard.
const HANG_MS = hangGuardMs(6 * Math.max(TEXT_RUNS, BYTES_RUNS, MUTATION_RUNS));

const anyLine = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '@section postconf-n',
    '|myhostname = evil.test',
    '@package postfix 3.10.13-1',
    '@debian_version 13.1',
    '=== lmtp-wizard inspect.sh end lines 3 cksum 1 ===',
    '=== lmtp-wizard inspect.sh begin format 1 ===',
    '',
    '|',
    '@',
    '|\\x41',
  ),
);

type Mutation = {
  op: 'delete' | 'duplicate' | 'insert' | 'char' | 'swap' | 'cut';
  at: number;
  other: number;
  line: string;
  ch: string;
};
const mutation = fc.record({
  op: fc.constantFrom('delete', 'duplicate', 'insert', 'char', 'swap', 'cut') as fc.Arbitrary<Mutation['op']>,
  at: fc.nat(),
  other: fc.nat(),
  line: anyLine,
  ch: fc.string({ minLength: 1, maxLength: 1 }),
});

function mutate(lines: readonly string[], m: Mutation): string[] {
  const l = [...lines];
  const i = m.at % l.length;
  const j = m.other % l.length;
  switch (m.op) {
    case 'delete':
      l.splice(i, 1);
      break;
    case 'duplicate':
      l.splice(i, 0, l[i] ?? '');
      break;
    case 'insert':
      l.splice(i, 0, m.line);
      break;
    case 'char': {
      const s = l[i] ?? '';
      const k = s.length === 0 ? 0 : m.other % s.length;
      l[i] = s.slice(0, k) + m.ch + s.slice(k + 1);
      break;
    }
    case 'swap':
      [l[i], l[j]] = [l[j] ?? '', l[i] ?? ''];
      break;
    case 'cut':
      return l.slice(0, i);
  }
  return l;
}

/** Inside a block: between a begin line and its end line. */
const insideBlock = (lines: readonly string[], i: number): boolean => {
  for (let k = i - 1; k >= 0; k--) {
    if (lines[k]?.includes('inspect.sh begin')) return true;
    if (lines[k]?.includes('inspect.sh end')) return false;
  }
  return false;
};

describe('parseInspect, property tests', () => {
  it('the captured text itself parses', () => {
    expect(ORIGINAL.ok && ORIGINAL.hosts.length).toBe(4);
  });

  it('a copy cut just after an end line reads the whole blocks before it, and only those', () => {
    const end = LINES.findIndex((l) => l.includes('inspect.sh end'));
    const r = parseInspect(LINES.slice(0, end + 1).join('\n'));
    expect(r.ok && ORIGINAL.ok && r.hosts).toEqual(ORIGINAL.ok ? ORIGINAL.hosts.slice(0, 1) : null);
  });

  it(
    'random text: no crash, nothing read',
    () => {
      fc.assert(
        fc.property(fc.array(anyLine, { maxLength: 200 }), (lines) => {
          const r = parseInspect(lines.join('\n'));
          expect(r.ok).toBe(false);
        }),
        { numRuns: TEXT_RUNS },
      );
    },
    HANG_MS,
  );

  it(
    'random bytes of up to 1 MB: no crash',
    () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 1_000_000 }), (bytes) => {
          expect(parseInspect(String.fromCharCode(...bytes.subarray(0, 60000)) + 'x'.repeat(bytes.length)).ok).toBe(
            false,
          );
        }),
        { numRuns: BYTES_RUNS },
      );
    },
    HANG_MS,
  );

  it(
    'a mutated capture is refused as a whole, unless the change is outside every block and then it changes nothing',
    () => {
      fc.assert(
        fc.property(mutation, (m) => {
          const lines = mutate(LINES, m);
          const r = parseInspect(lines.join('\n'));
          if (r.ok) {
            // a cut just after an end line keeps the whole blocks before it (the others are not pasted); any other change reads nothing new
            const want = ORIGINAL.ok ? ORIGINAL.hosts : null;
            expect(r.hosts).toEqual(m.op === 'cut' ? want?.slice(0, r.hosts.length) : want);
          }
        }),
        { numRuns: MUTATION_RUNS },
      );
    },
    HANG_MS,
  );

  it(
    'even re-sealed (a fitting count and cksum), a line the grammar does not know inside a block is refused',
    () => {
      fc.assert(
        fc.property(fc.nat(), anyLine, (at, line) => {
          fc.pre(!/^[|@]/.test(line) && !line.includes('lmtp-wizard inspect.sh') && line.trim() !== '');
          const i = (at % (LINES.length - 2)) + 1;
          fc.pre(insideBlock(LINES, i));
          const lines = [...LINES.slice(0, i), line, ...LINES.slice(i)];
          expect(parseInspect(reseal(lines.join('\n'))).ok).toBe(false);
        }),
        { numRuns: MUTATION_RUNS },
      );
    },
    HANG_MS,
  );
});
