// plannedFiles(): each file of a host's plan as it is now and as apply.sh
// would leave it, for the wizard's per-file diffs. The edits are those of the
// shell functions that apply each entry (set_main, set_master, set_imapd,
// set_service, append_line, merge_table_key); a conflict changes nothing.
// main.cf and master.cf are shown as postconf -n and postconf -M list them.
import type { InspectedHost, PlanEntry } from './types.ts';

export interface PlannedFile {
  /** the text now (InspectedHost.files), "" when the file is not there */
  before: string;
  /** the text after apply.sh */
  after: string;
}

const lines = (t: string): string[] => (t === '' ? [] : t.replace(/\n$/, '').split('\n'));
const text = (l: readonly string[]): string => (l.length === 0 ? '' : `${l.join('\n')}\n`);

function mainCf(before: string, es: readonly PlanEntry[]): string {
  const m = new Map<string, string>();
  for (const l of lines(before)) {
    const i = l.indexOf(' =');
    m.set(i < 0 ? l : l.slice(0, i), l);
  }
  for (const e of es) m.set(e.key, e.new === '' ? `${e.key} =` : `${e.key} = ${e.new}`);
  return text([...m.keys()].sort().map((k) => m.get(k) ?? ''));
}

function masterCf(before: string, es: readonly PlanEntry[]): string {
  const out = lines(before);
  for (const e of es) {
    const [svc, type] = e.key.split('/');
    const i = out.findIndex((l) => {
      const w = l.trim().split(/\s+/);
      return w[0] === svc && w[1] === type;
    });
    if (i >= 0) out[i] = e.new;
    else out.push(e.new);
  }
  return text(out);
}

function imapdConf(before: string, es: readonly PlanEntry[]): string {
  let out = lines(before);
  for (const e of es) {
    const line = `${e.key}: ${e.new}`;
    const match = (l: string) => {
      const s = l.replace(/^[ \t]+/, '');
      return s.startsWith(e.key) && /^[ \t]*:/.test(s.slice(e.key.length));
    };
    const first = out.findIndex(match);
    if (first < 0) out.push(line);
    else out = out.flatMap((l, i) => (i === first ? [line] : match(l) ? [] : [l]));
  }
  return text(out);
}

function cyrusConf(before: string, es: readonly PlanEntry[]): string {
  let out = lines(before);
  for (const e of es) {
    const line = `\t${e.new}`;
    const next: string[] = [];
    let inside = false;
    let done = false;
    for (const l of out) {
      if (/^[ \t]*SERVICES[ \t]*\{/.test(l)) {
        inside = true;
        next.push(l);
        continue;
      }
      if (inside && /^[ \t]*\}/.test(l)) {
        if (!done) next.push(line);
        done = true;
        inside = false;
        next.push(l);
        continue;
      }
      if (inside && l.trim().split(/[ \t]+/)[0] === e.key) {
        if (!done) next.push(line);
        done = true;
        continue;
      }
      next.push(l);
    }
    out = next;
  }
  return text(out);
}

/**
 * Each file the plan of one host touches: its text now and after apply.sh.
 * Keyed like InspectedHost.files and PlanEntry.file (the target path).
 */
export function plannedFiles(h: InspectedHost, entries: readonly PlanEntry[]): Record<string, PlannedFile> {
  const out: Record<string, PlannedFile> = {};
  const byFile = new Map<string, PlanEntry[]>();
  for (const e of entries) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, all] of byFile) {
    const before = h.files[file] ?? '';
    const es = all.filter((e) => e.action === 'add' || e.action === 'merge');
    let after: string;
    if (file.endsWith('/main.cf')) after = mainCf(before, es);
    else if (file.endsWith('/master.cf')) after = masterCf(before, es);
    else if (file.endsWith('imapd.conf')) after = imapdConf(before, es);
    else if (file.endsWith('cyrus.conf')) after = cyrusConf(before, es);
    else if (file === '/etc/services') after = text([...lines(before), ...es.map((e) => `lmtp\t\t${e.new}`)]);
    else if (/hosts\.(allow|deny)$/.test(file)) after = text([...lines(before), ...es.map((e) => e.new)]);
    else after = text([...lines(before), ...es.map((e) => `${e.key} ${e.new}`)]);
    out[file] = { before, after };
  }
  return out;
}
