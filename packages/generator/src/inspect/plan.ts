// planFromInspect(): the plan apply.sh --dry-run prints (its "lmtp-wizard:
// plan:" lines), computed in the browser from inspect.sh's output. It walks
// the same evaluated file modules as apply.sh (generate.ts hostModules), and
// each module's policy (policies/) reads the host the way its shell functions
// do: their TypeScript twin, beside them. test/policy-twins.test.ts runs both
// twins on random configurations; the real-mail suite compares the two plans
// on every brownfield scenario.
import type { Answers } from '@lmtp-wizard/schema';
import { createContext } from '../context.ts';
import type { EvaluatedModule } from '../files/index.ts';
import { hostModules } from '../generate.ts';
import { HostReader, policyOf } from '../policies/index.ts';
import { bundleHosts, topologyOf } from '../topologies/index.ts';
import { LOCAL_DOMAINS_RESOLVE } from '../scripts/actions.ts';
import type { HostId } from '../types.ts';
import type { HostPlan, InspectedHost, PlanEntry, PlanSummary } from './types.ts';

/**
 * The plan's rule for several records of one entry (apply.sh's print_plan):
 * the first conflict, else the first record. Entries keep the order in which
 * they were first seen.
 */
export function mergeRecords<T extends { file: string; key: string; action: string }>(records: readonly T[]): T[] {
  const order: string[] = [];
  const first = new Map<string, T>();
  const conflict = new Map<string, T>();
  for (const r of records) {
    const id = `${r.file}\u0000${r.key}`;
    if (!first.has(id)) {
      order.push(id);
      first.set(id, r);
    }
    if (r.action === 'conflict' && !conflict.has(id)) conflict.set(id, r);
  }
  return order.map((id) => (conflict.get(id) ?? first.get(id)) as T);
}

// Each policy's twin (policies/NAME/plan.ts) records the entries of its shell functions, in apply.sh's three phases.

/** The plan phase (plan_postfix_begin .. end): master.cf and main.cf on the copy. */
const planPhase = (r: HostReader, { body, target }: EvaluatedModule): void =>
  policyOf(body)?.planPhase(r, body, target);

/** The checks before any change (preflightFor in actions.ts). */
function preflight(r: HostReader, { body, target }: EvaluatedModule): void {
  policyOf(body)?.checks(r, body, target);
  if (body.kind === 'table' && body.localDomains) {
    // check_local_domains_listable (recipients-apply.sh): the owned recipient map lists each mydestination domain
    for (const d of r
      .expanded('mydestination')
      .split(/[,\s]+/)
      .filter(Boolean)
      .map((x) => x.toLowerCase())) {
      if (d.includes(':') || d.startsWith('/'))
        r.conflict(
          '/etc/postfix/main.cf',
          'mydestination',
          r.effective('mydestination'),
          'domain names only',
          body.localDomains.source,
          LOCAL_DOMAINS_RESOLVE,
        );
    }
  }
}

/** The steps' commands (commandsFor in actions.ts) that record a plan entry. */
const steps = (r: HostReader, { body, target }: EvaluatedModule): void => policyOf(body)?.steps(r, body, target);

/** Which inspected host each host folder of the answers is for (the topology's own rule, topologies/). */
export const matchHosts = (a: Answers, hosts: readonly InspectedHost[]): Partial<Record<HostId, InspectedHost>> =>
  topologyOf(a).matchHosts(a, hosts);

/** The plan of one host folder against one inspected host, in apply.sh's order (plan phase, checks, steps). */
export function planHost(a: Answers, id: HostId, h: InspectedHost): PlanEntry[] {
  // the folder's own view and role, as generate() builds it (a further MX's folder is postfix-host/ of the answers as that MX sees them)
  const host = bundleHosts(a).find((x) => x.folder === id);
  if (!host) throw new Error(`no host folder ${id}`);
  const c = createContext(host.view(a), host.part, host.stores);
  const modules = hostModules(c, host.role);
  const r = new HostReader(h, c);
  for (const m of modules) planPhase(r, m);
  for (const m of modules) preflight(r, m);
  for (const m of modules) steps(r, m);
  return mergeRecords(r.out);
}

