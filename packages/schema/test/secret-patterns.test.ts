// The one list of secret paths (secret-patterns.ts) against the schema: each
// entry names a leaf of some topology, and every leaf that holds a password
// is on the list, so a password field added to the answers without its line
// here fails at once.
import { describe, expect, it } from 'vitest';
import { isSecretPath, SECRET_PATTERNS } from '../src/secret-patterns.ts';
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
