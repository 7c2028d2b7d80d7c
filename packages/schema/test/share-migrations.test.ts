// Old share links: each schema version's link still opens, migrated to the
// current answers, and keeps what it meant when it was made.
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, MIGRATIONS, parseAnswers, SCHEMA_VERSION } from '../src/index.ts';

/** The JSON inside a fragment, read without the codec. */
const payloadOf = (fragment: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(fragment.replace(/^#?share=/, ''), 'base64url').toString('utf8')) as Record<string, unknown>;

describe('old links', () => {
  const v0 = (payload: unknown) => `share=${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;

  it('opens a link made before `target` existed (v1) as debian-12, and keeps the rest', () => {
    const decoded = decodeShare(
      v0({
        v: 1,
        s: 'routing',
        a: { topology: 'single-host', mailHost: 'mail.example.org', delivery: { virtualDomains: ['example.com'] } },
      }),
    );
    expect(decoded).toMatchObject({ version: 1, step: 'routing', errors: [] });
    expect(decoded.input).toMatchObject({
      target: 'debian-12',
      mailHost: 'mail.example.org',
      delivery: { virtualDomains: ['example.com'] },
    });
    const parsed = parseAnswers(decoded.input);
    expect(parsed.ok && parsed.answers.target).toBe('debian-12');
    // Re-encoded, the old meaning is kept: debian-12 is no longer the default, so the link names it.
    expect(payloadOf(encodeShare(decoded.input))).toMatchObject({ v: SCHEMA_VERSION, a: { target: 'debian-12' } });
  });

  it('opens a v0 link as debian-12 too', () => {
    expect(decodeShare(v0({ v: 0, a: { topology: 'single-host', mailHost: 'mail.example.org' } })).input.target).toBe(
      'debian-12',
    );
  });

  it('opens a link made now with the default release as debian-13, and one with debian-12 as debian-12', () => {
    const fresh = encodeShare({ topology: 'single-host', mailHost: 'mail.example.org', target: 'debian-13' });
    expect(payloadOf(fresh)).toEqual({
      v: SCHEMA_VERSION,
      a: { topology: 'single-host', mailHost: 'mail.example.org' },
    });
    const reopened = parseAnswers(decodeShare(fresh).input);
    expect(reopened.ok && reopened.answers.target).toBe('debian-13');
    const older = encodeShare({ topology: 'single-host', mailHost: 'mail.example.org', target: 'debian-12' });
    expect(decodeShare(older).input.target).toBe('debian-12');
  });

  it('leaves a bad target in a link to the schema', () => {
    const decoded = decodeShare(
      v0({ v: SCHEMA_VERSION, a: { topology: 'single-host', mailHost: 'mail.example.org', target: 'debian-11' } }),
    );
    expect(decoded.errors.map((e) => e.path)).toEqual(['target']);
  });

  it('has one migration per schema version', () => {
    expect(MIGRATIONS).toHaveLength(SCHEMA_VERSION);
  });

  it('migrates a v0 link: tcp.host became tcp.storeHost, virtdomains a boolean became "userid"/"off"', () => {
    const decoded = decodeShare(
      v0({
        v: 0,
        s: 'routing',
        a: {
          topology: 'remote',
          mailHost: 'mx.example.org',
          tcp: { host: 'store.example.org', port: 2004 },
          cyrus: { virtdomains: true },
        },
      }),
    );
    expect(decoded).toMatchObject({ version: 0, step: 'routing', errors: [], missingSecrets: ['sasl.password'] });
    expect(decoded.input).toMatchObject({
      tcp: { storeHost: 'store.example.org', port: 2004 },
      cyrus: { virtdomains: 'userid' },
    });
    expect(decoded.input.tcp).not.toHaveProperty('host');
    // Re-encoded, it is a current link.
    expect(payloadOf(encodeShare(decoded.input, decoded.step)).v).toBe(SCHEMA_VERSION);
  });

  it('keeps a v0 link that already used the new name, and leaves odd values to the schema', () => {
    const both = decodeShare(
      v0({
        v: 0,
        a: {
          topology: 'remote',
          mailHost: 'mx.example.org',
          tcp: { host: 'old.example.org', storeHost: 'new.example.org' },
        },
      }),
    );
    expect(both.input.tcp).toEqual({ storeHost: 'new.example.org' });
    const odd = decodeShare(
      v0({ v: 0, a: { topology: 'single-host', mailHost: 'mail.example.org', cyrus: { virtdomains: 'sometimes' } } }),
    );
    expect(odd.errors.map((e) => e.path)).toEqual(['cyrus.virtdomains']);
  });

  it('a link without virtdomains opens as "keep", the current default, whatever its version (on a fresh host keep and the old default "off" are the same)', () => {
    const decoded = decodeShare(v0({ v: 2, s: 'cyrus', a: { topology: 'single-host', mailHost: 'mail.example.org' } }));
    expect(decoded.errors).toEqual([]);
    const parsed = parseAnswers(decoded.input);
    expect(parsed.ok && parsed.answers.cyrus.virtdomains).toBe('keep');
  });
});

describe('links made before the "cyrus" recipient check (v2 and older)', () => {
  const link = (payload: unknown) => `share=${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const checkOf = (fragment: string) => {
    const parsed = parseAnswers(decodeShare(fragment).input);
    return parsed.ok ? parsed.answers.delivery.localRecipientCheck : parsed;
  };

  it('a v2 link without the key meant "any" (the old default), and still does', () => {
    expect(checkOf(link({ v: 2, a: { topology: 'single-host', mailHost: 'mail.example.org' } }))).toBe('any');
    expect(
      checkOf(
        link({
          v: 2,
          a: { topology: 'single-host', mailHost: 'mail.example.org', delivery: { virtualDomains: ['example.com'] } },
        }),
      ),
    ).toBe('any');
    expect(checkOf(link({ v: 1, a: { topology: 'single-host', mailHost: 'mail.example.org' } }))).toBe('any');
  });

  it('a v2 link that chose "unix" keeps it; a current link without the key means the new default, "cyrus"', () => {
    expect(
      checkOf(
        link({
          v: 2,
          a: { topology: 'single-host', mailHost: 'mail.example.org', delivery: { localRecipientCheck: 'unix' } },
        }),
      ),
    ).toBe('unix');
    expect(checkOf(link({ v: SCHEMA_VERSION, a: { topology: 'single-host', mailHost: 'mail.example.org' } }))).toBe(
      'cyrus',
    );
  });

  it('re-encoded, a migrated link names "any", since it is no longer the default', () => {
    const decoded = decodeShare(link({ v: 2, a: { topology: 'single-host', mailHost: 'mail.example.org' } }));
    expect(payloadOf(encodeShare(decoded.input))).toMatchObject({
      v: SCHEMA_VERSION,
      a: { delivery: { localRecipientCheck: 'any' } },
    });
  });

  it('leaves a damaged delivery section to the schema', () => {
    expect(
      decodeShare(
        link({ v: 2, a: { topology: 'single-host', mailHost: 'mail.example.org', delivery: 'x' } }),
      ).errors.map((e) => e.path),
    ).toEqual(['delivery']);
  });
});

describe('remote links made before TLS on the hop (v3 and older)', () => {
  const link = (payload: unknown) => `share=${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const remote = { topology: 'remote', mailHost: 'mail.example.org', tcp: { storeHost: 'store.example.org' } };
  // A link never carries the password: the person types it again.
  const opened = (fragment: string) =>
    parseAnswers({ ...(decodeShare(fragment).input as object), sasl: { password: 'typed-again' } });
  const tlsOf = (fragment: string) => {
    const parsed = opened(fragment);
    return parsed.ok && parsed.answers.topology === 'remote' ? parsed.answers.tls.mode : parsed;
  };
  const warnings = (fragment: string) => {
    const parsed = opened(fragment);
    return parsed.ok ? parsed.warnings.map((w) => w.path) : parsed;
  };

  it('a v3 remote link without tls made a plain-text hop, and still does, with the TLS-off warning', () => {
    expect(tlsOf(link({ v: 3, a: remote }))).toBe('off');
    expect(tlsOf(link({ v: 1, a: remote }))).toBe('off');
    expect(warnings(link({ v: 3, a: remote }))).toContain('tls.mode');
  });

  it('a current remote link without tls means the new default, a pinned fingerprint, and no TLS warning', () => {
    expect(tlsOf(link({ v: SCHEMA_VERSION, a: remote }))).toBe('fingerprint');
    expect(warnings(link({ v: SCHEMA_VERSION, a: remote }))).not.toContain('tls.mode');
  });

  it('a single-host link gets no tls section (one host has no hop to encrypt)', () => {
    const decoded = decodeShare(link({ v: 3, a: { topology: 'single-host', mailHost: 'mail.example.org' } }));
    expect(decoded.input).not.toHaveProperty('tls');
    expect(parseAnswers(decoded.input).ok).toBe(true);
  });

  it('re-encoded, a migrated remote link names "off", since it is no longer the default', () => {
    const decoded = decodeShare(link({ v: 3, a: remote }));
    expect(payloadOf(encodeShare(decoded.input))).toMatchObject({ v: SCHEMA_VERSION, a: { tls: { mode: 'off' } } });
  });
});

describe('links made before concurrency 20 was the default (v4 and older)', () => {
  const link = (payload: unknown) => `share=${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const limitsOf = (fragment: string) => {
    const parsed = parseAnswers(decodeShare(fragment).input);
    return parsed.ok ? parsed.answers.limits : parsed;
  };

  it('a v4 link without the key meant 100 (the old default), and still does, whatever else its limits say', () => {
    expect(limitsOf(link({ v: 4, a: { topology: 'single-host', mailHost: 'mail.example.org' } }))).toEqual({
      concurrency: 100,
      recipients: 0,
      lmtpMaxChild: 100,
    });
    expect(
      limitsOf(link({ v: 4, a: { topology: 'single-host', mailHost: 'mail.example.org', limits: { recipients: 5 } } })),
    ).toEqual({ concurrency: 100, recipients: 5, lmtpMaxChild: 100 });
    expect(limitsOf(link({ v: 2, a: { topology: 'single-host', mailHost: 'mail.example.org' } }))).toMatchObject({
      concurrency: 100,
    });
  });

  it('a v4 link that chose a concurrency keeps it; a current link without the key means the new default, 20', () => {
    expect(
      limitsOf(
        link({ v: 4, a: { topology: 'single-host', mailHost: 'mail.example.org', limits: { concurrency: 7 } } }),
      ),
    ).toMatchObject({ concurrency: 7 });
    expect(
      limitsOf(link({ v: SCHEMA_VERSION, a: { topology: 'single-host', mailHost: 'mail.example.org' } })),
    ).toMatchObject({ concurrency: 20 });
  });

  it('re-encoded, a migrated link names 100, since it is no longer the default', () => {
    const decoded = decodeShare(link({ v: 4, a: { topology: 'single-host', mailHost: 'mail.example.org' } }));
    expect(payloadOf(encodeShare(decoded.input))).toMatchObject({
      v: SCHEMA_VERSION,
      a: { limits: { concurrency: 100 } },
    });
  });

  it('leaves a damaged limits section to the schema', () => {
    expect(
      decodeShare(link({ v: 4, a: { topology: 'single-host', mailHost: 'mail.example.org', limits: 'x' } })).errors.map(
        (e) => e.path,
      ),
    ).toEqual(['limits']);
  });
});
