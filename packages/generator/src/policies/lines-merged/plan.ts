// The twins of wrapper_shadow, check_wrapper_first and append_line (policy.sh).
import { columnsLine, type ColumnsRow } from '../../serializers/columns.ts';
import type { HostReader } from '../reader.ts';

/** wrapper_shadow FILE LINE DAEMON: the first rule before LINE that matches every client of DAEMON. */
export function wrapperShadow(lines: readonly string[] | null, line: string, daemon: string): string {
  for (const l of lines ?? []) {
    if (l === line) return '';
    if (/^[ \t]*(#|$)/.test(l) || !l.includes(':')) continue;
    const f = l.split(':');
    const ds = (f[0] ?? '').split(/[ \t,]+/);
    const cs = (f[1] ?? '').split(/[ \t,]+/);
    let m = false;
    let ex = false;
    for (const d of ds) {
      if (d === 'EXCEPT') ex = true;
      else if (d === 'ALL' || d === daemon) m = !ex;
    }
    let all = false;
    for (const c of cs) {
      if (c === 'EXCEPT') break;
      if (c === 'ALL') all = true;
    }
    if (m && all) return l;
  }
  return '';
}

/** The daemon a tcp-wrapper row is for: its first column without the colon. */
export const daemonOf = (row: ColumnsRow): string => (row.columns[0] ?? '').replace(/:$/, '');

/** check_wrapper_first FILE LINE DAEMON, for each row of hosts.allow. */
export function checkWrapperFirst(r: HostReader, rows: readonly ColumnsRow[], syntax: string, target: string): void {
  for (const row of rows) {
    const line = columnsLine(row, syntax);
    const hit = wrapperShadow(r.h.hostsAllow, line, daemonOf(row));
    if (hit)
      r.conflict(
        target,
        line,
        hit,
        line,
        row.source,
        `move "${line}" above that rule by hand (apply.sh appends and never reorders your rules), then run apply.sh again`,
      );
  }
}

/** append_line FILE LINE, for each row: unchanged when the file has the line, else added. */
export function appendLines(r: HostReader, rows: readonly ColumnsRow[], syntax: string, target: string): void {
  const lines = syntax === 'hosts.allow' ? r.h.hostsAllow : syntax === 'hosts.deny' ? r.h.hostsDeny : null;
  for (const row of rows) {
    const line = columnsLine(row, syntax);
    if (lines?.includes(line)) r.rec('unchanged', target, line, line, line, row.source);
    else r.rec('add', target, line, line, null, row.source);
  }
}
