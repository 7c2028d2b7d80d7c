// The plan of the Postfix side (issue 10): virtual_mailbox_maps as a neighbour
// that must be unset, apply.sh --replace KEY, and the preflight that replays
// the main.cf and master.cf changes on a copy (dry-run diffs, postconf's new
// warnings as conflicts). The shell tests run the real library functions and
// the generated argument parsing under sh; postconf is a small stand-in that
// edits and reads the files of the directory it is given (-c DIR).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAnswers } from '@lmtp-wizard/schema';
import { generate } from '../src/index.ts';
import { APPLY_LIB } from '../src/scripts/shell-lib.ts';
import { COMMON_LIB } from '../src/scripts/common-lib.ts';
import { POSTFIX_LIB } from '../src/scripts/shell-lib-postfix.ts';
import { POLICIES_LIB } from '../src/shell/embedded.ts';

function answers(a: object) {
  const r = parseAnswers(a);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.answers;
}
const SINGLE = { topology: 'single-host', mailHost: 'mx.test' };
const hostOf = (a: object) => generate(answers(a)).hosts.find((h) => h.id !== 'cyrus-host')!;
const applyOf = (a: object) => hostOf(a).files.find((f) => f.path === 'apply.sh')!.content;

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

// postconf [-c DIR] -n [KEY] | -nh KEY | -e "K = V"... | -M [NAME/TYPE[=ROW]] | -P
const POSTCONF = String.raw`
postconf() {
  d=$POSTFIX_DIR; if [ "$1" = -c ]; then d=$2; shift 2; fi
  case $1 in
    -n|-nh)
      if [ $# -eq 1 ]; then
        grep '^bogus' "$d/main.cf" 2>/dev/null | sed "s|^\(.*\) = \(.*\)|postconf: warning: $d/main.cf: unused parameter: \1=\2|" >&2; return 0
      fi
      l=$(grep "^$2 =" "$d/main.cf" || true); [ -n "$l" ] || return 0
      if [ "$1" = -nh ]; then printf '%s\n' "$l" | sed 's/^[^=]*= *//'; else printf '%s\n' "$l"; fi ;;
    -e) shift
      for kv; do k=${'$'}{kv%% *}; grep -v "^$k =" "$d/main.cf" >"$d/.new" || true; printf '%s\n' "$kv" >>"$d/.new"; mv "$d/.new" "$d/main.cf"; done ;;
    -M) case ${'$'}{2:-} in *=*) printf '%s\n' "${'$'}{2#*=}" >>"$d/master.cf" ;; esac ;;
    -P) ;;
  esac
}`;

/** Runs library text and lines in sh against a live dir and a backup dir; returns output and files. */
function run(lines: string[], files: Record<string, string> = {}, env = '') {
  dir = mkdtempSync(join(tmpdir(), 'lwz-plan-'));
  const live = join(dir, 'etc-postfix');
  mkdirSync(live);
  mkdirSync(join(dir, 'backup'));
  for (const [k, v] of Object.entries(files)) writeFileSync(join(live, k), v);
  const script = [
    'set -eu',
    `POSTFIX_DIR=${live} BACKUP=${dir}/backup CONFLICTS=${dir}/conflicts REPLACED=${dir}/replaced MAIN_QUEUE=${dir}/queue`,
    'DRY_RUN=0 CHANGED="" REPLACE=" " REPLACE_USED=" " REPLACEABLE="" PCF="" PLAN_DIR="" PLAN_SHOWN=" "',
    ': >"$CONFLICTS"; : >"$REPLACED"; : >"$MAIN_QUEUE"; : >"$BACKUP/touched"',
    env,
    POSTCONF,
    COMMON_LIB,
    APPLY_LIB,
    POLICIES_LIB,
    POSTFIX_LIB,
    ...lines,
  ].join('\n');
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  const read = (p: string) => {
    try {
      return readFileSync(join(dir, p), 'utf8');
    } catch {
      return null;
    }
  };
  return { code: r.status, out: r.stdout, err: r.stderr, read, live };
}

