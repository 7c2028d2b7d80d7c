// The one list of where answers hold a secret (passwords), as dotted path
// patterns: "*" stands for the index of a list item. No zod here, so the web
// reads it without the schema (its share links, the engine's defaults, the
// form, whose first chunk has no room for zod), while the schema builds its
// leaves (share-paths.ts), secretPaths, secretValues, withoutSecrets and
// withSecretsStoodIn on it. A secret added to the answers is added here once.

export const SECRET_PATTERNS = [
  'sasl.password',
  'extraMx.*.password',
  'murder.proxyPassword',
  'murder.backendPasswords.*.password',
  'murder.mupdatePassword',
] as const;
export type SecretPattern = (typeof SECRET_PATTERNS)[number];

/** The pattern of a dotted path: each list index becomes "*" ("extraMx.0.password" → "extraMx.*.password"). */
export const pathPattern = (path: string): string => path.replace(/\.[0-9]+(?=\.|$)/g, '.*');

/** Whether a dotted answers path ("sasl.password", "extraMx.1.password") holds a secret. */
export const isSecretPath = (path: string): boolean =>
  (SECRET_PATTERNS as readonly string[]).includes(pathPattern(path));

export interface SecretMeta {
  /**
   * A value the field accepts. It stands in for the withheld secret only
   * while the rest of a shared setup is validated; it never reaches output.
   */
  placeholder: string;
  /**
   * For a secret inside a list item: whether the answers need it at all (an
   * MX's own password, not when every MX shares one user). Absent: always.
   */
  onlyWhen?: (answers: Record<string, unknown>) => boolean;
}

/** Whether (link) answers say that every MX logs in as the one shared SASL user. */
const isSharedUser = (a: Record<string, unknown>): boolean => {
  const sasl = a.sasl;
  return typeof sasl === 'object' && sasl !== null && (sasl as Record<string, unknown>).sharedUser === true;
};

/** What the share codec knows of a secret pattern (the schema's leaves carry it); undefined: not a secret. */
export function secretMeta(pattern: string): SecretMeta | undefined {
  if (!(SECRET_PATTERNS as readonly string[]).includes(pattern)) return undefined;
  // a further MX's own password: "" and not needed when every MX shares one user
  return pattern === 'extraMx.*.password'
    ? { placeholder: 'withheld-secret', onlyWhen: (a) => !isSharedUser(a) }
    : { placeholder: 'withheld-secret' };
}
