// Postfix main.cf: `key = value` lines, applied with `postconf -e`.
import { assertMatches, assertPlainAscii, SerializeError, type Entry } from './errors.ts';
import { commentLines, pushAll } from './lines.ts';

export interface PostfixSetting extends Entry {
  key: string;
  value: string;
  /**
   * How the setting meets a value already in main.cf (issue 10):
   * - "owned": ours alone (named after our transport); written as is.
   * - "merged": a list; our items are added, the others kept.
   * - "exclusive": must be unset or already equal; anything else is a conflict
   *   that apply.sh reports before its first change, with `resolve` as the way out.
   * - "merged-restriction": an ordered smtpd restriction list; our one item
   *   ("name argument") is added at the end, the rest kept as written. An item of
   *   FINAL_RESTRICTIONS already in the list would decide before ours ever ran:
   *   a conflict (apply.sh never reorders the admin's list), `resolve` says how.
   */
  policy: 'owned' | 'merged' | 'exclusive' | 'merged-restriction';
  /** exclusive and merged-restriction: how the admin resolves a conflict (names the wizard answer). */
  resolve?: string;
  /**
   * exclusive only: a current value that routes through this transport name
   * (the master.cf service we own) came from an earlier bundle and is replaced.
   */
  ours?: string;
  /**
   * Neighbours that must be unset for this setting to work (checked before any
   * change, whatever the policy): virtual_mailbox_domains gains our domains, and
   * a virtual_mailbox_maps beside it would be asked for their recipients.
   */
  requiresUnset?: { key: string; resolve: string }[];
}

/**
 * Restrictions that end the evaluation of a recipient restriction list for
 * every recipient of our domains (postconf(5), "Generic restrictions" and
 * permit_auth_destination), so an item after them never runs. A trailing
 * warn_if_reject, which would turn our reject into a log line, is refused by
 * the shell check itself.
 */
export const FINAL_RESTRICTIONS: readonly string[] = ['permit', 'reject', 'defer', 'permit_auth_destination'];

/** A merged-restriction value: the restriction and its one argument. */
export function restrictionItem(s: Pick<PostfixSetting, 'value' | 'source'>): { name: string; arg: string } {
  const m = /^([a-z_]+) (\S+)$/.exec(s.value);
  if (!m?.[1] || !m[2]) throw new SerializeError(s.source, 'a restriction item must be "name argument"');
  return { name: m[1], arg: m[2] };
}

export function postfixLine(s: Omit<PostfixSetting, 'policy'>): string {
  // "-" only for <service>_destination_* of a service named with one (smtp-amavis).
  assertMatches(s.source, s.key, /^[a-z](?:[a-z0-9_-]*[a-z0-9_])?$/, 'main.cf parameter name');
  assertPlainAscii(s.source, s.value, 'main.cf');
  // "$" would be expanded as a parameter reference; a leading space or a
  // trailing one is trimmed by Postfix and would change the value.
  if (s.value.includes('$')) throw new SerializeError(s.source, '"$" in a main.cf value');
  if (s.value !== s.value.trim()) throw new SerializeError(s.source, 'leading or trailing space in a main.cf value');
  return s.value === '' ? `${s.key} =` : `${s.key} = ${s.value}`;
}

export function serializePostfixMain(settings: PostfixSetting[]): string {
  const out: string[] = [];
  for (const s of settings) {
    pushAll(out, commentLines(s.why));
    out.push(postfixLine(s), '');
  }
  return out.join('\n');
}
