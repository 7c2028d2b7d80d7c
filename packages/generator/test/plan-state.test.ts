// What apply.sh records before its first change (issue 10): the neighbours of
// every list and map it merges, which verify.sh checks, and the runtime
// directories rollback.sh puts back. The shell tests run the generated plan,
// save and verify lines with the real library functions under sh, on files in
// a temp dir; postconf and postmap are stubs that read those files (postmap
// "compiles" a map by copying it to MAP.db, and -q reads the copy).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAnswers } from '@lmtp-wizard/schema';
import { generate } from '../src/index.ts';
import { COMMON_LIB } from '../src/scripts/common-lib.ts';
import { APPLY_LIB } from '../src/scripts/shell-lib.ts';
import { VERIFY_LIB } from '../src/scripts/verify-lib.ts';
import { NEIGHBOURS_APPLY_LIB, NEIGHBOURS_COMMON, NEIGHBOURS_VERIFY_LIB } from '../src/scripts/shell-lib-neighbours.ts';
import { POLICIES_LIB } from '../src/shell/embedded.ts';

function bundle(a: object) {
  const r = parseAnswers(a);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return generate(r.answers);
}
const script = (a: object, host: string, name: string): string =>
  bundle(a)
    .hosts.find((h) => h.id === host)!
    .files.find((f) => f.path === name)!.content;
const linesOf = (text: string, re: RegExp): string[] => text.split('\n').filter((l) => re.test(l));

const REMOTE = {
  topology: 'remote',
  mailHost: 'mx.test',
  tcp: { storeHost: 'store.test', allowFrom: ['10.0.0.2'] },
  sasl: { password: 'Lmtp-pw-9' },
  delivery: { transportMapDomains: ['example.org'] },
};

describe('the generated plan, save and verify lines', () => {
  it('come from the merged entries of the file modules, before report_conflicts, saved right after start_backup', () => {
    const apply = script(REMOTE, 'postfix-host', 'apply.sh');
    expect(linesOf(apply, /^(plan_neighbours |report_conflicts$|start_backup$|save_neighbours )/)).toEqual([
      'plan_neighbours main transport_maps hash:/etc/postfix/transport',
      'plan_neighbours main relay_domains example.org',
      'plan_neighbours map /etc/postfix/transport example.org',
      'plan_neighbours secret-map /etc/postfix/sasl_passwd store.test',
      'report_conflicts',
      'start_backup',
      'save_neighbours /var/lib/lmtp-wizard/postfix-host.neighbours',
    ]);
    expect(apply.indexOf('\nsave_neighbours ')).toBeLessThan(apply.indexOf('\n# Step 1:'));
    expect(linesOf(script(REMOTE, 'postfix-host', 'verify.sh'), /^(neighbours_recorded|check_neighbours) /)).toEqual([
      'neighbours_recorded /var/lib/lmtp-wizard/postfix-host.neighbours',
      'check_neighbours /var/lib/lmtp-wizard/postfix-host.neighbours main transport_maps hash:/etc/postfix/transport',
      'check_neighbours /var/lib/lmtp-wizard/postfix-host.neighbours main relay_domains example.org',
      'check_neighbours /var/lib/lmtp-wizard/postfix-host.neighbours map /etc/postfix/transport example.org',
      'check_neighbours /var/lib/lmtp-wizard/postfix-host.neighbours secret-map /etc/postfix/sasl_passwd store.test',
    ]);
    expect(linesOf(script(REMOTE, 'cyrus-host', 'apply.sh'), /^plan_neighbours /)).toEqual([
      'plan_neighbours imapd lmtp_admins postman',
      'plan_neighbours imapd sasl_pwcheck_method auxprop',
      'plan_neighbours imapd sasl_auxprop_plugin sasldb',
      "plan_neighbours lines /etc/hosts.allow 'lmtp: 10.0.0.2'",
      "plan_neighbours lines /etc/hosts.deny 'lmtp: ALL'",
    ]);
  });

  it('the single host remembers its runtime directories; with nothing merged, nothing is recorded or checked', () => {
    // "any": no recipient check, so no main.cf list is merged (the default merges the class, below)
    const single = { topology: 'single-host', mailHost: 'mx.test', delivery: { localRecipientCheck: 'any' } };
    const apply = script(single, 'mail-host', 'apply.sh');
    expect(
      linesOf(
        apply,
        /^(remember_dir |report_conflicts$|start_backup$|save_runtime_undo$|plan_neighbours |save_neighbours )/,
      ),
    ).toEqual([
      'remember_dir /run/cyrus',
      'remember_dir /run/cyrus/socket',
      'report_conflicts',
      'start_backup',
      'save_runtime_undo',
    ]);
    expect(script(single, 'mail-host', 'verify.sh')).not.toMatch(/^(check_neighbours|neighbours_recorded) /m);
    const custom = script({ ...single, unixSocket: { path: '/run/cyrus/lmtp/lmtp' } }, 'mail-host', 'apply.sh');
    expect(linesOf(custom, /^remember_dir /)).toEqual([
      'remember_dir /run/cyrus',
      'remember_dir /run/cyrus/socket',
      'remember_dir /run/cyrus/lmtp',
    ]);
    expect(linesOf(script(REMOTE, 'cyrus-host', 'apply.sh'), /^(remember_dir |save_runtime_undo$)/)).toEqual([]);
    const checked = script({ topology: 'single-host', mailHost: 'mx.test' }, 'mail-host', 'apply.sh');
    expect(linesOf(checked, /^(plan_neighbours |save_neighbours )/)).toEqual([
      'plan_neighbours main smtpd_restriction_classes cyrus_recipient_check',
      'save_neighbours /var/lib/lmtp-wizard/mail-host.neighbours',
    ]);
  });
});

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