describe('virtual_mailbox_maps is a neighbour that our virtual domains require unset', () => {
  const VDOM = { ...SINGLE, delivery: { virtualDomains: ['example.org'] } };
  it('is data on the virtual_mailbox_domains setting, checked in the preflight only when we add virtual domains', () => {
    const pre = (a: object) => hostOf(a).steps.flatMap((s) => s.preflight ?? []);
    expect(pre(VDOM).filter((l) => l.startsWith('check_main_unset'))).toEqual([
      `check_main_unset virtual_mailbox_maps 'Postfix would look the recipients of example.org up in this map and refuse them ("User unknown in virtual mailbox table"); move these domains from delivery.virtualDomains to delivery.transportMapDomains in the wizard, which routes them as relay domains with a transport entry'`,
    ]);
    expect(
      pre({ ...SINGLE, delivery: { transportMapDomains: ['example.org'] } }).some((l) =>
        l.startsWith('check_main_unset'),
      ),
    ).toBe(false);
  });
  it('a set map is a conflict naming the key, its value and the way out; unset or empty is none', () => {
    const line = hostOf(VDOM)
      .steps.flatMap((s) => s.preflight ?? [])
      .find((l) => l.startsWith('check_main_unset'))!;
    const r = run([line, 'cat "$CONFLICTS"'], { 'main.cf': 'virtual_mailbox_maps = hash:/etc/postfix/vmailbox\n' });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(
      /^ {2}\/etc\/postfix\/main\.cf: virtual_mailbox_maps is "hash:\/etc\/postfix\/vmailbox", this bundle needs ""; to resolve: .*delivery\.transportMapDomains.*relay domains with a transport entry\n$/,
    );
    // not replaceable: emptying the admin's map would break the domains it serves
    expect(r.out).not.toContain('--replace');
    expect(run([line, 'cat "$CONFLICTS"'], { 'main.cf': 'virtual_mailbox_maps =\n' }).out).toBe('');
    expect(run([line, 'cat "$CONFLICTS"'], { 'main.cf': 'myhostname = mx.test\n' }).out).toBe('');
  });
});

