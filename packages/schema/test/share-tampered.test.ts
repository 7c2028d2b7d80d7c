// Links arrive from anywhere: a link that cannot be read throws the typed
// ShareLinkError (the UI's friendly message), and one that reads but holds
// bad answers gets field errors from the schema. Nothing else may happen.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, MAX_SHARE_CHARS, ShareLinkError, type ShareLinkProblem } from '../src/index.ts';
import { hangGuardMs, propertyRuns } from '../../../scripts/test-limits.ts';

// A fifth of PROPERTY_RUNS (scripts/test-limits.ts) each: 2,000 by default.
// Both usually take 0.6 s together (load average 1 to 7 on 2 cores).
const RUNS = propertyRuns(2000);

const link = (payload: unknown) => `share=${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
const raw = (bytes: Buffer | string) => `share=${Buffer.from(bytes).toString('base64url')}`;

function problemOf(fragment: string): ShareLinkProblem | 'none' {
  try {
    decodeShare(fragment);
    return 'none';
  } catch (error) {
    if (!(error instanceof ShareLinkError)) throw error;
    return error.problem;
  }
}

const remote = { topology: 'remote', mailHost: 'mx.example.org', tcp: { storeHost: 'store.example.org' } };

describe('unreadable links throw ShareLinkError', () => {
  const good = encodeShare(remote, 'review');
  it.each([
    ['not a share link', 'main'],
    ['characters outside base64url', 'share=a+b/c'],
    ['an impossible length', 'share=abcde'],
    ['base64 of text that is not JSON', raw('{"v":1,')],
    ['bytes that are not UTF-8', raw(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))],
    ['a JSON array', link([1, 2])],
    ['a JSON string', link('hello')],
    ['no version', link({ a: remote })],
    ['a version that is text', link({ v: '1', a: remote })],
    ['a negative version', link({ v: -1, a: remote })],
    ['a fractional version', link({ v: 0.5, a: remote })],
    ['answers that are not an object', link({ v: 1, a: ['remote'] })],
    ['a link cut short', good.slice(0, good.length - 7)],
  ])('%s is corrupt', (_what, fragment) => {
    expect(problemOf(fragment)).toBe('corrupt');
  });

  it('a link from a newer wizard says so', () => {
    expect(problemOf(link({ v: 99, a: remote }))).toBe('newer-version');
  });

  it('a link beyond the size limit is refused before it is decoded', () => {
    expect(problemOf(`share=${'A'.repeat(MAX_SHARE_CHARS + 4)}`)).toBe('too-long');
  });

  it(
    'random text and random JSON either decode or throw ShareLinkError, nothing else',
    () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 300 }), (s) => void problemOf(`share=${s}`)),
        { numRuns: RUNS },
      );
      fc.assert(
        fc.property(fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), (v, s, a) => {
          if (problemOf(link({ v, s, a })) === 'none') {
            const decoded = decodeShare(link({ v, s, a }));
            expect(decoded.errors.every((e) => typeof e.path === 'string' && typeof e.message === 'string')).toBe(true);
          }
        }),
        { numRuns: RUNS },
      );
    },
    hangGuardMs(0.15 * 2 * RUNS),
  );
});

describe('tampered answers are judged like any other input', () => {
  it('gives field errors for bad values, never a crash', () => {
    const decoded = decodeShare(
      link({
        v: 1,
        s: 'limits',
        a: {
          ...remote,
          mailHost: 'not a host',
          tcp: { storeHost: 'store.example.org', port: '2003; rm -rf /' },
          limits: { concurrency: 5000 },
          evil: true,
        },
      }),
    );
    expect(decoded.step).toBe('limits');
    expect(decoded.errors.map((e) => e.path).sort()).toEqual(['evil', 'limits.concurrency', 'mailHost', 'tcp.port']);
  });

  it('runs cross-field rules although the password is not in the link', () => {
    const decoded = decodeShare(link({ v: 1, a: { ...remote, tcp: { storeHost: 'mx.example.org' } } }));
    expect(decoded.errors.map((e) => e.path)).toEqual(['tcp.storeHost']);
  });

  it('reports a missing required field on its own path', () => {
    const decoded = decodeShare(link({ v: 1, a: { topology: 'remote' } }));
    expect(decoded.errors.map((e) => e.path).sort()).toEqual(['mailHost', 'tcp.storeHost']);
    expect(decoded.missingSecrets).toEqual(['sasl.password']);
  });

  it('throws away a password planted in a link, under any topology', () => {
    for (const topology of ['remote', 'single-host']) {
      const decoded = decodeShare(link({ v: 1, a: { ...remote, topology, sasl: { password: 'planted-secret' } } }));
      expect(JSON.stringify(decoded)).not.toContain('planted-secret');
    }
  });

  it('does not let "__proto__" reach any prototype', () => {
    const fragment = `share=${Buffer.from('{"v":1,"a":{"topology":"remote","__proto__":{"polluted":1},"tcp":{"__proto__":{"x":1}}}}').toString('base64url')}`;
    const decoded = decodeShare(fragment);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(decoded.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['__proto__', 'tcp.__proto__']));
  });

  it('drops a step that is not a plain step id', () => {
    expect(decodeShare(link({ v: 1, s: '<img src=x>', a: remote })).step).toBeUndefined();
    expect(decodeShare(link({ v: 1, s: 42, a: remote })).step).toBeUndefined();
  });
});
