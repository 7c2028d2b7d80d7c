// planFromInspect(): the plan apply.sh --dry-run prints (its "lmtp-wizard:
// plan:" lines), computed in the browser from inspect.sh's output. It walks
// the same evaluated file modules as apply.sh (generate.ts hostModules) with
// the same policies (owned, merged, exclusive, merged-restriction,
// requiresUnset, the replaceable keys of actions.ts), and reads the host the
// way each shell function reads it (named beside each step below). The
// real-mail suite compares the two on every brownfield scenario.
import type { Answers } from '@lmtp-wizard/schema';
import { createContext, type Context } from '../context.ts';
import type { EvaluatedModule } from '../files/index.ts';
import { FINGERPRINT_SLOT } from '../files/lmtp-tls.ts';
import { hostModules } from '../generate.ts';
import { bundleHosts, topologyOf } from '../topologies/index.ts';
import { listItems, LOCAL_DOMAINS_RESOLVE, replaceKeysFor, TABLE_RESOLVE } from '../scripts/actions.ts';
import { cyrusServiceLine } from '../serializers/cyrus-conf.ts';
import { columnsLine } from '../serializers/columns.ts';
import { masterRow } from '../serializers/master-cf.ts';
import { FINAL_RESTRICTIONS, restrictionItem } from '../serializers/postfix-main.ts';
import type { HostId } from '../types.ts';
import type { HostPlan, InspectedHost, PlanEntry, PlanSummary } from './types.ts';

type Raw = Omit<PlanEntry, 'resolve' | 'field'> & { field?: string; resolve?: string[] };

/** in_list: ITEM is one of the comma or space separated items of LIST. */
const inList = (list: string, item: string): boolean => list.split(/[,\s]+/).includes(item);

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

/** restriction_state (shell-lib-recipients.ts) on the expanded list. */
function restrictionState(expanded: string, item: string, arg: string, finals: readonly string[]): string {
  let prev = '';
  for (const w of expanded.replace(/,/g, ' ').split(/\s+/).filter(Boolean)) {
    if (prev === item && w === arg) return 'ours';
    if (finals.includes(w)) return `after ${w}`;
    prev = w;
  }
  return prev === 'warn_if_reject' ? 'after warn_if_reject' : 'absent';
}