const STUBS = [
  'postconf() { l=$(grep "^$2 =" "$FAKE_MAIN" || true); [ -n "$l" ] || return 0; printf \'%s\\n\' "$l" | sed \'s/^[^=]*= *//\'; }',
  'postmap() { if [ "$1" = -q ]; then f=${3#hash:}.db; [ -e "$f" ] || return 1; v=$(table_value "$f" "$2"); [ -n "$v" ] || return 1; printf \'%s\\n\' "$v"; else cp "${1#hash:}" "${1#hash:}.db"; fi; }',
];

/** Runs `lines` after the libraries, with /etc/... and /var/lib/... moved into the temp dir. */
function run(kind: 'apply' | 'verify', lines: string[], env: Record<string, string> = {}) {
  const moved = lines.map((l) =>
    l
      .replaceAll('/etc/postfix/', `${dir}/`)
      .replaceAll('/etc/hosts.', `${dir}/hosts.`)
      .replaceAll('/var/lib/lmtp-wizard/', `${dir}/state/`),
  );
  const libs =
    kind === 'apply'
      ? [APPLY_LIB, POLICIES_LIB, NEIGHBOURS_COMMON, NEIGHBOURS_APPLY_LIB]
      : [VERIFY_LIB, POLICIES_LIB, NEIGHBOURS_COMMON, NEIGHBOURS_VERIFY_LIB];
  const text = [
    kind === 'apply' ? 'set -eu' : 'set -u',
    `FAKE_MAIN=${dir}/main.cf IMAPD_CONF=${dir}/imapd.conf DRY_RUN=\${DRY_RUN:-0} CHANGED="" BACKUP=${dir}/backup NEIGHBOURS_PLAN=$(mktemp)`,
    'mkdir -p "$BACKUP"; : >"$BACKUP/touched"; : >"$BACKUP/undo-last"',
    COMMON_LIB,
    ...STUBS,
    ...libs,
    ...moved,
    kind === 'verify' ? 'echo "FAILED=$FAILED"' : 'rm -f "$NEIGHBOURS_PLAN"',
  ].join('\n');
  const r = spawnSync('sh', ['-c', text], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout + r.stderr };
}
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
const compile = (name: string) => write(`${name}.db`, readFileSync(join(dir, name), 'utf8'));
const state = (host: string) => join(dir, 'state', `${host}.neighbours`);

