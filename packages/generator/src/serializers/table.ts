// Postfix lookup-table source files (sasl_passwd, transport): `key value`.
import { assertMatches, assertPlainAscii, commentLines, SerializeError, type Entry } from './errors.ts';

export interface TableRow extends Entry {
  key: string;
  value: string;
}

export function tableLine(r: TableRow): string {
  // A key with whitespace would split into key and value; one starting with
  // "#" would be a comment. Values run to the end of the line.
  assertMatches(r.source, r.key, /^[^\s#][^\s]*$/, 'lookup table key');
  assertPlainAscii(r.source, r.value, 'lookup table');
  if (r.value === '' || /\s/.test(r.value)) throw new SerializeError(r.source, 'empty value or whitespace in a lookup table value');
  return `${r.key} ${r.value}`;
}

export function serializeTable(rows: TableRow[]): string {
  return rows.flatMap((r) => [...commentLines(r.why), tableLine(r), '']).join('\n');
}
