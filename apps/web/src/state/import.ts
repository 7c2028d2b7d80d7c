// The wizard's view of an imported configuration (issue 12): plain data the
// engine makes from the generator's inspect functions, and the pure rules
// for showing it. Nothing here parses inspect output or knows a policy: the
// generator does both (packages/generator/src/inspect), in the lazy chunk.
//
// What must hold: none of this is part of the wizard's snapshot, so it can
// reach neither a share link nor a request. Only the answers it prefills do,
// as answers, once they are in the form.
import type { FieldPath, FieldValue, Topology } from './fields.ts';
import type { WizardAction } from './wizard-reducer.ts';
import type { Draft } from './draft.ts';

/** An answer the server implies, with the generator's note on where it was read. */
export interface ServerValue {
  path: FieldPath;
  value: FieldValue;
  note: string;
}

export type PlanAction = 'add' | 'merge' | 'unchanged' | 'conflict';

/** One way out of a conflict. */
export interface ConflictChoice {
  /** The generator's words for it ("apply.sh --replace KEY", say). */
  label: string;
  /** Set this answer to the field (the server's value, say). */
  value?: FieldValue;
}

export interface PlanEntryView {
  host: string;
  file: string;
  key: string;
  action: PlanAction;
  old: string | null;
  new: string | null;
  /** The answer that decides this entry, when one does. */
  field?: FieldPath;
  choices: readonly ConflictChoice[];
}

/** 'conflict': a line the server has that this setup needs otherwise; apply.sh stops there (issue 24: every conflict is a line). */
export type DiffLineKind = 'added' | 'changed' | 'kept' | 'removed' | 'conflict';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** For a changed line: what the server has now. */
  old?: string;
  /** Why the line changes: the answer that decides it, and where that answer came from (issue 24). */
  reason?: string;
}

export interface FileDiffView {
  host: string;
  /** The file on the host, such as /etc/postfix/main.cf. */
  file: string;
  lines: readonly DiffLine[];
  counts: Readonly<Record<DiffLineKind, number>>;
}

export interface PlanSummary {
  add: number;
  merge: number;
  unchanged: number;
  conflict: number;
}

export interface PlanView {
  /** Conflicts first, in host and file order. */
  conflicts: readonly PlanEntryView[];
  entries: readonly PlanEntryView[];
  files: readonly FileDiffView[];
  summary: PlanSummary;
  /** The generator's own sentence for the summary. */
  summaryText: string;
}

export type ReadResult<Hosts> =
  | {
      ok: true;
      hosts: Hosts;
      notes: readonly string[];
      topology: Topology | undefined;
      values: readonly ServerValue[];
      hostNames: readonly string[];
    }
  | { ok: false; message: string };

/** The one reducer action that puts every implied answer in the form. */
export function prefillAction(topology: Topology | undefined, values: readonly ServerValue[]): WizardAction {
  return { type: 'prefill', topology, fields: values.map((v) => [v.path, v.value] as const) };
}

/**
 * The fields marked "from your server": those whose value is still the one
 * read from it. A field the person changed loses the mark.
 */
export function serverMarks(values: readonly ServerValue[], draft: Draft): ReadonlyMap<FieldPath, string> {
  const marks = new Map<FieldPath, string>();
  for (const v of values) if (draft[v.path] === v.value) marks.set(v.path, v.note);
  return marks;
}

/** The open conflicts of each field. */
export function conflictsByField(plan: PlanView | undefined): ReadonlyMap<FieldPath, readonly PlanEntryView[]> {
  const byField = new Map<FieldPath, PlanEntryView[]>();
  for (const c of plan?.conflicts ?? []) {
    if (c.field !== undefined) byField.set(c.field, [...(byField.get(c.field) ?? []), c]);
  }
  return byField;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** "1 conflict, 3 added, 2 merged, 14 unchanged": conflicts first, always. */
export function summaryLine(s: PlanSummary): string {
  return [
    plural(s.conflict, 'conflict', 'conflicts'),
    `${s.add} added`,
    `${s.merge} merged`,
    `${s.unchanged} unchanged`,
  ].join(', ');
}

/** Orders entries with conflicts first, keeping the order within each group. */
export const conflictsFirst = <T extends { action: PlanAction }>(entries: readonly T[]): T[] => [
  ...entries.filter((e) => e.action === 'conflict'),
  ...entries.filter((e) => e.action !== 'conflict'),
];

/** The plan's file diffs by host folder and target path, for the preview of each file. */
export function diffsByHost(plan: PlanView | undefined): ReadonlyMap<string, ReadonlyMap<string, FileDiffView>> {
  const out = new Map<string, Map<string, FileDiffView>>();
  for (const f of plan?.files ?? []) {
    const host = out.get(f.host) ?? new Map<string, FileDiffView>();
    host.set(f.file, f);
    out.set(f.host, host);
  }
  return out;
}

/** A run of kept lines far from any change, shown as one line that says how many. */
export interface HiddenRun {
  kind: 'hidden';
  count: number;
}

/**
 * The lines worth reading: every change, with `context` kept lines either
 * side; each longer run of kept lines becomes one HiddenRun. A diff of a
 * 300-line imapd.conf with two changes then reads in a dozen lines.
 */
export function withContext(lines: readonly DiffLine[], context = 3): (DiffLine | HiddenRun)[] {
  const near = new Array<boolean>(lines.length).fill(false);
  lines.forEach((l, i) => {
    if (l.kind === 'kept') return;
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) near[k] = true;
  });
  const out: (DiffLine | HiddenRun)[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (near[i]) {
      out.push(lines[i] as DiffLine);
      continue;
    }
    const last = out[out.length - 1];
    if (last !== undefined && last.kind === 'hidden') last.count++;
    else out.push({ kind: 'hidden', count: 1 });
  }
  return out;
}
