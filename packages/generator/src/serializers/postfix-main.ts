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
   */
  policy: 'owned' | 'merged' | 'exclusive';
  /** exclusive only: how the admin resolves a conflict (names the wizard answer). */
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

export function postfixLine(s: Omit<PostfixSetting, 'policy'>): string {
  assertMatches(s.source, s.key, /^[a-z][a-z0-9_]*$/, 'main.cf parameter name');
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
