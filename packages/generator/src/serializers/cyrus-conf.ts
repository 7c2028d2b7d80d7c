// Cyrus cyrus.conf: one service per line inside SERVICES { }, with
// name="value" options.
import { assertMatches, type Entry } from './errors.ts';
import { commentLines } from './lines.ts';

export interface CyrusService extends Entry {
  name: string;
  cmd: string;
  listen: string;
  prefork: number;
  maxchild: number;
  /**
   * How the line meets a SERVICES entry of the same name (issue 10):
   * - owned: the entry is ours; apply.sh replaces it.
   * - exclusive: an entry of that name must be absent or already listen where
   *   ours does (then its other options become ours); another listen is a
   *   conflict, found before any change. A loopback listener is never widened.
   */
  policy: 'owned' | 'exclusive';
  /** For an exclusive service: how the admin resolves a conflict (a wizard answer). */
  resolve?: string;
  /** TCP ports the listen takes (by name and number): no other service may hold one. */
  ports?: string[];
}

const QUOTED = /^[A-Za-z0-9_./:@ -]+$/;

export function cyrusServiceLine(s: CyrusService): string {
  assertMatches(s.source, s.name, /^[a-z][a-z0-9]*$/, 'cyrus.conf service name');
  // Inside the double quotes a '"' would end the value and a newline the entry.
  assertMatches(s.source, s.cmd, QUOTED, 'cyrus.conf cmd');
  assertMatches(s.source, s.listen, /^[A-Za-z0-9_./:[\]-]+$/, 'cyrus.conf listen');
  assertMatches(s.source, String(s.prefork), /^[0-9]+$/, 'cyrus.conf prefork');
  assertMatches(s.source, String(s.maxchild), /^[0-9]+$/, 'cyrus.conf maxchild');
  return `${s.name} cmd="${s.cmd}" listen="${s.listen}" prefork=${s.prefork} maxchild=${s.maxchild}`;
}

export function serializeCyrusServices(services: CyrusService[]): string {
  const out = ['SERVICES {'];
  for (const s of services) {
    for (const l of commentLines(s.why)) out.push(`\t${l}`);
    out.push(`\t${cyrusServiceLine(s)}`);
  }
  out.push('}', '');
  return out.join('\n');
}
