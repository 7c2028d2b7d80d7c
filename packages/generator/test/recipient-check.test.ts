// The recipient check "ask Cyrus" (issue 11): what the answers generate, and
// how the shell functions meet a main.cf that already has a restriction list.
// The shell tests run the real library functions under sh, with a stub
// postconf that reads a fake main.cf.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crossFieldWarnings, parseAnswers } from '@lmtp-wizard/schema';
import { generate } from '../src/index.ts';
import { createContext } from '../src/context.ts';
import { mainCf } from '../src/files/main-cf.ts';
import { verifyMap } from '../src/files/verify-map.ts';
import { APPLY_LIB } from '../src/scripts/shell-lib.ts';
import { COMMON_LIB } from '../src/scripts/common-lib.ts';
import {
  EXPORT_BIN,
  EXPORT_UNIT,
  RECIPIENT_EXPORT_APPLY,
  RECIPIENT_EXPORT_VERIFY,
  UNIT_DIR,
} from '../src/scripts/shell-lib-recipient-export.ts';
import { VERIFY_LIB } from '../src/scripts/verify-lib.ts';
import { POSTFIX_LIB } from '../src/scripts/shell-lib-postfix.ts';
import { RECIPIENTS_APPLY, RECIPIENTS_COMMON, RECIPIENTS_VERIFY } from '../src/scripts/shell-lib-recipients.ts';
import { finalWords } from '../src/policies/main-restriction/index.ts';
import { POLICIES_LIB } from '../src/shell/embedded.ts';

function answers(a: object) {
  const r = parseAnswers(a);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.answers;
}
const SINGLE = { topology: 'single-host', mailHost: 'mx.test' };
const DOMAINS = { virtualDomains: ['example.org'], transportMapDomains: ['lists.example.org'] };
const settingsOf = (a: object) => {
  const body = mainCf.body(createContext(answers(a)));
  if (body.kind !== 'postconf') throw new Error(body.kind);
  return body.settings;
};
const valueOf = (a: object, key: string) => settingsOf(a).find((s) => s.key === key);

describe('the answers', () => {
  it('"cyrus" is the default, and the backscatter warning is gone with it', () => {
    const a = answers(SINGLE);
    expect(a.delivery.localRecipientCheck).toBe('cyrus');
    expect(crossFieldWarnings(a).map((w) => w.path.join('.'))).not.toContain('delivery.localRecipientCheck');
    expect(
      crossFieldWarnings(answers({ ...SINGLE, delivery: { localRecipientCheck: 'any' } }))
        .map((w) => w.message)
        .join(),
    ).toMatch(/backscatter/);
    // "unix" checks local names only: the virtual domains are still accepted blindly
    expect(
      crossFieldWarnings(answers({ ...SINGLE, delivery: { ...DOMAINS, localRecipientCheck: 'unix' } }))
        .map((w) => w.message)
        .join(),
    ).toMatch(/virtual and transport-map domains/);
  });
});

