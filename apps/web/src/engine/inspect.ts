// The wizard's side of the import (issue 12), in the lazy chunk: the
// generator parses inspect.sh output, says which answers it implies and
// plans the bundle against it, with the same policy table apply.sh reads.
// This module only turns those results into what the page shows: no second
// parser here, and no policy rule.
import {
  inspectScript,
  matchHosts,
  parseInspect,
  planFromInspect,
  plannedFiles,
  planSummary,
  prefillFrom,
  type HostPlan,
  type InspectedHost,
  type PlanEntry,
} from '@lmtp-wizard/generator';
import { parseAnswers, type Answers } from '@lmtp-wizard/schema';
import { toFieldValue } from '../state/draft.ts';
import { fieldDef, fieldOfPath, isFieldPath, type FieldPath, type Topology } from '../state/fields.ts';
import { conflictsFirst, summaryLine, type ConflictChoice, type FileDiffView, type PlanEntryView, type PlanView, type ReadResult, type ServerValue } from '../state/import.ts';
import { countLines, lineDiff } from './line-diff.ts';

const isTopology = (value: unknown): value is Topology => value === 'single-host' || value === 'remote' || value === 'murder';

// The plan never needs the password (inspect.sh prints the keys of the
// password maps, never a value), so it is planned with a stand-in: the plan
// shows no password, and appears before one is typed.
const PASSWORD_STAND_IN = 'not-the-password';

function read(text: string): ReadResult<InspectedHost[]> {
  const parsed = parseInspect(text);
  if (!parsed.ok) {
    return { ok: false, message: parsed.line !== undefined ? `Line ${parsed.line}: ${parsed.error}` : parsed.error };
  }
  let topology: Topology | undefined;
  const values: ServerValue[] = [];
  for (const p of prefillFrom(parsed.hosts)) {
    const path = p.path.join('.');
    if (path === 'topology') {
      if (isTopology(p.value)) topology = p.value;
      continue;
    }
    if (!isFieldPath(path)) continue;
    const value = toFieldValue(path, p.value);
    // The field shows its own "from your server" mark; the note says where.
    if (value !== undefined) values.push({ path, value, note: p.note.replace(/^from your server: /, '') });
  }
  return { ok: true, hosts: parsed.hosts, notes: parsed.notes, topology, values, hostNames: parsed.hosts.map(hostName) };
}

const hostName = (host: InspectedHost): string => host.hostname;

/** The form field an entry's answer path belongs to: "delivery.transportMapDomains.0" is the list's. */
const fieldOf = (path: string | undefined): { field?: FieldPath } => {
  const field = path === undefined ? undefined : fieldOfPath(path);
  return field === undefined ? {} : { field };
};

/**
 * Each file the plan touches, in the plan's order, as a diff: the text the
 * server has now against the text apply.sh would leave, both from the
 * generator (plannedFiles applies each entry as apply.sh's shell functions do).
 */
function fileDiffs(hostPlans: readonly HostPlan[], matched: Partial<Record<string, InspectedHost>>): FileDiffView[] {
  return hostPlans.flatMap((hp) => {
    const h = matched[hp.host];
    if (h === undefined) return [];
    return Object.entries(plannedFiles(h, hp.entries)).map(([file, { before, after }]) => {
      const lines = lineDiff(before, after);
      return { host: hp.host, file, lines, counts: countLines(lines) };
    });
  });
}

/**
 * The generator's ways out of a conflict, in its words; and where the field
 * is a choice and the server's value is one of its options, a button that
 * takes the server's value into the answer.
 */
function choicesOf(e: PlanEntry): ConflictChoice[] {
  if (e.action !== 'conflict') return [];
  const choices: ConflictChoice[] = (e.resolve ?? []).map((label) => ({ label }));
  const { field } = fieldOf(e.field);
  if (field !== undefined && e.old !== null) {
    const option = fieldDef(field).options?.find((o) => o.value === e.old);
    if (option) choices.unshift({ label: `Use your server’s value: ${option.value}`, value: option.value });
  }
  return choices;
}

function answersForPlan(input: unknown): Answers | undefined {
  const probe = input as Record<string, unknown>;
  // each further MX's own password too (issue 15), unless every MX shares one user
  const shared = (probe.sasl as Record<string, unknown> | undefined)?.sharedUser === true;
  const extraMx = Array.isArray(probe.extraMx) && !shared ? { extraMx: probe.extraMx.map((m: unknown) => ({ ...(m as object), password: PASSWORD_STAND_IN })) } : {};
  const withStandIn = probe.topology === 'remote' ? { ...probe, sasl: { ...(probe.sasl as object), password: PASSWORD_STAND_IN }, ...extraMx } : probe;
  const parsed = parseAnswers(withStandIn);
  return parsed.ok ? parsed.answers : undefined;
}

function plan(input: unknown, hosts: InspectedHost[]): PlanView | undefined {
  const answers = answersForPlan(input);
  if (answers === undefined) return undefined;
  const hostPlans = planFromInspect(answers, hosts);
  const entries: PlanEntryView[] = hostPlans.flatMap((hp) =>
    hp.entries.map((e) => ({
      host: hp.host,
      file: e.file,
      key: e.key,
      action: e.action,
      old: e.old,
      new: e.new,
      ...fieldOf(e.field),
      choices: choicesOf(e),
    })),
  );
  const ordered = conflictsFirst(entries);
  const matched = matchHosts(answers, hosts) as Partial<Record<string, InspectedHost>>;
  const files = fileDiffs(hostPlans, matched);
  const counted = planSummary(hostPlans);
  const summary = { add: counted.added, merge: counted.merged, unchanged: counted.unchanged, conflict: counted.conflict };
  return {
    conflicts: ordered.filter((e) => e.action === 'conflict'),
    entries: ordered,
    files,
    summary,
    summaryText: summaryLine(summary),
  };
}

export const inspect = {
  script: inspectScript(),
  read,
  plan,
};
