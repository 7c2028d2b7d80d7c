// Whitespace-separated column files: tmpfiles.d, /etc/services and
// tcp-wrapper rules. Each column is one token.
import { assertMatches, commentLines, type Entry } from './errors.ts';

export interface ColumnsRow extends Entry {
  columns: string[];
}

export function columnsLine(r: ColumnsRow, syntax: string): string {
  for (const c of r.columns) assertMatches(r.source, c, /^[A-Za-z0-9_./:,[\]-]+$/, `${syntax} column`);
  return r.columns.join(' ');
}

export function serializeColumns(rows: ColumnsRow[], syntax: string): string {
  return rows.flatMap((r) => [...commentLines(r.why), columnsLine(r, syntax), '']).join('\n');
}