describe('generated settings', () => {
  it('asks Cyrus for our domains: an ordered restriction, 550 for unknown, 450 while the store is down, no passwd check', () => {
    const s = settingsOf({ ...SINGLE, delivery: DOMAINS });
    const pick = (k: string) => s.find((x) => x.key === k);
    expect(pick('smtpd_recipient_restrictions')).toMatchObject({
      value: 'check_recipient_access hash:/etc/postfix/cyrus_verify',
      policy: 'merged-restriction',
    });
    expect(pick('unverified_recipient_reject_code')).toMatchObject({ value: '550', policy: 'exclusive' });
    expect(pick('unverified_recipient_defer_code')).toMatchObject({ value: '450', policy: 'exclusive' });
    expect(pick('unverified_recipient_tempfail_action')).toMatchObject({
      value: 'defer_if_permit',
      policy: 'exclusive',
    });
    expect(pick('local_recipient_maps')).toMatchObject({ value: '', policy: 'exclusive' });
  });
  it('the map is ours, named after the transport: the virtual and transport-map domains, plus mydestination read on the host', () => {
    const c = createContext(answers({ ...SINGLE, delivery: { ...DOMAINS, transportName: 'cyrusstore' } }));
    expect(verifyMap.applies(c)).toBe(true);
    const body = verifyMap.body(c);
    // a single host names the class that reads the exported mailbox list first (issue 25)
    expect(body).toMatchObject({
      kind: 'table',
      policy: 'owned',
      localDomains: { value: 'cyrusstore_recipient_check' },
    });
    expect(body.kind === 'table' && body.rows.map((r) => `${r.key} ${r.value}`)).toEqual([
      'example.org cyrusstore_recipient_check',
      'lists.example.org cyrusstore_recipient_check',
    ]);
    const host = generate(answers({ ...SINGLE, delivery: { ...DOMAINS, transportName: 'cyrusstore' } })).hosts[0]!;
    const commands = host.steps.flatMap((x) => x.commands);
    expect(commands).toContain(
      'install_map_with_local_domains "$HERE"/files/etc/postfix/cyrusstore_verify /etc/postfix/cyrusstore_verify cyrusstore_recipient_check',
    );
    expect(commands).toContain(
      'add_main_restriction smtpd_recipient_restrictions check_recipient_access hash:/etc/postfix/cyrusstore_verify',
    );
    // the map is in place before main.cf names it
    const titles = host.steps.map((x) => x.title);
    expect(titles.indexOf('Configure /etc/postfix/cyrusstore_verify')).toBeLessThan(
      titles.indexOf('Configure /etc/postfix/main.cf'),
    );
  });
  it('without local recipients the map lists the domains only; with the default transport alone there is nothing to ask about', () => {
    const c = createContext(answers({ ...SINGLE, delivery: { ...DOMAINS, localRecipients: false } }));
    expect(verifyMap.body(c)).not.toHaveProperty('localDomains');
    const only = { ...SINGLE, delivery: { localRecipients: false, defaultTransport: true } };
    expect(verifyMap.applies(createContext(answers(only)))).toBe(false);
    expect(valueOf(only, 'smtpd_recipient_restrictions')).toBeUndefined();
  });
  it('"unix" and "any" ask nobody: no restriction, no codes, no map; "any" empties local_recipient_maps, "unix" leaves it', () => {
    for (const check of ['unix', 'any']) {
      const a = { ...SINGLE, delivery: { ...DOMAINS, localRecipientCheck: check } };
      expect(settingsOf(a).filter((s) => /restrictions|unverified/.test(s.key))).toEqual([]);
      expect(verifyMap.applies(createContext(answers(a)))).toBe(false);
    }
    expect(valueOf({ ...SINGLE, delivery: { localRecipientCheck: 'any' } }, 'local_recipient_maps')?.value).toBe('');
    expect(valueOf({ ...SINGLE, delivery: { localRecipientCheck: 'unix' } }, 'local_recipient_maps')).toBeUndefined();
  });
});

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Runs shell lines with the libraries against a fake main.cf; returns stdout, the conflicts and the queued main.cf lines. */
function run(
  mainCfText: string,
  lines: string[],
): { out: string; conflicts: string; queued: string; code: number | null } {
  dir = mkdtempSync(join(tmpdir(), 'lwz-rcpt-'));
  writeFileSync(join(dir, 'main.cf'), mainCfText);
  const script = [
    'set -eu',
    `DRY_RUN=0 FAKE=${join(dir, 'main.cf')} CONFLICTS=${join(dir, 'conflicts')} MAIN_QUEUE=${join(dir, 'queue')}; : >"$CONFLICTS"; : >"$MAIN_QUEUE"`,
    // -n KEY prints the line; -h/-hx/-nh KEY the value (the fake main.cf has no $ to expand)
    `postconf() { l=$(grep "^$2 =" "$FAKE" || true); [ -n "$l" ] || return 0; if [ "$1" != -n ]; then printf '%s\\n' "$l" | sed 's/^[^=]*= *//'; else printf '%s\\n' "$l"; fi; }`,
    COMMON_LIB,
    APPLY_LIB,
    POLICIES_LIB,
    POSTFIX_LIB,
    VERIFY_LIB,
    RECIPIENTS_COMMON,
    RECIPIENTS_APPLY,
    RECIPIENTS_VERIFY,
    ...lines,
  ].join('\n');
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  const read = (p: string) => spawnSync('cat', [join(dir!, p)], { encoding: 'utf8' }).stdout;
  return { out: r.stdout + r.stderr, conflicts: read('conflicts'), queued: read('queue'), code: r.status };
}

const ITEM = 'check_recipient_access hash:/etc/postfix/cyrus_verify';
const preflightLine = (a: object) =>
  generate(answers(a))
    .hosts[0]!.steps.flatMap((s) => s.preflight ?? [])
    .filter((l) => l.startsWith('check_restriction_place') || l.startsWith('check_main_free unverified'));