/** table_value (common-lib.ts): KEY's value in a lookup table source, keys folded to lower case, first match. */
function tableValue(text: string | undefined, key: string): string {
  if (text === undefined) return '';
  const k = key.toLowerCase();
  for (const l of text.split('\n')) {
    if (/^[ \t]*#/.test(l) || /^[ \t]*$/.test(l) || /^[ \t]/.test(l)) continue;
    const first = l.split(/[ \t]+/)[0] ?? '';
    if (first.toLowerCase() !== k) continue;
    return l.replace(/^[^ \t]+[ \t]+/, '').replace(/[ \t]+$/, '');
  }
  return '';
}

/** wrapper_shadow (common-lib.ts): the first rule before LINE that matches every client of DAEMON. */
function wrapperShadow(lines: readonly string[] | null, line: string, daemon: string): string {
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

/** norm_fp is not applied to a pin already in master.cf: check_store_pin takes it as it stands. */
const pinOf = (h: InspectedHost, transport: string): string =>
  h.masterParams[`${transport}/unix/lmtp_tls_fingerprint_cert_match`] ?? '';

class HostReader {
  readonly out: Raw[] = [];
  constructor(
    readonly h: InspectedHost,
    readonly c: Context,
  ) {}

  // postconf -n KEY, postconf -h, -x, -d (only POSTCONF_KEYS have the last three)
  explicit = (k: string): string | undefined => this.h.main[k];
  effective = (k: string): string => this.h.postconf.effective[k] ?? this.h.main[k] ?? '';
  expanded = (k: string): string => this.h.postconf.expanded[k] ?? '';

  rec(
    action: PlanEntry['action'],
    file: string,
    key: string,
    nu: string,
    old: string | null,
    field: string,
    resolve?: string[],
  ): void {
    this.out.push({ file, key, action, old, new: nu, field, ...(resolve ? { resolve } : {}) });
  }

  conflict(file: string, key: string, cur: string, want: string, field: string, how: string, rkey?: string): void {
    this.rec('conflict', file, key, want, cur, field, [how, ...(rkey ? [`apply.sh --replace ${rkey}`] : [])]);
  }

  /** set_main on the plan's copy */
  setMain(key: string, value: string, field: string): void {
    const was = this.explicit(key);
    if (was === value) this.rec('unchanged', '/etc/postfix/main.cf', key, value, value, field);
    else if (was === undefined) this.rec('add', '/etc/postfix/main.cf', key, value, null, field);
    else this.rec('merge', '/etc/postfix/main.cf', key, value, was, field);
  }

  /** main_list_default */
  listDefault(key: string): string {
    return this.explicit(key) === undefined && this.expanded(key) !== '' ? (this.h.postconf.defaults[key] ?? '') : '';
  }

  /** set_imapd */
  setImapd(key: string, value: string, field: string): void {
    const old = this.h.imapd[key] ?? '';
    if (old === value) this.rec('unchanged', '/etc/imapd.conf', key, value, value, field);
    else if (old === '') this.rec('add', '/etc/imapd.conf', key, value, null, field);
    else this.rec('merge', '/etc/imapd.conf', key, value, old, field);
  }

  service(name: string) {
    return this.h.cyrusServices.find((s) => !s.commented && s.name === name);
  }
}

/** The plan phase (plan_postfix_begin .. end): master.cf and main.cf on the copy. */
function planPhase(r: HostReader, m: EvaluatedModule): void {
  const { body } = m;
  if (body.kind === 'postconf-master') {
    for (const s of body.services) {
      let row = masterRow(s);
      const pin = pinOf(r.h, r.c.transport);
      if (row.includes(FINGERPRINT_SLOT) && pin) row = row.split(FINGERPRINT_SLOT).join(pin);
      const id = `${s.service}/${s.type}`;
      const cur = r.h.master.find((x) => x.service === s.service && x.type === s.type)?.row;
      const action = cur === row ? 'unchanged' : cur === undefined ? 'add' : 'merge';
      r.rec(action, '/etc/postfix/master.cf', id, row, cur ?? null, s.source);
    }
  }
  if (body.kind === 'postconf') {
    for (const s of body.settings) {
      if (s.policy === 'merged-restriction') {
        // add_main_restriction
        const { name, arg } = restrictionItem(s);
        const cur = r.effective(s.key);
        if (restrictionState(r.expanded(s.key), name, arg, []) === 'ours')
          r.rec('unchanged', '/etc/postfix/main.cf', s.key, cur, cur, s.source);
        else r.setMain(s.key, cur ? `${cur}, ${name} ${arg}` : `${name} ${arg}`, s.source);
      } else if (s.policy === 'merged') {
        // add_main_list
        let cur = r.explicit(s.key) ?? '';
        if (cur === '') cur = r.listDefault(s.key);
        let nu = cur;
        for (const item of listItems(s.value)) {
          if (inList(cur, item)) continue;
          nu = nu ? `${nu}, ${item}` : item;
        }
        if (nu === cur) r.rec('unchanged', '/etc/postfix/main.cf', s.key, cur, cur, s.source);
        else r.setMain(s.key, nu, s.source);
      } else {
        r.setMain(s.key, s.value, s.source);
      }
    }
  }
}

/** The checks before any change (preflightFor in actions.ts), each as its shell function reads the host. */
function preflight(r: HostReader, m: EvaluatedModule): void {
  const { body, target } = m;
  const { h } = r;
  const replaceable = replaceKeysFor(body, target);
  const rkey = (k: string) => (replaceable.includes(k) ? k : undefined);
  if (body.kind === 'table' && body.policy === 'merged' && target) {
    const text = h.transportMaps[target] ? h.files[target] : undefined;
    for (const row of body.rows) {
      const cur = tableValue(text, row.key);
      if (cur && cur !== row.value)
        r.conflict(target, row.key, cur, row.value, row.source, TABLE_RESOLVE, rkey(`${target}:${row.key}`));
    }
  }
  if (body.kind === 'imapd-conf') {
    for (const s of body.settings.filter((x) => x.policy === 'exclusive')) {
      const cur = h.imapd[s.key] ?? '';
      if (cur && cur !== s.value)
        r.conflict(
          '/etc/imapd.conf',
          s.key,
          cur,
          s.value,
          s.source,
          s.resolve ?? 'change the key by hand first',
          rkey(s.key),
        );
    }
  }
  if (body.kind === 'cyrus-conf') {
    for (const s of body.services.filter((x) => x.policy === 'exclusive')) {
      // check_service_listen
      const hit = h.cyrusServices.find((x) => !x.commented && x.name === s.name && /listen="[^"]*"/.test(x.line));
      const cur = hit ? (/listen="([^"]*)"/.exec(hit.line)?.[1] ?? '') : '';
      if (cur && cur !== s.listen)
        r.conflict(
          '/etc/cyrus.conf',
          s.name,
          cur,
          s.listen,
          s.source,
          s.resolve ?? 'rename or remove that service by hand',
          rkey(`cyrus.conf:${s.name}`),
        );
      // check_port_free
      if (s.ports?.length) {
        for (const x of h.cyrusServices) {
          if (x.commented || x.name === s.name) continue;
          const l = /listen="([^"]*)"/.exec(x.line)?.[1];
          if (l === undefined) continue;
          if (s.ports.includes(l.replace(/.*:/, ''))) {
            r.conflict(
              '/etc/cyrus.conf',
              s.name,
              `${x.name} listen="${l}"`,
              s.name,
              s.source,
              "that service already listens on the port, and cyrmaster could not bind ours: answer tcp.serviceName with its name (an earlier bundle's service is ours to replace), or remove it by hand",
            );
            break;
          }
        }
      }
    }
  }
  if (body.kind === 'append-line' && body.syntax === 'hosts.allow' && target) {
    for (const row of body.rows) {
      const line = columnsLine(row, body.syntax);
      const daemon = (row.columns[0] ?? '').replace(/:$/, '');
      const hit = wrapperShadow(h.hostsAllow, line, daemon);
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
  if (body.kind === 'append-line' && body.syntax === 'services') {
    for (const row of body.rows) {
      const want = row.columns[1] ?? '';
      const have = lmtpPort(h);
      if (have && have !== want)
        r.conflict(
          '/etc/services',
          'lmtp',
          have,
          want,
          row.source,
          `change that entry, or answer port ${have.replace(/\/tcp$/, '')} in the wizard`,
        );
    }
  }
  if (body.kind === 'postconf') {
    for (const s of body.settings) {
      if (s.policy === 'exclusive') {
        // check_main_free
        const cur = r.explicit(s.key);
        if (cur !== undefined && cur !== s.value && !(s.ours && cur.split(':')[0] === s.ours)) {
          r.conflict(
            '/etc/postfix/main.cf',
            s.key,
            cur,
            s.value,
            s.source,
            s.resolve ?? 'change it by hand',
            rkey(s.key),
          );
        }
      } else if (s.policy === 'merged-restriction') {
        // check_restriction_place
        const { name, arg } = restrictionItem(s);
        const state = restrictionState(r.expanded(s.key), name, arg, FINAL_RESTRICTIONS);
        if (state.startsWith('after')) {
          r.conflict(
            '/etc/postfix/main.cf',
            s.key,
            r.effective(s.key),
            `${name} ${arg} ahead of ${state.slice('after '.length)}`,
            s.source,
            s.resolve ?? 'change it by hand',
          );
        }
      } else if (s.policy === 'merged') {
        // check_main_list_default
        if (r.listDefault(s.key).includes('${')) {
          const eff = r.expanded(s.key);
          r.conflict(
            '/etc/postfix/main.cf',
            s.key,
            `(unset; the default here is: ${eff})`,
            'the default plus our items',
            s.source,
            `write the value this host uses into main.cf first, for example postconf -e "${s.key} = ${eff}", then run apply.sh again`,
          );
        }
      }
      // check_main_unset
      for (const n of s.requiresUnset ?? []) {
        const cur = r.explicit(n.key) ?? '';
        if (cur) r.conflict('/etc/postfix/main.cf', n.key, cur, '', s.source, n.resolve);
      }
    }
  }
  if (body.kind === 'table' && body.localDomains) {
    // check_local_domains_listable
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

/** lmtp_service_port: the first "lmtp PORT/tcp" of /etc/services. */
function lmtpPort(h: InspectedHost): string {
  for (const l of h.servicesLmtp) {
    const w = l.trim().split(/[ \t]+/);
    if (w[0] === 'lmtp' && /\/tcp$/.test(w[1] ?? '')) return w[1] ?? '';
  }
  return '';
}

/** The steps' commands (commandsFor in actions.ts) that record a plan entry. */
function steps(r: HostReader, m: EvaluatedModule): void {
  const { body, target } = m;
  const { h } = r;
  if (body.kind === 'imapd-conf') {
    for (const s of body.settings) {
      if (s.policy === 'merged') {
        // add_imapd_list
        const cur = h.imapd[s.key] ?? '';
        if (inList(cur, s.value)) r.rec('unchanged', '/etc/imapd.conf', s.key, cur, cur, s.source);
        else r.setImapd(s.key, cur ? `${cur} ${s.value}` : s.value, s.source);
      } else if (!s.ifKnown || h.imapdKnown.includes(s.key)) {
        r.setImapd(s.key, s.value, s.source);
      }
    }
  }
  if (body.kind === 'cyrus-conf') {
    for (const s of body.services) {
      // set_service
      const line = cyrusServiceLine(s);
      const cur = r.service(s.name)?.line;
      r.rec(
        cur === line ? 'unchanged' : cur === undefined ? 'add' : 'merge',
        '/etc/cyrus.conf',
        s.name,
        line,
        cur ?? null,
        s.source,
      );
    }
  }
  if (body.kind === 'append-line' && body.syntax === 'services') {
    for (const row of body.rows) {
      // ensure_lmtp_service
      const have = lmtpPort(h);
      if (have) r.rec('unchanged', '/etc/services', 'lmtp', have, have, row.source);
      else r.rec('add', '/etc/services', 'lmtp', row.columns[1] ?? '', null, row.source);
    }
  } else if (body.kind === 'append-line' && target) {
    // append_line
    const lines = body.syntax === 'hosts.allow' ? h.hostsAllow : body.syntax === 'hosts.deny' ? h.hostsDeny : null;
    for (const row of body.rows) {
      const line = columnsLine(row, body.syntax);
      if (lines?.includes(line)) r.rec('unchanged', target, line, line, line, row.source);
      else r.rec('add', target, line, line, null, row.source);
    }
  }
  if (body.kind === 'table' && body.policy === 'merged' && target) {
    // merge_table_key: another value is the conflict recorded by check_table_key
    const text = h.transportMaps[target] ? h.files[target] : undefined;
    for (const row of body.rows) {
      const cur = tableValue(text, row.key);
      if (cur === row.value) r.rec('unchanged', target, row.key, cur, cur, row.source);
      else if (!cur) r.rec('add', target, row.key, row.value, null, row.source);
    }
  }
}

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
