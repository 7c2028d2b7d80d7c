// Each file of the plan as a diff: the file as the server has it now
// (InspectedHost.files, in the form inspect.sh printed it: postconf -n for
// main.cf, postconf -M for master.cf), against the same text with the plan's
// added and merged entries written in. This decides nothing: which entries
// change and to what is the generator's plan (planFromInspect). Here they
// are only put on their lines, so that a person can read them in place. A
// conflict changes no line: apply.sh refuses it until it is resolved.
import type { PlanEntryView } from '../state/import.ts';

const squeeze = (s: string): string => s.trim().replace(/\s+/g, ' ');
const isComment = (l: string): boolean => /^\s*(#|$)/.test(l);

type FileKind = 'main' | 'master' | 'imapd' | 'cyrus' | 'services' | 'lines' | 'table';

function kindOf(file: string): FileKind {
  if (file === '/etc/postfix/main.cf') return 'main';
  if (file === '/etc/postfix/master.cf') return 'master';
  if (file.endsWith('/imapd.conf')) return 'imapd';
  if (file.endsWith('/cyrus.conf')) return 'cyrus';
  if (file === '/etc/services') return 'services';
  if (file.endsWith('hosts.allow') || file.endsWith('hosts.deny')) return 'lines';
  return 'table';
}

/** The line an entry's key and value make in that file's syntax. */
function lineFor(kind: FileKind, key: string, value: string): string {
  switch (kind) {
    case 'main':
      return `${key} = ${value}`;
    case 'imapd':
      return `${key}: ${value}`;
    case 'services':
      return `${key}\t${value}`;
    case 'table':
      return `${key}\t${value}`;
    default:
      // master.cf rows, cyrus.conf service lines, tcp-wrapper lines: the value is the whole line.
      return value;
  }
}

/** Where the entry's current line is; -1 when there is none. */
function findLine(lines: readonly string[], kind: FileKind, key: string, old: string | null): number {
  const match = (l: string): boolean => {
    if (isComment(l)) return false;
    switch (kind) {
      case 'main':
        return l.startsWith(`${key} =`);
      case 'imapd':
        return new RegExp(`^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`).test(l);
      case 'master':
      case 'cyrus':
      case 'lines':
        return old !== null && squeeze(l) === squeeze(old);
      case 'services':
        return squeeze(l).startsWith(`${key} `) && old !== null && l.includes(old);
      case 'table':
        return (l.trim().split(/\s+/)[0] ?? '').toLowerCase() === key.toLowerCase();
    }
  };
  // imapd.conf: the last line of a key wins, as in Cyrus.
  if (kind === 'imapd') {
    for (let i = lines.length - 1; i >= 0; i--) if (match(lines[i] as string)) return i;
    return -1;
  }
  return lines.findIndex(match);
}

/** Where an added line goes: postconf -n is sorted; a cyrus.conf service goes inside SERVICES. */
function insertAt(lines: readonly string[], kind: FileKind, line: string): number {
  if (kind === 'main') {
    const at = lines.findIndex((l) => !isComment(l) && l > line);
    return at === -1 ? lines.length : at;
  }
  if (kind === 'cyrus') {
    const start = lines.findIndex((l) => /^\s*SERVICES\s*\{/.test(l));
    const end = start === -1 ? -1 : lines.findIndex((l, i) => i > start && /^\s*\}/.test(l));
    if (end !== -1) return end;
  }
  return lines.length;
}

const indentOf = (l: string): string => /^\s*/.exec(l)?.[0] ?? '';

/** The file's text after the plan's add and merge entries for it. */
export function fileAfter(file: string, before: string, entries: readonly PlanEntryView[]): string {
  const kind = kindOf(file);
  const lines = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  for (const e of entries) {
    if (e.new === null || (e.action !== 'add' && e.action !== 'merge')) continue;
    const at = findLine(lines, kind, e.key, e.old);
    const line = lineFor(kind, e.key, e.new);
    if (at !== -1) {
      lines[at] = kind === 'cyrus' ? indentOf(lines[at] as string) + line : line;
    } else {
      const to = insertAt(lines, kind, line);
      lines.splice(to, 0, kind === 'cyrus' && to < lines.length ? `  ${line}` : line);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
