// The one table `pnpm bench` prints: figure, goal, measured, pass/miss.
export interface Row {
  figure: string;
  goal: string;
  measured: string;
  /** undefined: reported only, no goal. */
  pass?: boolean;
}

export function renderTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [r.figure, r.goal, r.measured, r.pass === undefined ? '—' : r.pass ? 'pass' : 'MISS']);
  const head = ['figure', 'goal', 'measured', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

export const us = (x: number) => `${x.toFixed(1)} µs`;
export const ms = (x: number, digits = 1) => `${x.toFixed(digits)} ms`;
export const perSec = (x: number) => `${Math.round(x).toLocaleString('en')} req/s`;
