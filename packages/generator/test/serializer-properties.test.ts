// Serializer properties, with the schema out of the way: for ANY string, a
// serializer either refuses it (SerializeError) or writes exactly one line
// that parses back to exactly the entry it was given. A serializer that stops
// refusing newlines, quotes or "#" fails here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SerializeError } from '../src/serializers/errors.ts';
import { postfixLine } from '../src/serializers/postfix-main.ts';
import { masterRow } from '../src/serializers/master-cf.ts';
import { cyrusLine } from '../src/serializers/cyrus-kv.ts';
import { cyrusServiceLine } from '../src/serializers/cyrus-conf.ts';
import { tableLine } from '../src/serializers/table.ts';
import { columnsLine } from '../src/serializers/columns.ts';
import { parseColumns, parseCyrusServices, parseImapd, parseMainCf, shellWords } from './strict-parsers.ts';
import { shq } from '../src/serializers/shell.ts';
import { propertyRuns } from '../../../scripts/test-limits.ts';

// 3,000 cases per serializer at the default PROPERTY_RUNS (scripts/test-limits.ts),
// about 0.4 s each here: far inside the suite's limit.
const RUNS = propertyRuns(3000);
// Mostly nasty characters: controls, quotes, separators, look-alikes.
const nasty = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      '\n',
      '\r',
      '\t',
      ' ',
      '\0',
      '"',
      "'",
      '#',
      '$',
      '=',
      ':',
      '{',
      '}',
      '\\',
      '`',
      ';',
      '\u2028',
      '\u202e',
      'ｍ',
      ',',
    ),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 24,
});

function refusesOrRoundTrips(write: (v: string) => string, check: (line: string, v: string) => void) {
  fc.assert(
    fc.property(nasty, (v) => {
      let line: string;
      try {
        line = write(v);
      } catch (e) {
        expect(e).toBeInstanceOf(SerializeError);
        return;
      }
      expect(line.includes('\n') || line.includes('\r')).toBe(false);
      check(line, v);
    }),
    { numRuns: RUNS },
  );
}

const base = { why: 'w', source: 'field' };
const master = (arg: string) => ({
  ...base,
  service: 'cyrus',
  type: 'unix' as const,
  private: '-' as const,
  unpriv: '-' as const,
  chroot: 'n' as const,
  wakeup: '-',
  maxproc: '10',
  command: 'lmtp',
  args: [arg],
});

describe('every serializer refuses or round-trips any string', () => {
  it('main.cf', () =>
    refusesOrRoundTrips(
      (v) => postfixLine({ ...base, key: 'k', value: v }),
      (l, v) => expect(parseMainCf(l)).toEqual([['k', v]]),
    ));
  it('master.cf', () =>
    refusesOrRoundTrips(
      (v) => masterRow(master(v)),
      (l, v) => expect(parseColumns(l)).toEqual([['cyrus', 'unix', '-', '-', 'n', '-', '10', 'lmtp', v]]),
    ));
  it('imapd.conf', () =>
    refusesOrRoundTrips(
      (v) => cyrusLine({ ...base, key: 'k', value: v, policy: 'owned' }),
      (l, v) => expect(parseImapd(l)).toEqual([['k', v]]),
    ));
  it('cyrus.conf', () =>
    refusesOrRoundTrips(
      (v) =>
        cyrusServiceLine({ ...base, name: 'lmtp', cmd: 'lmtpd', listen: v, prefork: 0, maxchild: 5, policy: 'owned' }),
      (l, v) =>
        expect(parseCyrusServices(`SERVICES {\n\t${l}\n}`)).toEqual([
          { name: 'lmtp', opts: { cmd: 'lmtpd', listen: v, prefork: '0', maxchild: '5' } },
        ]),
    ));
  it('lookup tables', () =>
    refusesOrRoundTrips(
      (v) => tableLine({ ...base, key: 'k', value: v }),
      (l, v) => expect(parseColumns(l)).toEqual([['k', v]]),
    ));
  it('lookup table keys', () =>
    refusesOrRoundTrips(
      (v) => tableLine({ ...base, key: v, value: 'x' }),
      (l, v) => expect(parseColumns(l)).toEqual([[v, 'x']]),
    ));
  it('column files', () =>
    refusesOrRoundTrips(
      (v) => columnsLine({ ...base, columns: ['lmtp:', v] }, 't'),
      (l, v) => expect(parseColumns(l)).toEqual([['lmtp:', v]]),
    ));
  it('shell words', () =>
    refusesOrRoundTrips(
      (v) => `cmd ${shq(v)}`,
      (l, v) => expect(shellWords(l)).toEqual(['cmd', v]),
    ));
});