describe('the ordered restriction list', () => {
  const lines = preflightLine(SINGLE);
  it('the preflight names the final items as data', () => {
    expect(lines[0]).toMatch(
      /^check_restriction_place smtpd_recipient_restrictions check_recipient_access hash:\/etc\/postfix\/cyrus_verify '.*' permit reject defer permit_auth_destination$/,
    );
    expect(finalWords()).toBe('permit reject defer permit_auth_destination');
  });
  it('no conflict on a fresh main.cf, or a list whose items only decide for some clients or other domains', () => {
    expect(run('myhostname = mx.test\n', lines).conflicts).toBe('');
    expect(
      run(
        'smtpd_recipient_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination, check_policy_service unix:private/policy\n',
        lines,
      ).conflicts,
    ).toBe('');
  });
  it('a final item before the end is a conflict that names it and the way out; so is a trailing warn_if_reject', () => {
    const r = run('smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination, permit\n', lines);
    expect(r.conflicts).toContain(
      `/etc/postfix/main.cf: smtpd_recipient_restrictions is "permit_mynetworks, reject_unauth_destination, permit", this bundle needs "${ITEM} ahead of permit"; to resolve: add "${ITEM}" to smtpd_recipient_restrictions yourself, ahead of that item`,
    );
    expect(run('smtpd_recipient_restrictions = permit_auth_destination reject\n', lines).conflicts).toContain(
      'ahead of permit_auth_destination',
    );
    expect(
      run('smtpd_recipient_restrictions = reject_unauth_destination, warn_if_reject\n', lines).conflicts,
    ).toContain('ahead of warn_if_reject');
  });
  it('our item already ahead of the final item (placed by the admin) is no conflict, and apply leaves the list alone', () => {
    const text = `smtpd_recipient_restrictions = permit_mynetworks, ${ITEM}, permit\n`;
    const r = run(text, [...lines, `add_main_restriction smtpd_recipient_restrictions ${ITEM}`]);
    expect(r.conflicts).toBe('');
    expect(r.queued).toBe('');
  });
  it('apply appends ours to the list as written, or writes it alone', () => {
    expect(
      run('smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination\n', [
        `add_main_restriction smtpd_recipient_restrictions ${ITEM}`,
      ]).queued,
    ).toBe(`smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination, ${ITEM}\n`);
    expect(run('', [`add_main_restriction smtpd_recipient_restrictions ${ITEM}`]).queued).toBe(
      `smtpd_recipient_restrictions = ${ITEM}\n`,
    );
  });
  it('verify.sh passes only when ours is there before every final item', () => {
    const check = `check_restriction smtpd_recipient_restrictions ${ITEM} ${finalWords()}`;
    expect(run(`smtpd_recipient_restrictions = permit_mynetworks, ${ITEM}\n`, [check]).out).toMatch(
      /^ok {4}main\.cf smtpd_recipient_restrictions has/m,
    );
    expect(run(`smtpd_recipient_restrictions = permit, ${ITEM}\n`, [check]).out).toMatch(
      /^FAIL {2}.*comes after permit, so it never acts/m,
    );
    expect(run('smtpd_recipient_restrictions = permit_mynetworks\n', [check]).out).toMatch(
      /^FAIL {2}.*does not contain/m,
    );
  });
});

describe('the global codes are exclusive', () => {
  const lines = preflightLine(SINGLE);
  it("450 for an unknown recipient (Postfix's default, written by someone) is a conflict; 550 or unset is not", () => {
    expect(run('unverified_recipient_reject_code = 450\n', lines).conflicts).toContain(
      'unverified_recipient_reject_code is "450", this bundle needs "550"',
    );
    expect(run('unverified_recipient_reject_code = 550\n', lines).conflicts).toBe('');
    expect(run('unverified_recipient_defer_code = 550\n', lines).conflicts).toContain(
      'unverified_recipient_defer_code is "550", this bundle needs "450"',
    );
    expect(run('unverified_recipient_tempfail_action = permit\n', lines).conflicts).toContain(
      'unverified_recipient_tempfail_action is "permit"',
    );
  });
});

describe('mydestination', () => {
  const listable = generate(answers(SINGLE))
    .hosts[0]!.steps.flatMap((s) => s.preflight ?? [])
    .filter((l) => l.startsWith('check_local_domains_listable'));
  it('its domains are listed in lower case; a lookup table in it is a conflict', () => {
    expect(run('mydestination = MX.test, localhost\n', ['local_domains']).out).toBe('mx.test\nlocalhost\n');
    expect(listable).toHaveLength(1);
    expect(run('mydestination = mx.test\n', listable).conflicts).toBe('');
    expect(run('mydestination = mx.test, hash:/etc/postfix/mydest\n', listable).conflicts).toContain(
      'mydestination is "mx.test, hash:/etc/postfix/mydest", this bundle needs "domain names only"',
    );
  });
  it('no mydestination step without local recipients', () => {
    const none = generate(
      answers({ ...SINGLE, delivery: { ...DOMAINS, localRecipients: false } }),
    ).hosts[0]!.steps.flatMap((s) => [...(s.preflight ?? []), ...s.commands]);
    expect(none.filter((l) => /local_domains/.test(l))).toEqual([]);
  });
});

