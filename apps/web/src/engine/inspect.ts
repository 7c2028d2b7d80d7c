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
import { parseAnswers, withSecretsStoodIn, type Answers } from '@lmtp-wizard/schema';
import { toFieldValue } from '../state/draft.ts';
import { fieldDef, fieldOfPath, isFieldPath, withLabels, type FieldPath, type Topology } from '../state/fields.ts';
import { isTopology } from './share-link.ts';
import {
  conflictsByField,
  conflictsFirst,
  prefillAction,
  serverMarks,
  summaryLine,
  type ConflictChoice,
  type DiffLine,
  type FileDiffView,
  type PlanEntryView,
  type PlanView,
  type ReadResult,
  type ServerValue,
} from '../state/import.ts';
import { countLines, lineDiff } from './line-diff.ts';

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
  return {
    ok: true,
    hosts: parsed.hosts,
    notes: parsed.notes,
    topology,
    values,
    hostNames: parsed.hosts.map(hostName),
  };
}

const hostName = (host: InspectedHost): string => host.hostname;

/** The form field an entry's answer path belongs to: "delivery.transportMapDomains.0" is the list's. */
const fieldOf = (path: string | undefined): { field?: FieldPath } => {
  const field = path === undefined ? undefined : fieldOfPath(path);
  return field === undefined ? {} : { field };
};

/** The line an entry writes in its file, as plannedFiles writes it (for matching diff lines to entries). */
function entryLine(e: PlanEntry, value: string): string {
  if (e.file.endsWith('/main.cf')) return `${e.key} = ${value}`;
  if (e.file.endsWith('imapd.conf')) return `${e.key}: ${value}`;
  if (e.file.endsWith('/master.cf') || e.file.endsWith('cyrus.conf') || /hosts\.(allow|deny)$/.test(e.file))
    return value;
  if (e.file === '/etc/services') return `lmtp ${value}`;
  return `${e.key} ${value}`;
}

const squeeze = (t: string): string => t.trim().replace(/\s+/g, ' ');
/** The first word of a config line: its key, service or map key. */
const headOf = (t: string): string =>
  squeeze(t)
    .replace(/^#\s*/, '')
    .split(/[\s=:]+/)[0] ?? '';
const keyHead = (e: PlanEntry): string =>
  e.file.endsWith('/master.cf') ? (e.key.split('/')[0] ?? e.key) : e.file === '/etc/services' ? 'lmtp' : e.key;

/** Why an entry changes the file: the answer that decides it, by its label, and where the value came from. */
function reasonOf(e: PlanEntry, notes: ReadonlyMap<FieldPath, string>): string {
  const { field } = fieldOf(e.field);
  if (field === undefined) return 'this bundle needs it';
  const note = notes.get(field);
  // a cyrus.conf service line also carries lmtpd maxchild, which the import may have kept from the server
  const maxchild =
    e.file.endsWith('cyrus.conf') && field !== 'limits.lmtpMaxChild' ? notes.get('limits.lmtpMaxChild') : undefined;
  return `the answer “${fieldDef(field).label}”${note ? `, from your server: ${note}` : ''}${maxchild ? `; “lmtpd maxchild” from your server: ${maxchild}` : ''}`;
}

function findEntry(line: string, entries: readonly PlanEntry[]): PlanEntry | undefined {
  const text = squeeze(line);
  return entries.find((e) => squeeze(entryLine(e, e.new)) === text) ?? entries.find((e) => headOf(line) === keyHead(e));
}

/**
 * Each file the plan touches, in the plan's order, as a diff: the text the
 * server has now against the text apply.sh would leave, both from the
 * generator (plannedFiles applies each entry as apply.sh's shell functions do).
 * Each added or changed line says why (issue 24); each conflict is a line of
 * its own, on the server's line it is about, with the way out.
 */
function fileDiffs(
  hostPlans: readonly HostPlan[],
  matched: Partial<Record<string, InspectedHost>>,
  notes: ReadonlyMap<FieldPath, string>,
): FileDiffView[] {
  return hostPlans.flatMap((hp) => {
    const h = matched[hp.host];
    if (h === undefined) return [];
    return Object.entries(plannedFiles(h, hp.entries)).map(([file, { before, after }]) => {
      const inFile = hp.entries.filter((e) => e.file === file);
      const changes = inFile.filter((e) => e.action === 'add' || e.action === 'merge');
      const lines: DiffLine[] = lineDiff(before, after).map((l) => {
        if (l.kind !== 'added' && l.kind !== 'changed') return l;
        const e = findEntry(l.text, changes);
        return e ? { ...l, reason: reasonOf(e, notes) } : l;
      });
      for (const c of inFile.filter((e) => e.action === 'conflict')) {
        const wanted = entryLine(c, c.new);
        const way = c.resolve?.length ? `; ${withLabels(c.resolve.join('; or '))}` : '';
        const reason = `apply.sh stops here: ${reasonOf(c, notes)} needs this line${way}`;
        const at = lines.findIndex((l) => l.kind === 'kept' && headOf(l.text) === keyHead(c));
        if (at >= 0) lines[at] = { kind: 'conflict', text: wanted, old: (lines[at] as DiffLine).text, reason };
        else
          lines.push({
            kind: 'conflict',
            text: wanted,
            ...(c.old !== null ? { old: entryLine(c, c.old) } : {}),
            reason,
          });
      }
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
  const choices: ConflictChoice[] = (e.resolve ?? []).map((label) => ({ label: withLabels(label) }));
  const { field } = fieldOf(e.field);
  if (field !== undefined && e.old !== null) {
    const option = fieldDef(field).options?.find((o) => o.value === e.old);
    if (option) choices.unshift({ label: `Use your server’s value: ${option.value}`, value: option.value });
  }
  return choices;
}

function answersForPlan(input: unknown): Answers | undefined {
  // every secret the schema lists for these answers (issue 15: each further MX's own too, unless every MX shares one user)
  const parsed = parseAnswers(withSecretsStoodIn(input, PASSWORD_STAND_IN));
  return parsed.ok ? parsed.answers : undefined;
}

function plan(
  input: unknown,
  hosts: InspectedHost[],
  notes: ReadonlyMap<FieldPath, string> = new Map(),
): PlanView | undefined {
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
  const files = fileDiffs(hostPlans, matched, notes);
  const counted = planSummary(hostPlans);
  const summary = {
    add: counted.added,
    merge: counted.merged,
    unchanged: counted.unchanged,
    conflict: counted.conflict,
  };
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
  /** state/import.ts's rules for showing a read, here so that they load with the import (issue 25). */
  views: { prefillAction, serverMarks, conflictsByField },
};