/**
 * The plan for each host folder of the answers that has an inspected host
 * (matchHosts: the host with Cyrus and no Postfix is the store; each further
 * MX's folder postfix-host-<host>/ is the host of that name, else the next
 * Postfix host in the order pasted). Entries are
 * those apply.sh --dry-run prints as "lmtp-wizard: plan:" lines; the checks
 * that need the live host beyond inspect.sh's output (the store's TLS
 * certificate, postconf's warnings on the planned main.cf) only apply.sh makes.
 */
export function planFromInspect(a: Answers, hosts: readonly InspectedHost[]): HostPlan[] {
  // a topology inspect.sh does not cover (a Murder) matches no host
  const matched = matchHosts(a, hosts);
  return bundleHosts(a).flatMap(({ folder }) => {
    const h = matched[folder as HostId];
    return h ? [{ host: folder as HostId, entries: planHost(a, folder as HostId, h) }] : [];
  });
}

/** How many entries of each action, over every host of the plan. */
export function planSummary(plan: readonly HostPlan[]): PlanSummary {
  const s: PlanSummary = { added: 0, merged: 0, unchanged: 0, conflict: 0 };
  for (const e of plan.flatMap((p) => p.entries)) {
    if (e.action === 'add') s.added++;
    else if (e.action === 'merge') s.merged++;
    else if (e.action === 'unchanged') s.unchanged++;
    else s.conflict++;
  }
  return s;
}

// ---- apply.sh --dry-run's plan lines -----------------------------------------

/** One shell word as shell_word() quotes it ('...' with '\'' for a quote), or "-" for none. */
function readWord(s: string, i: number): { value: string | null; next: number } | undefined {
  if (s[i] === '-' && (i + 1 === s.length || s[i + 1] === ' ')) return { value: null, next: i + 1 };
  let out = '';
  let j = i;
  if (s[j] !== "'") return undefined;
  for (;;) {
    const end = s.indexOf("'", j + 1);
    if (end < 0) return undefined;
    out += s.slice(j + 1, end);
    j = end + 1;
    if (s.startsWith("\\''", j)) {
      out += "'";
      j += 2;
      continue;
    }
    return { value: out, next: j };
  }
}

export const PLAN_PREFIX = 'lmtp-wizard: plan: ';

/** The "lmtp-wizard: plan: ACTION FILE KEY OLD NEW" lines of apply.sh --dry-run's output. */
export function parsePlanLines(output: string): PlanEntry[] {
  const out: PlanEntry[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith(PLAN_PREFIX)) continue;
    const rest = line.slice(PLAN_PREFIX.length);
    const m = /^(add|merge|unchanged|conflict) /.exec(rest);
    if (!m?.[1]) throw new Error(`not a plan line: ${line}`);
    let i = m[0].length;
    const words: (string | null)[] = [];
    for (let k = 0; k < 4; k++) {
      const w = readWord(rest, i);
      if (!w) throw new Error(`not a plan line: ${line}`);
      words.push(w.value);
      i = w.next + 1;
    }
    const [file, key, old, nu] = words;
    if (file == null || key == null || nu == null) throw new Error(`not a plan line: ${line}`);
    out.push({ file, key, action: m[1] as PlanEntry['action'], old: old ?? null, new: nu });
  }
  return out;
}

/** The entries on which two plans differ, in words (empty when they agree). */
export function comparePlans(expected: readonly PlanEntry[], actual: readonly PlanEntry[]): string[] {
  const id = (e: PlanEntry) => `${e.file} ${e.key}`;
  const show = (e: PlanEntry | undefined) =>
    e ? `${e.action} old=${JSON.stringify(e.old)} new=${JSON.stringify(e.new)}` : '(none)';
  const a = new Map(expected.map((e) => [id(e), e]));
  const b = new Map(actual.map((e) => [id(e), e]));
  const out: string[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k);
    const y = b.get(k);
    if (!x || !y || x.action !== y.action || x.old !== y.old || x.new !== y.new)
      out.push(`${k}: wizard ${show(x)}; apply.sh ${show(y)}`);
  }
  return out;
}
