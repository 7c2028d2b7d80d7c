// Cyrus imapd.conf: `key: value` lines.
import { assertMatches, assertPlainAscii, SerializeError, type Entry } from './errors.ts';
import { commentLines, pushAll } from './lines.ts';

export interface CyrusSetting extends Entry {
  key: string;
  value: string;
  /** "list": add the value to the space-separated list already there. */
  merge?: 'list';
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

export function serializeCyrusKv(settings: CyrusSetting[]): string {
  const out: string[] = [];
  for (const s of settings) {
    pushAll(out, commentLines(s.why));
    out.push(cyrusLine(s), '');
  }
  return out.join('\n');
}
