// Share links outlive releases: a link carries the schema version it was
// made with, and MIGRATIONS[n] turns answers of version n into version
// n + 1. Never edit a shipped entry; add one when SCHEMA_VERSION goes up.
// A migration only moves, renames, or states what an old link meant. It
// never validates: the migrated answers are then judged by the current
// schema like any other input.

export type LinkAnswers = Record<string, unknown>;
export type Migration = (answers: LinkAnswers) => LinkAnswers;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Applies `change` to one section's own key, if present; everything else is left as it was. */
function inSection(
  answers: LinkAnswers,
  section: string,
  key: string,
  change: (section: Record<string, unknown>, value: unknown) => Record<string, unknown>,
): LinkAnswers {
  const current = answers[section];
  if (!isRecord(current) || !Object.hasOwn(current, key)) return answers;
  return { ...answers, [section]: change(current, current[key]) };
}

/** Renames section.from to section.to, unless section.to is already set. */
export const renameKey = (answers: LinkAnswers, section: string, from: string, to: string): LinkAnswers =>
  inSection(answers, section, from, (s, value) => {
    const { [from]: _old, ...rest } = s;
    return Object.hasOwn(rest, to) ? rest : { ...rest, [to]: value };
  });

/**
 * v0 is the link layout of the wizard's prototype: the store was `tcp.host`
 * and Cyrus virtual domains were a boolean. No release wrote v0 links; the
 * entry keeps the migration path real, tested code from the first release.
 */
const v0ToV1: Migration = (answers) => {
  const renamed = renameKey(answers, 'tcp', 'host', 'storeHost');
  return inSection(renamed, 'cyrus', 'virtdomains', (s, value) =>
    typeof value === 'boolean' ? { ...s, virtdomains: value ? 'userid' : 'off' } : s,
  );
};

/**
 * v2 added `target`, defaulting to debian-13. Links carry only answers that
 * differ from the defaults, and every link before v2 was made for Debian 12,
 * so an old link without a target means debian-12, not the new default.
 */
const v1ToV2: Migration = (answers) =>
  Object.hasOwn(answers, 'target') ? answers : { ...answers, target: 'debian-12' };

/**
 * v3 made "cyrus" (ask Cyrus during the SMTP dialogue) the default of
 * delivery.localRecipientCheck. Before, a link without the key meant "any":
 * no check at all, unknown addresses bounced later. The link states that old
 * meaning, so it still makes the bundle it made; the person can then choose
 * "cyrus" in the wizard. A link that names a check keeps it.
 */
const v2ToV3: Migration = (answers) => {
  const delivery = answers.delivery;
  if (delivery === undefined) return { ...answers, delivery: { localRecipientCheck: 'any' } };
  if (!isRecord(delivery) || Object.hasOwn(delivery, 'localRecipientCheck')) return answers;
  return { ...answers, delivery: { ...delivery, localRecipientCheck: 'any' } };
};

/**
 * v4 added `tls` for the remote hop, pinned TLS by default. Before, the hop
 * was plain text: a remote link without the section meant no TLS, and still
 * does, so it makes the bundle it made; the wizard then shows the TLS-off
 * warning, and the person can turn TLS on. A link that has a tls section is
 * left to the schema; a single-host link has no hop to encrypt.
 */
const v3ToV4: Migration = (answers) =>
  answers.topology === 'remote' && !Object.hasOwn(answers, 'tls') ? { ...answers, tls: { mode: 'off' } } : answers;

/**
 * v5 lowered the default of limits.concurrency from 100 to 20 (the delivery
 * benchmark of issue 14). Before, a link without the key meant 100, and
 * still does: the link makes the bundle it made (the same
 * <transport>_destination_concurrency_limit and process limit), so applying
 * it again to the server it set up changes nothing. The person can lower it
 * in the wizard. A link that names a concurrency keeps it.
 */
const v4ToV5: Migration = (answers) => {
  const limits = answers.limits;
  if (limits === undefined) return { ...answers, limits: { concurrency: 100 } };
  if (!isRecord(limits) || Object.hasOwn(limits, 'concurrency')) return answers;
  return { ...answers, limits: { ...limits, concurrency: 100 } };
};

/** MIGRATIONS[n] turns version n into n + 1, so its length is SCHEMA_VERSION. */
export const MIGRATIONS: readonly Migration[] = [v0ToV1, v1ToV2, v2ToV3, v3ToV4, v4ToV5];

/** Links older than this cannot be read any more (none so far). */
export const OLDEST_LINK_VERSION = 0;

export function migrate(answers: LinkAnswers, fromVersion: number): LinkAnswers {
  return MIGRATIONS.slice(fromVersion).reduce((a, m) => m(a), answers);
}
