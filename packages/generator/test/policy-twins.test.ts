// Each policy is written twice (issue 22): its shell functions
// (src/policies/NAME/policy.sh, shipped in lib/lmtp-wizard.sh) and its
// TypeScript twin (src/policies/NAME/plan.ts), which the wizard's import plan
// runs on inspect.sh's output. Here both run on the same random host: the
// twin in process, on the host as inspect.sh's parsers read it; the shell
// under sh, with the library itself, the policy's own commands
// (policyOf(body): the plan phase with PCF set, the preflight checks, the
// steps, as apply.sh --dry-run runs them) and a stand-in postconf
// (postconf-stand-in.ts; $name expansion is not modelled: -x is the
// identity). The plan entries must be equal, in order (print_plan against
// mergeRecords), and so must the ways out of each conflict (the CONFLICTS
// file's "to resolve" against the twin's resolve). All the cases of one file
// kind run in one sh process, each in its own directory, so the whole test
// takes seconds.
//
// Two paths differ from apply.sh: the files live under a directory of their
// own ($D/etc/...; the plan's paths are read with $D taken off), and
// services-lmtp's functions, which name /etc/services itself, are sourced
// again with that path under $D. imapd_knows (cyr_info) is stubbed by a list.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import type { Body } from '../src/files/module.ts';
import { cyrusServices, imapdValues } from '../src/inspect/parse.ts';
import { comparePlans, mergeRecords, parsePlanLines } from '../src/inspect/plan.ts';
import type { InspectedHost, PlanEntry } from '../src/inspect/types.ts';
import { HostReader, policyOf } from '../src/policies/index.ts';
import { cyrusServiceLine, type CyrusService } from '../src/serializers/cyrus-conf.ts';
import type { CyrusSetting } from '../src/serializers/cyrus-kv.ts';
import type { MasterService } from '../src/serializers/master-cf.ts';
import { FINAL_RESTRICTIONS, type PostfixSetting } from '../src/serializers/postfix-main.ts';
import { SERVICES_LMTP_SH } from '../src/shell/embedded.ts';
import { LIBRARY } from '../src/shell/library.ts';
import { hangGuardMs, propertyRuns } from '../../../scripts/test-limits.ts';
import { POSTCONF_STAND_IN } from './postconf-stand-in.ts';

// A share of PROPERTY_RUNS (scripts/test-limits.ts): 100 hosts per file kind at the default.
const RUNS = propertyRuns(100);
// Usually up to 70 ms a host under sh (main.cf's, the slowest kind, at a load average of 4 on 2 cores); ten times that guards a hang.
const HANG_MS = hangGuardMs(70 * RUNS);
const SH = spawnSync('sh', ['-c', 'command -v dash'], { encoding: 'utf8' }).stdout.trim() || 'sh';
const SEED = Number(process.env.POLICY_TWINS_SEED ?? Date.now() % 2 ** 31);

/** One random host: the files each policy reads. null: the file does not exist. */
interface HostFiles {
  main: string;
  defaults: string;
  master: string;
  imapd: string;
  known: string[];
  cyrus: string;
  transport: string | null;
  hostsAllow: string | null;
  hostsDeny: string | null;
  services: string;
}

/** One case: a file kind's bodies (as the modules evaluate them) and a host. */
interface Case {
  bodies: { body: Body; target: string | null }[];
  files: HostFiles;
}

const EMPTY: HostFiles = {
  main: '',
  defaults: '',
  master: '',
  imapd: '',
  known: [],
  cyrus: 'SERVICES {\n}\n',
  transport: null,
  hostsAllow: null,
  hostsDeny: null,
  services: '',
};

const why = 'test';
const lines = (ls: string[]): string => ls.map((l) => `${l}\n`).join('');
const fileLines = (text: string | null): string[] | null =>
  text === null ? null : text === '' ? [] : text.replace(/\n$/, '').split('\n');

// ---- the host as inspect.sh's parsers read it ----------------------------------