describe('the neighbours on the Postfix host: recorded before the first change, checked by verify.sh', () => {
  const apply = script(REMOTE, 'postfix-host', 'apply.sh');
  const plan = linesOf(apply, /^(plan_neighbours|save_neighbours) /);
  const verify = linesOf(script(REMOTE, 'postfix-host', 'verify.sh'), /^(neighbours_recorded|check_neighbours) /);
  const RELAY_PW = 'Relay-Secret-1';

  function existing() {
    dir = mkdtempSync(join(tmpdir(), 'lwz-neighbours-'));
    write('main.cf', `relay_domains = example.net, example.com\ntransport_maps = hash:${dir}/transport\n`);
    write('transport', '# routes\nexample.net smtp:[10.0.0.1]:25\nExample.COM relay:[lists.example.com]\n');
    write('sasl_passwd', `[relay.example.net]:587 relayuser:${RELAY_PW}\nstore.test postman:earlier-pw\n`);
    compile('transport');
    compile('sasl_passwd');
  }
  /** What apply.sh does to these files. */
  function applied() {
    write('main.cf', `relay_domains = example.net, example.com, example.org\ntransport_maps = hash:${dir}/transport\n`);
    write('transport', `${readFileSync(join(dir, 'transport'), 'utf8')}example.org cyrus:inet:store.test:2003\n`);
    write('sasl_passwd', `[relay.example.net]:587 relayuser:${RELAY_PW}\n`);
    compile('transport');
    compile('sasl_passwd');
  }

  it('records every entry that is not ours, 0600, the secret map by a hash only; a dry run writes nothing', () => {
    existing();
    const dry = run('apply', plan, { DRY_RUN: '1' });
    expect(dry.code, dry.out).toBe(0);
    expect(dry.out).toContain(
      `would record 5 neighbour(s), the other entries of the lists and maps it merges, in ${state('postfix-host')}`,
    );
    expect(existsSync(state('postfix-host'))).toBe(false);
    const r = run('apply', plan);
    expect(r.code, r.out).toBe(0);
    const text = readFileSync(state('postfix-host'), 'utf8');
    const sha = spawnSync('sh', ['-c', `printf '%s' relayuser:${RELAY_PW} | sha256sum | cut -c1-64`], {
      encoding: 'utf8',
    }).stdout.trim();
    expect(text).toBe(
      [
        'main\trelay_domains\texample.net\t',
        'main\trelay_domains\texample.com\t',
        'map\t' + `${dir}/transport\texample.net\tsmtp:[10.0.0.1]:25`,
        'map\t' + `${dir}/transport\tExample.COM\trelay:[lists.example.com]`,
        'secret-map\t' + `${dir}/sasl_passwd\t[relay.example.net]:587\tsha256:${sha}`,
        '',
      ].join('\n'),
    );
    expect((statSync(state('postfix-host')).mode & 0o777).toString(8)).toBe('600');
    expect(text + r.out).not.toContain(RELAY_PW);
    expect(readFileSync(join(dir, 'backup', 'touched'), 'utf8')).toBe(`${state('postfix-host')}\n`);
    expect(readFileSync(join(dir, 'backup', 'undo-last'), 'utf8')).toBe(`rmdir '${dir}/state' 2>/dev/null || true\n`);
  });

  it('verify.sh reports each neighbour ok after apply; a re-run keeps the record byte for byte', () => {
    existing();
    run('apply', plan);
    applied();
    const before = readFileSync(state('postfix-host'), 'utf8');
    const again = run('apply', plan);
    expect(again.out).not.toContain('recorded');
    expect(readFileSync(state('postfix-host'), 'utf8')).toBe(before);
    const v = run('verify', verify);
    expect(v.out).toContain('FAILED=0');
    expect(v.out).toContain('ok    neighbour: main.cf relay_domains still lists example.net');
    expect(v.out).toContain(
      `ok    neighbour: ${dir}/transport: Example.COM -> relay:[lists.example.com], as before apply.sh`,
    );
    expect(v.out).toContain(
      `ok    neighbour: ${dir}/sasl_passwd: [relay.example.net]:587 resolves to the same value as before apply.sh (compared by sha256)`,
    );
    expect(v.out).not.toMatch(/example\.org|store\.test/);
  });

  it('verify.sh fails naming each neighbour changed by hand, never showing a password; a re-run does not forget the old values', () => {
    existing();
    run('apply', plan);
    applied();
    write('main.cf', `relay_domains = example.com, example.org\ntransport_maps = hash:${dir}/transport\n`);
    write(
      'transport',
      'example.net smtp:[10.0.0.9]:25\nexample.com relay:[lists.example.com]\nexample.org cyrus:inet:store.test:2003\n',
    );
    write('sasl_passwd', '[relay.example.net]:587 relayuser:Changed-pw\n');
    compile('transport');
    compile('sasl_passwd');
    for (let i = 0; i < 2; i++) {
      const v = run('verify', verify);
      expect(v.out).toContain('FAILED=1');
      expect(v.out).toContain(
        'FAIL  neighbour: main.cf relay_domains no longer lists example.net, which it did before apply.sh',
      );
      expect(v.out).toContain(
        `FAIL  neighbour: ${dir}/transport: example.net resolves to "smtp:[10.0.0.9]:25", before apply.sh to "smtp:[10.0.0.1]:25"`,
      );
      expect(v.out).toContain(
        `FAIL  neighbour: ${dir}/sasl_passwd: [relay.example.net]:587 resolves to another value than before apply.sh`,
      );
      expect(v.out).toContain('ok    neighbour: main.cf relay_domains still lists example.com');
      expect(v.out).not.toMatch(/Changed-pw|Relay-Secret/);
      run('apply', plan); // a re-run over the changed host keeps the first record
    }
    write('sasl_passwd', '# none\n');
    compile('sasl_passwd');
    expect(run('verify', verify).out).toContain(
      `FAIL  neighbour: ${dir}/sasl_passwd: [relay.example.net]:587 no longer resolves`,
    );
  });

  it('without a record, verify.sh says so in a note and checks nothing else of it', () => {
    existing();
    const v = run('verify', verify);
    expect(v.out).toContain(`note  no record of the neighbours (${state('postfix-host')}): apply.sh has not run here`);
    expect(v.out).toContain('FAILED=0');
    expect(v.out).not.toContain('neighbour:');
  });
});

