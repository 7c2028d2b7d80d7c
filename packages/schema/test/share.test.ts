import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validAnswers } from '../../generator/test/arbitraries.ts';
import {
  createShareLink,
  decodeShare,
  encodeShare,
  isShareFragment,
  MIGRATIONS,
  parseAnswers,
  SCHEMA_VERSION,
  shareFileText,
  type Answers,
} from '../src/index.ts';
import { ALL_SECRET_LEAVES } from '../src/share-paths.ts';

/** The JSON inside a fragment, read without the codec. */
const payloadOf = (fragment: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(fragment.replace(/^#?share=/, ''), 'base64url').toString('utf8')) as Record<string, unknown>;

const keysDeep = (value: unknown): string[] =>
  typeof value === 'object' && value !== null
    ? Object.entries(value).flatMap(([k, v]) => [k, ...keysDeep(v)])
    : [];

const withPassword = (input: Record<string, unknown>, password: string) => ({
  ...input,
  sasl: { ...(input.sasl as object), password },
});

const STEPS = ['topology', 'connection', 'credentials', 'routing', 'limits', 'review'];

describe('round trip', () => {
  it('any valid answers come back equal once the secret is put back (1,000 runs)', () => {
    fc.assert(
      fc.property(validAnswers, fc.option(fc.constantFrom(...STEPS), { nil: undefined }), (answers: Answers, step) => {
        const fragment = encodeShare(answers, step);
        expect(keysDeep(payloadOf(fragment))).not.toContain('password');

        const decoded = decodeShare(`#${fragment}`);
        expect(decoded).toMatchObject({ version: SCHEMA_VERSION, step, errors: [] });
        if (answers.topology === 'remote') {
          expect(decoded.missingSecrets).toEqual(['sasl.password']);
          expect(decoded.input.sasl).not.toHaveProperty('password');
          const back = parseAnswers(withPassword(decoded.input, answers.sasl.password));
          expect(back.ok && back.answers).toEqual(answers);
        } else {
          expect(decoded.missingSecrets).toEqual([]);
          const back = parseAnswers(decoded.input);
          expect(back.ok && back.answers).toEqual(answers);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('carries only what differs from the defaults, in schema order, whatever the input order', () => {
    const a = { sasl: { password: 'Zq7LEAKCANARY', username: 'postman' }, tcp: { port: 2003, storeHost: 'store.example.org' }, mailHost: 'mx.example.org', topology: 'remote' };
    const b = { topology: 'remote', mailHost: 'mx.example.org', tcp: { storeHost: 'store.example.org' }, sasl: { password: 'other' } };
    expect(encodeShare(a, 'review')).toBe(encodeShare(b, 'review'));
    expect(payloadOf(encodeShare(a, 'review'))).toEqual({
      v: SCHEMA_VERSION,
      s: 'review',
      a: { topology: 'remote', mailHost: 'mx.example.org', tcp: { storeHost: 'store.example.org' } },
    });
    expect(encodeShare(a)).not.toContain('Zq7LEAKCANARY');
    expect(Buffer.from(encodeShare(a).slice(6), 'base64url').toString()).not.toContain('Zq7LEAKCANARY');
  });

  it('keeps invalid draft values as typed, so the colleague sees the same errors', () => {
    const decoded = decodeShare(encodeShare({ topology: 'remote', mailHost: 'mx.example.org', tcp: { storeHost: 'store.example.org', port: '20x' } }));
    expect(decoded.input.tcp).toEqual({ storeHost: 'store.example.org', port: '20x' });
    expect(decoded.errors.map((e) => e.path)).toEqual(['tcp.port']);
  });

  it('needs a secret exactly where the schema registers one', () => {
    expect(ALL_SECRET_LEAVES.map((l) => l.key)).toEqual(['sasl.password']);
    expect(decodeShare(encodeShare({ topology: 'single-host', mailHost: 'mail.example.org' })).missingSecrets).toEqual([]);
  });
});

describe('old links', () => {
  const v0 = (payload: unknown) => `share=${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;

  it('opens a link made before `target` existed (v1) as debian-12, and keeps the rest', () => {
    const decoded = decodeShare(v0({ v: 1, s: 'routing', a: { topology: 'single-host', mailHost: 'mail.example.org', delivery: { virtualDomains: ['example.com'] } } }));
    expect(decoded).toMatchObject({ version: 1, step: 'routing', errors: [] });
    expect(decoded.input).toMatchObject({ target: 'debian-12', mailHost: 'mail.example.org', delivery: { virtualDomains: ['example.com'] } });
    const parsed = parseAnswers(decoded.input);
    expect(parsed.ok && parsed.answers.target).toBe('debian-12');
    // Re-encoded, the old meaning is kept: debian-12 is no longer the default, so the link names it.
    expect(payloadOf(encodeShare(decoded.input))).toMatchObject({ v: SCHEMA_VERSION, a: { target: 'debian-12' } });
  });

  it('opens a v0 link as debian-12 too', () => {
    expect(decodeShare(v0({ v: 0, a: { topology: 'single-host', mailHost: 'mail.example.org' } })).input.target).toBe('debian-12');
  });

  it('opens a link made now with the default release as debian-13, and one with debian-12 as debian-12', () => {
    const fresh = encodeShare({ topology: 'single-host', mailHost: 'mail.example.org', target: 'debian-13' });
    expect(payloadOf(fresh)).toEqual({ v: SCHEMA_VERSION, a: { topology: 'single-host', mailHost: 'mail.example.org' } });
    const reopened = parseAnswers(decodeShare(fresh).input);
    expect(reopened.ok && reopened.answers.target).toBe('debian-13');
    const older = encodeShare({ topology: 'single-host', mailHost: 'mail.example.org', target: 'debian-12' });
    expect(decodeShare(older).input.target).toBe('debian-12');
  });

  it('leaves a bad target in a link to the schema', () => {
    const decoded = decodeShare(v0({ v: SCHEMA_VERSION, a: { topology: 'single-host', mailHost: 'mail.example.org', target: 'debian-11' } }));
    expect(decoded.errors.map((e) => e.path)).toEqual(['target']);
  });

  it('has one migration per schema version', () => {
    expect(MIGRATIONS).toHaveLength(SCHEMA_VERSION);
  });

  it('migrates a v0 link: tcp.host became tcp.storeHost, virtdomains a boolean became "userid"/"off"', () => {
    const decoded = decodeShare(
      v0({ v: 0, s: 'routing', a: { topology: 'remote', mailHost: 'mx.example.org', tcp: { host: 'store.example.org', port: 2004 }, cyrus: { virtdomains: true } } }),
    );
    expect(decoded).toMatchObject({ version: 0, step: 'routing', errors: [], missingSecrets: ['sasl.password'] });
    expect(decoded.input).toMatchObject({ tcp: { storeHost: 'store.example.org', port: 2004 }, cyrus: { virtdomains: 'userid' } });
    expect(decoded.input.tcp).not.toHaveProperty('host');
    // Re-encoded, it is a current link.
    expect(payloadOf(encodeShare(decoded.input, decoded.step)).v).toBe(SCHEMA_VERSION);
  });

  it('keeps a v0 link that already used the new name, and leaves odd values to the schema', () => {
    const both = decodeShare(v0({ v: 0, a: { topology: 'remote', mailHost: 'mx.example.org', tcp: { host: 'old.example.org', storeHost: 'new.example.org' } } }));
    expect(both.input.tcp).toEqual({ storeHost: 'new.example.org' });
    const odd = decodeShare(v0({ v: 0, a: { topology: 'single-host', mailHost: 'mail.example.org', cyrus: { virtdomains: 'sometimes' } } }));
    expect(odd.errors.map((e) => e.path)).toEqual(['cyrus.virtdomains']);
  });
});

describe('links and share.txt', () => {
  it('puts the state in the fragment of the base URL, never in its query', () => {
    const link = createShareLink('http://127.0.0.1:8080/#old', { topology: 'single-host', mailHost: 'mail.example.org' }, 'review');
    const url = new URL(link);
    expect(url.search).toBe('');
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:8080/');
    expect(isShareFragment(url.hash)).toBe(true);
    expect(isShareFragment('#main')).toBe(false);
    expect(decodeShare(url.hash).input).toMatchObject({ mailHost: 'mail.example.org' });
  });

  it('share.txt is a generated header and the link on its own line', () => {
    const text = shareFileText('http://x.example/#share=abc', '9.9.9');
    expect(text.split('\n')).toEqual([
      expect.stringMatching(/^# Generated by lmtp-wizard 9\.9\.9\./),
      expect.stringMatching(/^# /),
      expect.stringMatching(/^# .*SASL password/),
      'http://x.example/#share=abc',
      '',
    ]);
  });
});