describe('the exported mailbox list (issue 25): the names the step explains are the ones the shell installs', () => {
  it('the library installs and checks exactly EXPORT_BIN and the EXPORT_UNIT units under UNIT_DIR', () => {
    for (const name of [
      EXPORT_BIN,
      `${UNIT_DIR}/${EXPORT_UNIT}.service`,
      `${UNIT_DIR}/${EXPORT_UNIT}.path`,
      `${UNIT_DIR}/${EXPORT_UNIT}.timer`,
    ]) {
      expect([name, RECIPIENT_EXPORT_APPLY.includes(name)]).toEqual([name, true]);
    }
    expect(RECIPIENT_EXPORT_VERIFY).toContain(`if [ ! -x ${EXPORT_BIN} ]`);
    expect(RECIPIENT_EXPORT_VERIFY).toContain(`for u in ${EXPORT_UNIT}.path ${EXPORT_UNIT}.timer`);
  });
});

/** The exporter script that install_recipient_export writes (its here-document in the library). */
const EXPORTER = (() => {
  const m = /<<'LWZ_EXPORTER'\n([\s\S]*?)\nLWZ_EXPORTER\n/.exec(RECIPIENT_EXPORT_APPLY);
  if (!m?.[1]) throw new Error('no exporter here-document in the library');
  return m[1];
})();

/**
 * The exporter under sh, with stand-ins on PATH: runuser (Cyrus's ctl_mboxlist -d, after
 * SLOW seconds) and postmap (writes FILE.db). Cyrus's own cyr_info is absent here, so
 * virtdomains reads as off.
 */
function exporter(slow: number, prepare: (d: string) => void) {
  dir = mkdtempSync(join(tmpdir(), 'lwz-export-'));
  const d = dir;
  const bin = join(d, 'bin');
  spawnSync('mkdir', ['-p', bin, join(d, 'var')]);
  writeFileSync(
    join(bin, 'runuser'),
    `#!/bin/sh\nsleep ${slow}\nprintf '%s\\n' '"user.alice": {"name": "x", "mbtype": "e"}'\n`,
    { mode: 0o755 },
  );
  writeFileSync(join(bin, 'postmap'), '#!/bin/sh\n: >"${1#*:}.db"\n', { mode: 0o755 });
  writeFileSync(join(d, 'exporter'), EXPORTER, { mode: 0o755 });
  writeFileSync(join(d, 'cyrus_verify'), 'mx.test lmtp:unix:/run/cyrus/socket/lmtp\n');
  prepare(d);
  return {
    d,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    argv: [join(d, 'exporter'), 'hash', join(d, 'cyrus_verify'), join(d, 'var/cyrus_recipients')],
  };
}
const leftIn = (folder: string) =>
  spawnSync('ls', ['-A', folder], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);

describe('the exporter when rollback.sh runs beside it (a race seen in CI, both releases)', () => {
  it('exports the list when its map and folder are there', () => {
    const { d, env, argv } = exporter(0, () => {});
    const r = spawnSync('sh', argv, {
      env,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(leftIn(join(d, 'var')).sort()).toEqual(['cyrus_recipients', 'cyrus_recipients.db']);
    expect(spawnSync('cat', [join(d, 'var/cyrus_recipients')], { encoding: 'utf8' }).stdout).toBe(
      'alice@mx.test DUNNO\nmx.test reject_unverified_recipient\n',
    );
  });

  it('writes nothing once rollback.sh has removed its map (the table is not made again)', () => {
    const { d, env, argv } = exporter(0, (x) => rmSync(join(x, 'cyrus_verify')));
    const r = spawnSync('sh', argv, {
      env,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(leftIn(join(d, 'var'))).toEqual([]);
  });

  it('stopped in the middle (rollback.sh stops the service), it leaves no temporary file in the folder', async () => {
    const { d, env, argv } = exporter(5, () => {});
    // a process group of its own: systemctl stop sends SIGTERM to every process of the service's cgroup
    const child = spawn('sh', argv, {
      env,
      detached: true,
    });
    // the temporary file is made before ctl_mboxlist runs
    for (let i = 0; i < 50 && leftIn(join(d, 'var')).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(leftIn(join(d, 'var')).length).toBe(1);
    const done = new Promise((r) => child.on('exit', r));
    process.kill(-(child.pid as number), 'SIGTERM');
    await done;
    expect(leftIn(join(d, 'var'))).toEqual([]);
  });
});
