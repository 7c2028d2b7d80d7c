// Cyrus imapd.conf: `key: value` lines.
import { assertMatches, assertPlainAscii, SerializeError, type Entry } from './errors.ts';
import { commentLines, pushAll } from './lines.ts';

export type CyrusPolicy = 'owned' | 'merged' | 'exclusive';

export interface CyrusSetting extends Entry {
  key: string;
  value: string;
  /**
   * How the key meets a value already in imapd.conf (issue 10):
   * - owned: the key serves only what the bundle sets up; apply.sh writes it.
   * - merged: a space-separated list; apply.sh adds our item and keeps the others.
   * - exclusive: it must be unset or already equal; anything else is a conflict
   *   that apply.sh reports before its first change.
   */
  policy: CyrusPolicy;
  /** exclusive keys: how an admin resolves the conflict (shown by apply.sh). */
  resolve?: string;
  /** Only where the installed Cyrus has the key (cyr_info conf-default lists it). */
  ifKnown?: true;
}

export function cyrusLine(s: CyrusSetting): string {
  assertMatches(s.source, s.key, /^[a-z][a-z0-9_-]*$/, 'imapd.conf key');
  assertPlainAscii(s.source, s.value, 'imapd.conf');
  if (s.value === '' || s.value !== s.value.trim()) {
    throw new SerializeError(s.source, 'empty value, or leading or trailing space, in imapd.conf');
  }
  return `${s.key}: ${s.value}`;
}

/** What each policy means for the admin, in the file's own comments. */
export const POLICY_NOTE: Record<CyrusPolicy, string> = {
  owned: 'owned (apply.sh sets this value).',
  merged: 'merged (apply.sh adds this item to the list already there and keeps the others).',
  exclusive: 'exclusive (must be unset or already equal; another value stops apply.sh before any change).',
};

export function serializeCyrusKv(settings: CyrusSetting[]): string {
  const out: string[] = [];
  for (const s of settings) {
    pushAll(out, commentLines(`${s.why} Policy: ${POLICY_NOTE[s.policy]}`));
    out.push(cyrusLine(s), '');
  }
  return out.join('\n');
}
