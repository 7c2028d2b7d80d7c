// Postfix main.cf: `key = value` lines, applied with `postconf -e`.
import { assertMatches, assertPlainAscii, SerializeError, type Entry } from './errors.ts';
import { commentLines, pushAll } from './lines.ts';

export interface PostfixSetting extends Entry {
  key: string;
  value: string;
  /** "list": the value's items are added to the current list instead of replacing it. */
  merge?: 'list';
}

export function postfixLine(s: PostfixSetting): string {
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