/** main.cf as the stand-in postconf reads it ("key = value", "key ="; the last line of a key wins). */
function keyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of text.split('\n')) {
    const i = l.indexOf(' =');
    if (i > 0) out[l.slice(0, i)] = l.slice(i + 2).replace(/^ /, '');
  }
  return out;
}

/** inspect.sh's services-lmtp section: the lines of /etc/services with a field "lmtp" before any comment. */
function servicesLmtp(text: string): string[] {
  return text.split('\n').filter((l) => {
    for (const f of l.split(/[ \t]+/).filter(Boolean)) {
      if (f.startsWith('#')) return false;
      if (f === 'lmtp') return true;
    }
    return false;
  });
}

const TRANSPORT = '/etc/postfix/transport';

function inspected(f: HostFiles): InspectedHost {
  const main = keyValues(f.main);
  const defaults = keyValues(f.defaults);
  const effective: Record<string, string> = {};
  for (const k of new Set([...Object.keys(main), ...Object.keys(defaults)]))
    effective[k] = main[k] ?? defaults[k] ?? '';
  return {
    release: 'debian-13',
    debianVersion: '13.1',
    hostname: 'mx.test',
    postfix: { installed: true },
    cyrus: { installed: true },
    main,
    postconf: { effective, defaults, expanded: { ...effective } },
    master: f.master
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const w = l.split(/[ \t]+/);
        return { service: w[0] ?? '', type: w[1] ?? '', row: w.join(' '), command: w[7] ?? '', args: w.slice(8) };
      }),
    masterParams: {},
    imapd: imapdValues(f.imapd.split('\n')),
    imapdKnown: f.known,
    cyrusServices: cyrusServices(f.cyrus.split('\n')),
    servicesLmtp: servicesLmtp(f.services),
    hostsAllow: fileLines(f.hostsAllow),
    hostsDeny: fileLines(f.hostsDeny),
    saslMapKeys: {},
    transportMaps: f.transport === null ? {} : { [TRANSPORT]: [] },
    files: f.transport === null ? {} : { [TRANSPORT]: f.transport },
    postfixGroups: null,
    socketDirs: {},
    unreadable: [],
  };
}

// ---- the two twins -----------------------------------------------------------

interface Outcome {
  entries: PlanEntry[];
  /** each conflict's ways out, as the CONFLICTS file words them */
  resolve: string[];
  error?: string;
}

const CONTEXT = { transport: 'cyrus' } as Context;

function tsTwin(c: Case): Outcome {
  const r = new HostReader(inspected(c.files), CONTEXT);
  for (const { body, target } of c.bodies) policyOf(body)?.planPhase(r, body, target);
  for (const { body, target } of c.bodies) policyOf(body)?.checks(r, body, target);
  for (const { body, target } of c.bodies) policyOf(body)?.steps(r, body, target);
  return {
    entries: mergeRecords(r.out).map(({ file, key, action, old, new: nu }) => ({ file, key, action, old, new: nu })),
    resolve: r.out
      .filter((e) => e.action === 'conflict')
      .map((e) => {
        const [how = '', rkey] = e.resolve ?? [];
        return rkey ? `${how}, or run ${rkey}` : how;
      }),
  };
}

/** The files of a case under DIR, as the shell functions find them. */
function writeCase(dir: string, f: HostFiles): void {
  const put = (p: string, text: string | null) => {
    if (text === null) return;
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  };
  put('live/main.cf', f.main);
  put('live/master.cf', f.master);
  put('defaults', f.defaults);
  put('known', lines(f.known));
  put('etc/imapd.conf', f.imapd);
  put('etc/cyrus.conf', f.cyrus);
  put(`etc/postfix/transport`, f.transport);
  put('etc/hosts.allow', f.hostsAllow);
  put('etc/hosts.deny', f.hostsDeny);
  put('etc/services', f.services);
  mkdirSync(join(dir, 'pcf'));
  mkdirSync(join(dir, 'backup'));
}

