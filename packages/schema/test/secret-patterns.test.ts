// The one list of secret paths (secret-patterns.ts) against the schema: each
// entry names a leaf of some topology, and every leaf that holds a password
// is on the list, so a password field added to the answers without its line
// here fails at once.
import { describe, expect, it } from 'vitest';
import { isSecretPath, SECRET_PATTERNS } from '../src/secret-patterns.ts';
import { withSecretsStoodIn } from '../src/secret-paths.ts';
import { leavesFor, type Leaf } from '../src/share-paths.ts';

const patternsOf = (leaves: readonly Leaf[], under = ''): { pattern: string; secret: boolean }[] =>
  leaves.flatMap((l) => [
    { pattern: `${under}${l.key}`, secret: l.secret !== undefined },
    ...patternsOf(l.items ?? [], `${under}${l.key}.*.`),
  ]);
const ALL = ['single-host', 'remote', 'murder'].flatMap((t) => patternsOf(leavesFor(t) ?? []));

describe('the list of secret paths', () => {
  it('names only leaves of the schema, and the schema carries it on exactly those leaves', () => {
    for (const pattern of SECRET_PATTERNS)
      expect(
        ALL.map((l) => l.pattern),
        pattern,
      ).toContain(pattern);
    for (const leaf of ALL)
      expect(leaf.secret, leaf.pattern).toBe((SECRET_PATTERNS as readonly string[]).includes(leaf.pattern));
  });

  it('holds every leaf that is a password', () => {
    const passwords = ALL.filter((l) => /password$/i.test(l.pattern));
    expect(passwords.length).toBeGreaterThanOrEqual(SECRET_PATTERNS.length);
    for (const leaf of passwords) expect(leaf.secret, leaf.pattern).toBe(true);
  });

  it('matches list items by index, and nothing else', () => {
    expect(isSecretPath('extraMx.0.password')).toBe(true);
    expect(isSecretPath('extraMx.17.password')).toBe(true);
    expect(isSecretPath('murder.backendPasswords.1.password')).toBe(true);
    expect(isSecretPath('extraMx.0.host')).toBe(false);
    expect(isSecretPath('extraMx.password')).toBe(false);
    expect(isSecretPath('sasl.password.x')).toBe(false);
    expect(isSecretPath('sasl.username')).toBe(false);
  });
});

describe('withSecretsStoodIn', () => {
  const remote = (sharedUser: boolean) => ({
    topology: 'remote',
    mailHost: 'mail.example.org',
    tcp: { storeHost: 'store.example.org' },
    sasl: { password: 'typed', sharedUser },
    extraMx: [{ host: 'mx2.example.org' }, { host: 'mx3.example.org', password: 'typed-too' }],
  });

  it('stands in for every secret the answers need, typed or not, and leaves the input alone', () => {
    const input = remote(false);
    expect(withSecretsStoodIn(input, 'S')).toEqual({
      ...input,
      sasl: { password: 'S', sharedUser: false },
      extraMx: [
        { host: 'mx2.example.org', password: 'S' },
        { host: 'mx3.example.org', password: 'S' },
      ],
    });
    expect(input.sasl.password).toBe('typed');
  });

  it('not an MX’s own password when every MX shares one user; a Murder’s every password', () => {
    expect(withSecretsStoodIn(remote(true), 'S')).toMatchObject({
      sasl: { password: 'S' },
      extraMx: [{ host: 'mx2.example.org' }, { host: 'mx3.example.org', password: 'typed-too' }],
    });
    expect(
      withSecretsStoodIn({ topology: 'murder', murder: { backendPasswords: [{}, { password: '' }] } }, 'S'),
    ).toEqual({
      topology: 'murder',
      murder: { proxyPassword: 'S', mupdatePassword: 'S', backendPasswords: [{ password: 'S' }, { password: 'S' }] },
      sasl: { password: 'S' },
    });
    expect(withSecretsStoodIn({ topology: 'single-host', mailHost: 'm.example.org' }, 'S')).toEqual({
      topology: 'single-host',
      mailHost: 'm.example.org',
    });
  });
});
