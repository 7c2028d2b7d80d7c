// The twins of table_value, check_table_key and merge_table_key (policy.sh).
import type { TableRow } from '../../serializers/table.ts';
import type { HostReader } from '../reader.ts';

export const TABLE_RESOLVE =
  'the map already routes this domain elsewhere; remove it from delivery.transportMapDomains in the wizard, or change that entry by hand';

/** table_value: KEY's value in a lookup table source, keys folded to lower case, first match; comments and continuation lines skipped. */
export function tableValue(text: string | undefined, key: string): string {
  if (text === undefined) return '';
  const k = key.toLowerCase();
  for (const l of text.split('\n')) {
    if (/^[ \t]*#/.test(l) || /^[ \t]*$/.test(l) || /^[ \t]/.test(l)) continue;
    const first = l.split(/[ \t]+/)[0] ?? '';
    if (first.toLowerCase() !== k) continue;
    return l.replace(/^[^ \t]+[ \t]+/, '').replace(/[ \t]+$/, '');
  }
  return '';
}

/** The map's text as inspect.sh showed it; undefined when the host has no such map. */
const mapText = (r: HostReader, target: string): string | undefined =>
  r.h.transportMaps[target] ? r.h.files[target] : undefined;

/** check_table_key MAP KEY VALUE HOW: our key with another value is a conflict (replaceable as MAP:KEY). */
export function checkTableKeys(r: HostReader, rows: readonly TableRow[], target: string): void {
  const text = mapText(r, target);
  for (const row of rows) {
    const cur = tableValue(text, row.key);
    if (cur && cur !== row.value)
      r.conflict(target, row.key, cur, row.value, row.source, TABLE_RESOLVE, `${target}:${row.key}`);
  }
}

/** merge_table_key MAP KEY VALUE: another value is the conflict check_table_key recorded. */
export function mergeTableKeys(r: HostReader, rows: readonly TableRow[], target: string): void {
  const text = mapText(r, target);
  for (const row of rows) {
    const cur = tableValue(text, row.key);
    if (cur === row.value) r.rec('unchanged', target, row.key, cur, cur, row.source);
    else if (!cur) r.rec('add', target, row.key, row.value, null, row.source);
  }
}