/** Every case of one file kind under sh, in one process; the outcome of each. */
function shellTwin(cases: readonly Case[]): Outcome[] {
  const root = mkdtempSync(join(tmpdir(), 'lwz-twins-'));
  try {
    const script = [
      LIBRARY,
      POSTCONF_STAND_IN,
      'imapd_knows() { grep -qxF "$1" "$D/known"; }',
      // lmtp_service_port and ensure_lmtp_service name /etc/services itself
      SERVICES_LMTP_SH.replaceAll('/etc/services', '"$D"/etc/services'),
    ];
    cases.forEach((c, i) => {
      const dir = join(root, String(i));
      writeCase(dir, c.files);
      // the target as this case's shell sees it
      const at = (t: string | null) => (t === null ? null : `${dir}${t}`);
      const phase = (pick: (b: Body, target: string | null) => string[], only?: (b: Body) => boolean) =>
        c.bodies.flatMap(({ body, target }) =>
          !only || only(body) ? (policyOf(body) ? pick(body, at(target)) : []) : [],
        );
      const postfix = (b: Body) => b.kind === 'postconf' || b.kind === 'postconf-master';
      script.push(
        `D=${dir}`,
        '(',
        'set -eu',
        'POSTFIX_DIR=$D/live POSTCONF_DEFAULTS=$D/defaults CONFLICTS=$D/conflicts REPLACED=$D/replaced MAIN_QUEUE=$D/queue PLAN=$D/plan',
        'IMAPD_CONF=$D/etc/imapd.conf CYRUS_CONF=$D/etc/cyrus.conf BACKUP=$D/backup',
        'DRY_RUN=1 CHANGED="" REPLACE=" " REPLACE_USED=" " PLAN_DIR="" PLAN_SHOWN=" "',
        ': >"$CONFLICTS"; : >"$REPLACED"; : >"$MAIN_QUEUE"; : >"$PLAN"',
        // the plan phase (plan_postfix_begin): main.cf and master.cf on a copy
        'cp "$POSTFIX_DIR/main.cf" "$POSTFIX_DIR/master.cf" "$D/pcf/"; PCF=$D/pcf',
        ...phase((b, t) => policyOf(b)?.commands(b, t) ?? [], postfix),
        'PCF=""',
        ...phase((b, t) => policyOf(b)?.preflight(b, t) ?? []),
        // the steps; main.cf's and master.cf's record nothing once PCF is unset
        ...phase(
          (b, t) => policyOf(b)?.commands(b, t) ?? [],
          (b) => !postfix(b),
        ),
        'print_plan >"$D/out"',
        ') >"$D/log" 2>&1 || echo "exit $?" >>"$D/log"',
      );
    });
    writeFileSync(join(root, 'cases.sh'), `${script.join('\n')}\n`);
    const r = spawnSync(SH, [join(root, 'cases.sh')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`sh failed (${r.status ?? r.error?.message}): ${r.stderr.slice(0, 2000)}`);
    return cases.map((_, i) => {
      const dir = join(root, String(i));
      const read = (p: string) => {
        try {
          return readFileSync(join(dir, p), 'utf8').split(dir).join('');
        } catch {
          return '';
        }
      };
      const log = read('log');
      return {
        entries: parsePlanLines(read('out')),
        resolve: read('conflicts')
          .split('\n')
          .filter(Boolean)
          .map((l) => l.slice(l.indexOf('; to resolve: ') + '; to resolve: '.length)),
        ...(/^exit \d+$/m.test(log) ? { error: log } : {}),
      };
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Runs both twins on RUNS random cases; the first few disagreements, in words. */
function disagreements(arb: fc.Arbitrary<Case>): string[] {
  const cases = fc.sample(arb, { numRuns: RUNS, seed: SEED });
  const shell = shellTwin(cases);
  const out: string[] = [];
  cases.forEach((c, i) => {
    const ts = tsTwin(c);
    const sh = shell[i] as Outcome;
    const plan = comparePlans(ts.entries, sh.entries);
    const order = plan.length === 0 && JSON.stringify(ts.entries) !== JSON.stringify(sh.entries);
    const resolve = JSON.stringify([...ts.resolve].sort()) !== JSON.stringify([...sh.resolve].sort());
    if (sh.error || plan.length > 0 || order || resolve)
      out.push(
        [
          `case ${i} (POLICY_TWINS_SEED=${SEED}):`,
          ...(sh.error ? [`  the shell stopped: ${sh.error}`] : []),
          ...plan.map((p) => `  ${p.replace('wizard', 'TS twin').replace('apply.sh', 'shell')}`),
          ...(order ? ['  the same entries in another order'] : []),
          ...(resolve
            ? [`  ways out: TS twin ${JSON.stringify(ts.resolve)}; shell ${JSON.stringify(sh.resolve)}`]
            : []),
          `  bodies: ${JSON.stringify(c.bodies)}`,
          `  host: ${JSON.stringify(c.files)}`,
        ].join('\n'),
      );
  });
  return out.length > 3 ? [...out.slice(0, 3), `and ${out.length - 3} more of ${RUNS}`] : out;
}

// ---- random hosts and bodies -------------------------------------------------

const sep = fc.constantFrom(', ', ' ', ',', ',  ');
const ws = fc.constantFrom('', ' ', '\t', '  ');
const joined = (items: fc.Arbitrary<string[]>) => fc.tuple(items, sep).map(([xs, s]) => xs.join(s));

const MAIN_KEYS = [
  'mailbox_transport',
  'virtual_transport',
  'relay_domains',
  'virtual_mailbox_domains',
  'smtpd_recipient_restrictions',
  'local_recipient_maps',
];
const UNSET_KEYS = ['virtual_mailbox_maps', 'virtual_alias_maps'];
const ITEM = 'check_recipient_access hash:/etc/postfix/cyrus_recipients';
const RESTRICTION_WORDS = [
  'permit_mynetworks',
  'reject_unauth_destination',
  'reject',
  'permit',
  'defer',
  'defer_if_permit',
  'warn_if_reject',
  'permit_auth_destination',
  'check_recipient_access',
  'hash:/etc/postfix/cyrus_recipients',
];
const MAIN_TOKENS = [
  'example.org',
  'example.net',
  'example.com',
  'lmtp:unix:private/cyrus',
  'cyrus:old',
  'dovecot:lmtp',
  'hash:/etc/postfix/x',
  ...RESTRICTION_WORDS,
  ITEM,
];

const mainSetting = (key: string): fc.Arbitrary<PostfixSetting> =>
  fc
    .tuple(
      fc.oneof(
        fc.record({
          policy: fc.constant('owned' as const),
          value: fc.constantFrom('lmtp:unix:private/cyrus', 'example.org', 'yes'),
        }),
        fc.record(
          {
            policy: fc.constant('exclusive' as const),
            value: fc.constantFrom('lmtp:unix:private/cyrus', 'cyrus:', 'hash:/etc/postfix/x'),
            ours: fc.constantFrom('cyrus', 'lmtp'),
            resolve: fc.constant('answer delivery.x in the wizard'),
          },
          { requiredKeys: ['policy', 'value'] },
        ),
        fc.record({
          policy: fc.constant('merged' as const),
          value: joined(
            fc.shuffledSubarray(['example.org', 'example.net', 'example.com'], { minLength: 1, maxLength: 2 }),
          ),
        }),
        fc.record(
          {
            policy: fc.constant('merged-restriction' as const),
            value: fc.constantFrom(ITEM, 'check_recipient_access permit', 'reject_unlisted_recipient defer'),
            resolve: fc.constant('answer delivery.localRecipientCheck in the wizard'),
          },
          { requiredKeys: ['policy', 'value'] },
        ),
      ),
      fc.option(fc.subarray(UNSET_KEYS, { minLength: 1 }), { nil: undefined }),
    )
    .map(([p, unset]) => ({
      key,
      why,
      source: `delivery.${key}`,
      ...p,
      ...(unset ? { requiresUnset: unset.map((k) => ({ key: k, resolve: `unset ${k} first` })) } : {}),
    }));

const OPEN_WORDS = ['permit_mynetworks', 'reject_unauth_destination', 'defer_if_permit', 'check_recipient_access'];
const otherValue = joined(fc.array(fc.constantFrom(...MAIN_TOKENS), { maxLength: 5 }));

/** What main.cf may hold for a key, biased to what its setting (if any) meets: its value, its items, its list's final items. */
function mainValue(s: PostfixSetting | undefined): fc.Arbitrary<string> {
  if (!s) return fc.oneof(otherValue, fc.constantFrom('hash:/etc/postfix/vmailbox', ''));
  switch (s.policy) {
    case 'owned':
    case 'exclusive':
      return fc.oneof(fc.constantFrom(s.value, `${s.ours ?? 'cyrus'}:old`, 'dovecot:lmtp', `${s.value} `), otherValue);
    case 'merged':
      return joined(
        fc.array(fc.constantFrom(...s.value.split(/[,\s]+/), 'example.com', 'example.net', 'other.test'), {
          maxLength: 4,
        }),
      );
    case 'merged-restriction': {
      // items that decide nothing, then maybe ours, a final item or warn_if_reject, then maybe anything
      const open = fc.array(fc.constantFrom(...OPEN_WORDS, ...s.value.split(' ')), { maxLength: 3 });
      const middle = fc.oneof(
        fc.constantFrom([], [s.value], ...FINAL_RESTRICTIONS.map((f) => [f])),
        fc.constant(['warn_if_reject']),
      );
      const rest = fc.oneof(
        { arbitrary: fc.constant([]), weight: 2 },
        fc.array(fc.constantFrom(...RESTRICTION_WORDS, s.value), { maxLength: 2 }),
      );
      return joined(fc.tuple(open, middle, rest).map((xs) => xs.flat()));
    }
  }
}
const defaultValue = fc.constantFrom(
  '',
  'example.com',
  '$mydestination',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Postfix's own $name syntax, not a template
  '${{$compatibility_level} < {2} ? {$mydestination}}',
);

const mainCase: fc.Arbitrary<Case> = fc
  .shuffledSubarray(MAIN_KEYS, { minLength: 1, maxLength: 4 })
  .chain((keys) => fc.tuple(...keys.map(mainSetting)))
  .chain((settings) => {
    const of = (k: string) => settings.find((s) => s.key === k);
    const keys = [...MAIN_KEYS, ...UNSET_KEYS];
    return fc.record({
      settings: fc.constant(settings),
      // each key unset, set and empty ("key ="), or set; in a random order
      main: fc
        .shuffledSubarray(keys)
        .chain((ks) => fc.tuple(...ks.map((k) => fc.tuple(fc.constant(k), fc.option(mainValue(of(k)), { freq: 4 }))))),
      defaults: fc.tuple(...keys.map((k) => fc.tuple(fc.constant(k), defaultValue))),
    });
  })
  .map(({ settings, main, defaults }) => ({
    bodies: [{ body: { kind: 'postconf', settings }, target: null }],
    files: {
      ...EMPTY,
      main: lines([
        'myhostname = mx.test',
        ...main.map(([k, v]) => (v === null || v === '' ? `${k} =` : `${k} = ${v}`)),
      ]),
      defaults: lines(defaults.filter(([, v]) => v !== '').map(([k, v]) => `${k} = ${v}`)),
    },
  }));

const MASTER_ROWS = [
  'smtp inet n - y - - smtpd',
  'cyrus unix - n n - - lmtp',
  'cyrus unix - n n - 20 lmtp',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: pipe(8)'s own $name syntax, not a template
  'cyrus unix - n n - - pipe flags=R user=cyrus argv=/usr/sbin/cyrdeliver -e -m ${extension} ${user}',
  'lmtp-wiz unix - n n - - lmtp -o lmtp_destination_recipient_limit=1',
];
const masterService = (service: string): fc.Arbitrary<MasterService> =>
  fc.record({
    service: fc.constant(service),
    type: fc.constant('unix' as const),
    private: fc.constant('-' as const),
    unpriv: fc.constant('n' as const),
    chroot: fc.constant('n' as const),
    wakeup: fc.constant('-'),
    maxproc: fc.constantFrom('-', '20'),
    command: fc.constant('lmtp'),
    args: fc.constantFrom([], ['-o', 'lmtp_destination_recipient_limit=1']),
    why: fc.constant(why),
    source: fc.constant('lmtp.transport'),
  });
const masterCase: fc.Arbitrary<Case> = fc
  .record({
    services: fc
      .shuffledSubarray(['cyrus', 'lmtp-wiz'], { minLength: 1 })
      .chain((names) => fc.tuple(...names.map(masterService))),
    rows: fc.shuffledSubarray(MASTER_ROWS),
    spacing: fc.array(fc.constantFrom(' ', '\t', '  ', ' \t'), { minLength: 12, maxLength: 12 }),
  })
  .map(({ services, rows, spacing }) => {
    // one row per service/type, its columns apart by random blanks
    const seen = new Set<string>();
    const kept = rows.filter((r) => {
      const id = r.split(' ').slice(0, 2).join('/');
      return !seen.has(id) && seen.add(id);
    });
    return {
      bodies: [{ body: { kind: 'postconf-master', services }, target: null }],
      files: {
        ...EMPTY,
        master: lines(
          kept.map((r) => r.split(' ').reduce((a, w, i) => (i === 0 ? w : `${a}${spacing[i % 12]}${w}`), '')),
        ),
      },
    };
  });

const IMAPD_KEYS = ['admins', 'lmtp_admins', 'sasl_pwcheck_method', 'master_pid_file', 'lmtpsocket'];
const IMAPD_TOKENS = ['cyrus', 'lmtp', 'saslauthd', 'auxprop', '/run/cyrus/lmtp', 'root'];
const imapdSetting = (key: string): fc.Arbitrary<CyrusSetting> =>
  fc
    .record(
      {
        policy: fc.constantFrom('owned' as const, 'exclusive' as const, 'merged' as const),
        value: fc.constantFrom(...IMAPD_TOKENS),
        ifKnown: fc.constant(true as const),
        resolve: fc.constant('answer sasl.x in the wizard'),
      },
      { requiredKeys: ['policy', 'value'] },
    )
    .map((s) => ({ key, why, source: `cyrus.${key}`, ...s }));
const imapdLine = fc.oneof(
  fc
    .tuple(ws, fc.constantFrom(...IMAPD_KEYS), ws, ws, fc.array(fc.constantFrom(...IMAPD_TOKENS), { maxLength: 3 }), ws)
    .map(([a, k, b, c, v, d]) => `${a}${k}${b}:${c}${v.join(' ')}${d}`),
  fc.constantFrom('#admins: root', 'adminsx: root', '# a comment', '', 'configdirectory: /var/lib/cyrus', 'admins'),
);
const imapdCase: fc.Arbitrary<Case> = fc
  .record({
    settings: fc
      .shuffledSubarray(IMAPD_KEYS, { minLength: 1, maxLength: 4 })
      .chain((keys) => fc.tuple(...keys.map(imapdSetting))),
    text: fc.array(imapdLine, { maxLength: 8 }),
    known: fc.subarray(IMAPD_KEYS),
  })
  .map(({ settings, text, known }) => ({
    bodies: [{ body: { kind: 'imapd-conf', settings }, target: '/etc/imapd.conf' }],
    files: { ...EMPTY, imapd: lines(text), known },
  }));

const LISTENS = ['lmtp', '2003', '24', '127.0.0.1:2004', '/run/cyrus/socket/lmtp', '0.0.0.0:2003', 'imap'];
// as files/cyrus-conf.ts has them: an exclusive service (TCP) takes "lmtp" and its port, mostly; an owned one none
const cyrusService = (name: string): fc.Arbitrary<CyrusService> =>
  fc
    .oneof(
      fc.record(
        {
          policy: fc.constant('exclusive' as const),
          resolve: fc.constant('answer tcp.serviceName in the wizard'),
          ports: fc.constantFrom<string[]>(['lmtp', '24'], ['lmtp', '2003'], ['2003']),
        },
        { requiredKeys: ['policy'] },
      ),
      fc.record({ policy: fc.constant('owned' as const) }),
    )
    .chain((p) =>
      fc.constantFrom(...LISTENS.slice(0, 6)).map((listen) => ({
        name,
        cmd: 'lmtpd',
        listen,
        prefork: 0,
        maxchild: 20,
        why,
        source: 'tcp.serviceName',
        ...p,
      })),
    );
const cyrusCase: fc.Arbitrary<Case> = fc
  .shuffledSubarray(['lmtp', 'lmtpunix', 'lmtpwiz'], { minLength: 1, maxLength: 2 })
  .chain((names) =>
    fc.record({
      services: fc.tuple(...names.map(cyrusService)),
      entries: fc.array(
        fc.oneof(
          fc
            .tuple(
              ws,
              fc.constantFrom('', '#', '# '),
              fc.constantFrom('lmtp', 'lmtpunix', 'lmtpwiz', 'imap', 'pop3'),
              fc.constantFrom(...LISTENS),
              fc.boolean(),
            )
            .map(([a, c, n, l, q]) => `${a}${c}${n} cmd="lmtpd" listen=${q ? `"${l}"` : l} prefork=0`),
          fc.constant('OURS'),
          // as Debian's cyrus.conf has them, and an earlier bundle's, commented out or not
          fc.constantFrom(
            '  lmtpunix\tcmd="lmtpd" listen="/run/cyrus/socket/lmtp" prefork=0 maxchild=20',
            '#lmtp\t\tcmd="lmtpd" listen="lmtp" prefork=0 maxchild=20',
            '#lmtpwiz cmd="lmtpd" listen="0.0.0.0:2003" prefork=0',
            '  imap\t\tcmd="imapd" listen="imap" prefork=0',
          ),
        ),
        { maxLength: 5 },
      ),
    }),
  )
  .map(({ services, entries }) => ({
    bodies: [{ body: { kind: 'cyrus-conf', services }, target: '/etc/cyrus.conf' }],
    files: {
      ...EMPTY,
      cyrus: lines([
        'START {',
        '  recover cmd="ctl_cyrusdb -r"',
        '}',
        'SERVICES {',
        ...entries.map((e) => (e === 'OURS' ? `  ${cyrusServiceLine(services[0] as CyrusService)}` : e)),
        '}',
        'EVENTS {',
        '  checkpoint cmd="ctl_cyrusdb -c" period=30',
        '}',
      ]),
    },
  }));

const DOMAINS = ['example.org', 'example.net', 'example.com'];
const ROUTES = ['lmtp:unix:private/cyrus', 'smtp:[relay]:25', 'cyrus:'];
const tableCase: fc.Arbitrary<Case> = fc
  .record({
    rows: fc
      .shuffledSubarray(DOMAINS, { minLength: 1 })
      .chain((keys) => fc.tuple(...keys.map((key) => fc.constantFrom(...ROUTES).map((value) => ({ key, value }))))),
    text: fc.option(
      fc.array(
        fc.oneof(
          fc
            .tuple(
              fc.constantFrom(...DOMAINS, 'other.test'),
              fc.boolean(),
              fc.constantFrom(' ', '\t', '  '),
              fc.constantFrom(...ROUTES),
              ws,
            )
            .map(([k, up, s, v, t]) => `${up ? k.toUpperCase() : k}${s}${v}${t}`),
          fc.constantFrom('# example.org smtp:x', '  continued', '\tsmtp:[other]', '', 'example.org'),
        ),
        { maxLength: 6 },
      ),
    ),
  })
  .map(({ rows, text }) => ({
    bodies: [
      {
        body: {
          kind: 'table',
          policy: 'merged',
          rows: rows.map((r) => ({ ...r, why, source: 'delivery.transportMapDomains' })),
        },
        target: TRANSPORT,
      },
    ],
    files: { ...EMPTY, transport: text === null ? null : lines(text) },
  }));

const linesCase: fc.Arbitrary<Case> = fc
  .record({
    daemon: fc.constantFrom('lmtpd', 'lmtpwiz'),
    allowFrom: fc.shuffledSubarray(['10.0.0.2', '192.0.2.0/24', '[2001:db8::1]'], { minLength: 1, maxLength: 2 }),
    allow: fc.option(
      fc.array(
        fc.constantFrom(
          'ALL: ALL',
          'ALL: LOCAL',
          'D: ALL',
          'ALL EXCEPT D: ALL',
          'sshd: ALL',
          'D: 10.0.0.0/8',
          '# D: ALL',
          '',
          'D: ALL EXCEPT 10.0.0.9',
          'ALL: 10.0.0.0/8 EXCEPT ALL',
          'D, imapd: ALL',
          'D : ALL',
          'D: ALL: deny',
          'OURS',
        ),
        { maxLength: 5 },
      ),
    ),
    deny: fc.option(fc.array(fc.constantFrom('ALL: ALL', 'D: ALL', 'sshd: ALL', '# x', ''), { maxLength: 3 })),
  })
  .map(({ daemon, allowFrom, allow, deny }) => {
    const rows = allowFrom.map((a) => ({ columns: [`${daemon}:`, a], why, source: 'tcp.allowFrom' }));
    const text = (ls: string[] | null) =>
      ls === null
        ? null
        : lines(ls.map((l) => (l === 'OURS' ? `${daemon}: ${allowFrom[0]}` : l.replace(/\bD\b/, daemon))));
    return {
      bodies: [
        { body: { kind: 'append-line', syntax: 'hosts.allow', policy: 'merged', rows }, target: '/etc/hosts.allow' },
        {
          body: {
            kind: 'append-line',
            syntax: 'hosts.deny',
            policy: 'merged',
            rows: [{ columns: [`${daemon}:`, 'ALL'], why, source: 'tcp.allowFrom' }],
          },
          target: '/etc/hosts.deny',
        },
      ],
      files: { ...EMPTY, hostsAllow: text(allow), hostsDeny: text(deny) },
    };
  });

const servicesCase: fc.Arbitrary<Case> = fc
  .record({
    port: fc.constantFrom('24', '2003'),
    text: fc.array(
      fc.constantFrom(
        'lmtp\t24/tcp',
        'lmtp 2003/tcp # LMTP',
        'lmtp\t2003/udp',
        '#lmtp 24/tcp',
        'smtp\t\t25/tcp\t\tmail',
        'foo 99/tcp lmtp',
        '  lmtp   24/tcp',
        'lmtp 24/tcp\t# Cyrus',
        'imap2\t\t143/tcp\t\timap',
      ),
      { maxLength: 5 },
    ),
  })
  .map(({ port, text }) => ({
    bodies: [
      {
        body: {
          kind: 'append-line',
          syntax: 'services',
          rows: [{ columns: ['lmtp', `${port}/tcp`], why, source: 'tcp.port' }],
        },
        target: '/etc/services',
      },
    ],
    files: { ...EMPTY, services: lines(text) },
  }));

// ---- the twins, file kind by file kind ------------------------------------------

const KINDS: [string, fc.Arbitrary<Case>][] = [
  ['main.cf: main-owned, main-exclusive, main-merged, main-restriction, main-unset', mainCase],
  ['master.cf: master-owned', masterCase],
  ['imapd.conf: imapd-owned, imapd-exclusive, imapd-merged', imapdCase],
  ['cyrus.conf: cyrus-service', cyrusCase],
  ['a shared lookup table: table-merged', tableCase],
  ['hosts.allow and hosts.deny: lines-merged', linesCase],
  ['/etc/services: services-lmtp', servicesCase],
];

describe(`each policy's shell functions and TypeScript twin make the same plan (${RUNS} random hosts per file kind, ${SH})`, () => {
  for (const [name, arb] of KINDS) {
    it(name, { timeout: HANG_MS }, () => {
      expect(disagreements(arb)).toEqual([]);
    });
  }
});
