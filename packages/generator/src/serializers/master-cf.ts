// Postfix master.cf: one service per row, eight columns plus arguments.
import { assertMatches, type Entry } from './errors.ts';
import { commentLines, pushAll } from './lines.ts';

export interface MasterService extends Entry {
  service: string;
  type: 'unix' | 'inet' | 'fifo' | 'pass';
  private: '-' | 'y' | 'n';
  unpriv: '-' | 'y' | 'n';
  chroot: '-' | 'y' | 'n';
  wakeup: string;
  maxproc: string;
  command: string;
  args: string[];
}

const COLUMN = /^[A-Za-z0-9_.:/=,+-]+$/;

/** The row without its service/type prefix, as `postconf -M name/type=...` takes it. */
export function masterRow(m: MasterService): string {
  const cols = [m.service, m.type, m.private, m.unpriv, m.chroot, m.wakeup, m.maxproc, m.command, ...m.args];
  // Whitespace, "#" or "{" in a column would start a new column, a comment or
  // a grouped argument; a leading "-" on the service name is an option.
  for (const c of cols) assertMatches(m.source, c, COLUMN, 'master.cf column');
  assertMatches(m.source, m.service, /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/, 'master.cf service name');
  return cols.join(' ');
}

export function serializeMaster(services: MasterService[]): string {
  const header = '# service type  private unpriv  chroot  wakeup  maxproc command + args';
  const out = [header];
  for (const m of services) {
    pushAll(out, commentLines(m.why));
    out.push(masterRow(m), '');
  }
  return out.join('\n');
}
