// Whitespace-separated column files: tmpfiles.d, /etc/services and
// tcp-wrapper rules. Each column is one token.
import { assertMatches, type Entry } from './errors.ts';
import { commentLines, pushAll } from './lines.ts';

export interface ColumnsRow extends Entry {
  columns: string[];
}

export function columnsLine(r: ColumnsRow, syntax: string): string {
  for (const c of r.columns) assertMatches(r.source, c, /^[A-Za-z0-9_./:,[\]-]+$/, `${syntax} column`);
  return r.columns.join(' ');
}

export function serializeColumns(rows: ColumnsRow[], syntax: string): string {
  const out: string[] = [];
  for (const r of rows) {
    pushAll(out, commentLines(r.why));
    out.push(columnsLine(r, syntax), '');
  }
  return out.join('\n');
}