describe('the neighbours on the Cyrus store: imapd.conf lists and tcp-wrapper lines', () => {
  const plan = linesOf(script(REMOTE, 'cyrus-host', 'apply.sh'), /^(plan_neighbours|save_neighbours) /);
  const verify = linesOf(script(REMOTE, 'cyrus-host', 'verify.sh'), /^(neighbours_recorded|check_neighbours) /);
  it('keeps the other admins, methods and rules; a rule removed by hand fails verify.sh, naming it', () => {
    dir = mkdtempSync(join(tmpdir(), 'lwz-neighbours-'));
    write('imapd.conf', 'lmtp_admins: cyrus\nsasl_pwcheck_method: saslauthd\n');
    write('hosts.allow', '# local\nsshd:\tALL\n');
    run('apply', plan);
    expect(readFileSync(state('cyrus-host'), 'utf8')).toBe(
      `imapd\tlmtp_admins\tcyrus\t\nimapd\tsasl_pwcheck_method\tsaslauthd\t\nlines\t${dir}/hosts.allow\tsshd: ALL\t\n`,
    );
    write(
      'imapd.conf',
      'lmtp_admins: cyrus postman\nsasl_pwcheck_method: saslauthd auxprop\nsasl_auxprop_plugin: sasldb\n',
    );
    write('hosts.allow', '# local\nsshd:\tALL\nlmtp: 10.0.0.2\n');
    write('hosts.deny', 'lmtp: ALL\n');
    const good = run('verify', verify);
    expect(good.out).toContain('FAILED=0');
    expect(good.out).toContain('ok    neighbour: imapd.conf sasl_pwcheck_method still lists saslauthd');
    expect(good.out).toContain(`ok    neighbour: ${dir}/hosts.allow still has "sshd: ALL"`);
    write('imapd.conf', 'lmtp_admins: postman\nsasl_pwcheck_method: auxprop\n');
    write('hosts.allow', 'lmtp: 10.0.0.2\n');
    const bad = run('verify', verify);
    expect(bad.out).toContain('FAIL  neighbour: imapd.conf lmtp_admins no longer lists cyrus');
    expect(bad.out).toContain('FAIL  neighbour: imapd.conf sasl_pwcheck_method no longer lists saslauthd');
    expect(bad.out).toContain(`FAIL  neighbour: ${dir}/hosts.allow has lost the line "sshd: ALL"`);
  });
});

describe('runtime directories: rollback.sh (undo-last) puts back what systemd-tmpfiles changed', () => {
  it('restores owner, group and mode of a directory that existed, and removes one apply.sh made, with its socket', () => {
    dir = mkdtempSync(join(tmpdir(), 'lwz-runtime-'));
    const kept = join(dir, "sock et's");
    const made = join(dir, 'lmtp');
    mkdirSync(kept);
    chmodSync(kept, 0o750);
    const r = run('apply', [
      `remember_dir '${kept.replaceAll("'", "'\\''")}'`,
      `remember_dir ${made}`,
      'save_runtime_undo',
    ]);
    expect(r.code, r.out).toBe(0);
    // what systemd-tmpfiles and cyrmaster then do
    chmodSync(kept, 0o700);
    mkdirSync(made);
    const sock = spawnSync('python3', [
      '-c',
      'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])',
      join(made, 'lmtp'),
    ]);
    expect(sock.status).toBe(0);
    const undo = spawnSync('sh', [join(dir, 'backup', 'undo-last')], { encoding: 'utf8' });
    expect(undo.status, undo.stderr).toBe(0);
    expect((statSync(kept).mode & 0o7777).toString(8)).toBe('750');
    expect(existsSync(made)).toBe(false);
  });
  it('a dry run records nothing in undo-last', () => {
    dir = mkdtempSync(join(tmpdir(), 'lwz-runtime-'));
    run('apply', [`remember_dir ${dir}`, 'save_runtime_undo'], { DRY_RUN: '1' });
    expect(readFileSync(join(dir, 'backup', 'undo-last'), 'utf8')).toBe('');
  });
});
