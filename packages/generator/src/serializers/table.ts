// Postfix lookup-table source files (sasl_passwd, transport): `key value`.
import { assertMatches, assertPlainAscii, SerializeError, type Entry } from './errors.ts';
import { commentLines, pushAll } from './lines.ts';

export interface TableRow extends Entry {
  key: string;
  value: string;
}

export function tableLine(r: TableRow): string {
  // A key with whitespace would split into key and value; one starting with
  // "#" would be a comment. Values run to the end of the line.
  assertMatches(r.source, r.key, /^[^\s#][^\s]*$/, 'lookup table key');
  assertPlainAscii(r.source, r.value, 'lookup table');
  if (r.value === '' || /\s/.test(r.value))
    throw new SerializeError(r.source, 'empty value or whitespace in a lookup table value');
  return `${r.key} ${r.value}`;
}

export function serializeTable(rows: TableRow[]): string {
  const out: string[] = [];
  for (const r of rows) {
    pushAll(out, commentLines(r.why));
    out.push(tableLine(r), '');
  }
  return out.join('\n');
}