describe('apply.sh --replace KEY', () => {
  /** The generated option parsing (from "set -eu" to "done"), run with ARGS. */
  function parse(args: string[]) {
    const text = applyOf(SINGLE);
    const lines = text.split('\n');
    const from = lines.indexOf('set -eu');
    const to = lines.indexOf('done', from);
    const script = [...lines.slice(from, to + 1), 'printf "%s|%s\\n" "$DRY_RUN" "$REPLACE"'].join('\n');
    dir = mkdtempSync(join(tmpdir(), 'lwz-args-'));
    writeFileSync(join(dir, 'apply.sh'), `${lines.slice(0, from).join('\n')}\n${script}\n`);
    return spawnSync('sh', [join(dir, 'apply.sh'), ...args], { encoding: 'utf8' });
  }
  it('collects every key; refuses a missing, empty or odd key and unknown options (exit 2)', () => {
    expect(
      parse(['--replace', 'virtual_transport', '--dry-run', '--replace', '/etc/postfix/transport:example.org']).stdout,
    ).toBe('1| virtual_transport /etc/postfix/transport:example.org \n');
    for (const bad of [['--replace'], ['--replace', ''], ['--replace', 'a b'], ['--replace', 'x;id'], ['--replac']]) {
      const r = parse(bad);
      expect(r.status, bad.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
  });
  it('--help shows the usage, --replace and the key forms included', () => {
    const r = parse(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: sh apply.sh [--dry-run] [--no-restart] [--replace KEY]...');
    expect(r.stdout).not.toMatch(/^#/m);
    expect(r.stdout).toContain('cyrus.conf:SERVICE');
    expect(r.stdout).toContain('MAP:KEY');
    expect(r.stdout).not.toContain('set -eu');
  });
  it('the bundle lists the keys it can replace, named as its conflicts name them', () => {
    const text = applyOf({
      ...SINGLE,
      delivery: { virtualDomains: ['example.org'], transportMapDomains: ['lists.example.org'] },
    });
    expect(text).toContain(
      "REPLACEABLE='/etc/postfix/transport:lists.example.org mailbox_transport local_recipient_maps virtual_transport unverified_recipient_reject_code unverified_recipient_defer_code unverified_recipient_tempfail_action'",
    );
  });
  const CHECK = 'check_main_free virtual_transport cyrus:unix:/run/cyrus/socket/lmtp cyrus how';
  const DOVECOT = { 'main.cf': 'virtual_transport = lmtp:unix:private/dovecot-lmtp\n' };
  it('a conflict ends with the --replace way out', () => {
    const r = run([CHECK, 'cat "$CONFLICTS"'], DOVECOT);
    expect(r.out).toBe(
      '  /etc/postfix/main.cf: virtual_transport is "lmtp:unix:private/dovecot-lmtp", this bundle needs "cyrus:unix:/run/cyrus/socket/lmtp"; to resolve: how, or run apply.sh --replace virtual_transport\n',
    );
  });
  it('with --replace KEY the conflict is not recorded, and apply.sh says what it replaces', () => {
    const r = run(
      [CHECK, 'check_replace_keys', 'report_conflicts', 'echo "conflicts: $(wc -l <"$CONFLICTS")"'],
      DOVECOT,
      'REPLACE=" virtual_transport " REPLACEABLE="virtual_transport"',
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(
      'lmtp-wizard: replacing virtual_transport as asked (was: lmtp:unix:private/dovecot-lmtp)\nconflicts: 0\n',
    );
  });
  it('an unknown key, or one not in conflict here, is an error before any change (exit 2)', () => {
    const unknown = run(
      [CHECK, 'check_replace_keys', 'echo not reached'],
      DOVECOT,
      'REPLACE=" virtual_transport nosuch " REPLACEABLE="virtual_transport mailbox_transport"',
    );
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe(
      'apply.sh: --replace nosuch: this bundle has no such entry (it can replace: virtual_transport mailbox_transport); nothing was changed\n',
    );
    const unused = run(
      [CHECK, 'check_replace_keys', 'echo not reached'],
      { 'main.cf': '' },
      'REPLACE=" virtual_transport " REPLACEABLE="virtual_transport"',
    );
    expect(unused.code).toBe(2);
    expect(unused.err).toMatch(/--replace virtual_transport: not in conflict on this host/);
    expect(unused.out).toBe('');
  });
  it("a table entry: MAP:KEY replaces that key's value (and its continuation lines), every other line stays", () => {
    const before =
      '# routes\nexample.net smtp:[relay.example.net]:587\nExample.ORG smtp:[other.example]:25\n  # a comment\n  relay:[x]\nlists.example.com relay:[lists]\n';
    const lines = (replace: string) => [
      `MAP=$POSTFIX_DIR/transport; REPLACE=" ${replace} "`,
      'check_table_key "$MAP" example.org cyrus:unix:/run/cyrus/socket/lmtp how',
      'merge_table_key "$MAP" example.org cyrus:unix:/run/cyrus/socket/lmtp',
      'cat "$CONFLICTS" "$REPLACED"',
    ];
    const r = run(lines('$POSTFIX_DIR/transport:example.org'), { transport: before });
    expect(r.code, r.err).toBe(0);
    expect(r.read('etc-postfix/transport')).toBe(
      '# routes\nexample.net smtp:[relay.example.net]:587\nexample.org cyrus:unix:/run/cyrus/socket/lmtp\n  # a comment\nlists.example.com relay:[lists]\n',
    );
    expect(r.out).toBe('replacing ' + `${r.live}/transport:example.org as asked (was: smtp:[other.example]:25)\n`);
    expect(r.read('backup/touched')).toBe(`${r.live}/transport\n`);
    // without it: a conflict, and the change step refuses to touch the entry
    const refused = run(lines('other'), { transport: before });
    expect(refused.code).not.toBe(0);
    expect(refused.read('etc-postfix/transport')).toBe(before);
  });
});

describe('the preflight plans main.cf and master.cf on a copy', () => {
  const MAIN = 'myhostname = mx.test\n';
  const MASTER = 'smtp inet n - y - - smtpd\n';
  const PLAN = [
    'plan_postfix_begin',
    "set_master cyrus/unix 'cyrus unix - - n - 100 lmtp'",
    'set_main mailbox_transport cyrus:unix:/run/cyrus/socket/lmtp',
    'add_main_list relay_domains example.org',
    'flush_main',
    'plan_postfix_end',
  ];
  it('changes only the copy: the live files, the backup list and CHANGED stay as they were', () => {
    const r = run([...PLAN, 'echo "changed:$CHANGED"; cat "$PLAN_DIR/main.cf" "$PLAN_DIR/master.cf" "$CONFLICTS"'], {
      'main.cf': MAIN,
      'master.cf': MASTER,
    });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(
      `changed:\n${MAIN}mailbox_transport = cyrus:unix:/run/cyrus/socket/lmtp\nrelay_domains = example.org\n${MASTER}cyrus unix - - n - 100 lmtp\n`,
    );
    expect(r.read('etc-postfix/main.cf')).toBe(MAIN);
    expect(r.read('etc-postfix/master.cf')).toBe(MASTER);
    expect(r.read('backup/touched')).toBe('');
  });
  it('the dry run prints "old -> new" per key and then one diff per file, each once', () => {
    const steps = [
      'DRY_RUN=1',
      "set_master cyrus/unix 'cyrus unix - - n - 100 lmtp'",
      'set_main mailbox_transport cyrus:unix:/run/cyrus/socket/lmtp',
      'add_main_list relay_domains example.org',
      'flush_main',
      'show_plan_diff main.cf',
    ];
    const r = run([...PLAN, ...steps], { 'main.cf': MAIN, 'master.cf': MASTER });
    expect(r.code, r.err).toBe(0);
    const L = r.live;
    expect(r.out).toBe(
      [
        'would run: postconf -M cyrus/unix=cyrus unix - - n - 100 lmtp',
        `lmtp-wizard: would change ${L}/master.cf (every change of this run):`,
        `--- ${L}/master.cf`,
        `+++ ${L}/master.cf (planned)`,
        '@@ -1 +1,2 @@',
        ' smtp inet n - y - - smtpd',
        '+cyrus unix - - n - 100 lmtp',
        'lmtp-wizard: would change main.cf: mailbox_transport (unset)  ->  mailbox_transport = cyrus:unix:/run/cyrus/socket/lmtp',
        'lmtp-wizard: would change main.cf: relay_domains (unset)  ->  relay_domains = example.org',
        'would run: postconf -e mailbox_transport = cyrus:unix:/run/cyrus/socket/lmtp relay_domains = example.org',
        `lmtp-wizard: would change ${L}/main.cf (every change of this run):`,
        `--- ${L}/main.cf`,
        `+++ ${L}/main.cf (planned)`,
        '@@ -1 +1,3 @@',
        ' myhostname = mx.test',
        '+mailbox_transport = cyrus:unix:/run/cyrus/socket/lmtp',
        '+relay_domains = example.org',
        '',
      ].join('\n'),
    );
    expect(r.read('etc-postfix/main.cf')).toBe(MAIN);
  });
  it('a postconf warning the live configuration does not have is a conflict; one it already has is not', () => {
    const bogus = [...PLAN.slice(0, 2), 'set_main bogus_setting 1', ...PLAN.slice(2), 'cat "$CONFLICTS"'];
    const r = run(bogus, { 'main.cf': MAIN, 'master.cf': MASTER });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(
      `  ${r.live}: with this bundle's changes, postconf says "postconf: warning: ${r.live}/main.cf: unused parameter: bogus_setting=1" (it does not now); to resolve: fix the setting it names by hand, or make the bundle again (sh apply.sh --dry-run shows main.cf and master.cf as they would be)\n`,
    );
    expect(run(bogus, { 'main.cf': `${MAIN}bogus_setting = 1\n`, 'master.cf': MASTER }).out).toBe('');
    expect(run([...PLAN, 'cat "$CONFLICTS"'], { 'main.cf': MAIN, 'master.cf': MASTER }).out).toBe('');
  });
  it('apply.sh replays the same main.cf and master.cf commands in its preflight, before report_conflicts and the first change', () => {
    const a = { ...SINGLE, delivery: { virtualDomains: ['example.org'], transportMapDomains: ['lists.example.org'] } };
    const lines = applyOf(a).split('\n');
    const begin = lines.indexOf('plan_postfix_begin');
    const end = lines.indexOf('plan_postfix_end');
    const steps = hostOf(a).steps.filter((s) => /\/etc\/postfix\/(main|master)\.cf$/.test(s.title));
    expect(steps.map((s) => s.title)).toEqual(['Configure /etc/postfix/master.cf', 'Configure /etc/postfix/main.cf']);
    expect(lines.slice(begin + 1, end)).toEqual(steps.flatMap((s) => s.commands));
    expect(begin).toBeGreaterThan(0);
    expect(end).toBeLessThan(lines.indexOf('report_conflicts'));
    expect(lines.indexOf('report_conflicts')).toBeLessThan(lines.indexOf('start_backup'));
    // the cyrus store of a remote bundle has no Postfix, so no plan
    const remote = generate(
      answers({
        topology: 'remote',
        mailHost: 'mx.test',
        tcp: { storeHost: 'store.test' },
        sasl: { password: 'pw-1' },
      }),
    );
    const store = remote.hosts.find((h) => h.id === 'cyrus-host')!.files.find((f) => f.path === 'apply.sh')!.content;
    expect(store.split('\n')).not.toContain('plan_postfix_begin');
  });
});
