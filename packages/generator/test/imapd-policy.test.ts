// imapd.conf policies (issue 10): every key says how it meets an existing
// value, and apply.sh's shell functions honour it. The shell tests run the
// real library functions under sh on a scratch imapd.conf.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAnswers } from '@lmtp-wizard/schema';
import { generate } from '../src/index.ts';
import { imapdConf } from '../src/files/imapd-conf.ts';
import { createContext } from '../src/context.ts';
import { COMMON_LIB } from '../src/scripts/common-lib.ts';
import { APPLY_LIB } from '../src/scripts/shell-lib.ts';
import { POLICIES_LIB } from '../src/shell/embedded.ts';

function answers(a: object) {
  const r = parseAnswers(a);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.answers;
}
const REMOTE = {
  topology: 'remote',
  mailHost: 'mx.test',
  tcp: { storeHost: 'store.test' },
  sasl: { password: 'secret-pw' },
};
const settingsOf = (a: object) => {
  const body = imapdConf.body(createContext(answers(a)));
  if (body.kind !== 'imapd-conf') throw new Error('not imapd-conf');
  return Object.fromEntries(body.settings.map((s) => [s.key, s]));
};
const applyOf = (a: object) =>
  generate(answers(a))
    .hosts.find((h) => h.id !== 'postfix-host')!
    .files.find((f) => f.path === 'apply.sh')!.content;

describe('imapd.conf policies', () => {
  it("keeps the admin's lists: lmtp_admins, sasl_pwcheck_method and sasl_auxprop_plugin are merged", () => {
    const s = settingsOf(REMOTE);
    expect(Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.policy]))).toEqual({
      lmtp_admins: 'merged',
      sasl_pwcheck_method: 'merged',
      sasl_auxprop_plugin: 'merged',
      lmtp_downcase_rcpt: 'owned',
      master_pid_file: 'owned',
      // TLS on the hop: our service's own keys; another value there is someone else's setup
      lmtp_tls_server_cert: 'exclusive',
      lmtp_tls_server_key: 'exclusive',
      lmtp_allowstarttls: 'exclusive',
      lmtp_allowplaintext: 'exclusive',
      lmtp_tls_client_certs: 'exclusive',
      lmtp_tls_versions: 'exclusive',
    });
  });

  it('virtdomains "keep" (the default) writes and checks nothing; an explicit answer is exclusive', () => {
    expect(settingsOf(REMOTE).virtdomains).toBeUndefined();
    expect(applyOf(REMOTE)).not.toMatch(/virtdomains/);
    expect(settingsOf({ ...REMOTE, cyrus: { virtdomains: 'off' } }).virtdomains?.policy).toBe('exclusive');
    expect(applyOf({ ...REMOTE, cyrus: { virtdomains: 'off' } })).toContain('check_imapd_exclusive virtdomains off ');
  });

  it('checks every exclusive key before the first change, and merges lists with add_imapd_list', () => {
    const sh = applyOf({ ...REMOTE, cyrus: { virtdomains: 'userid' }, delivery: { virtualDomains: ['example.org'] } });
    const pre = sh.indexOf('check_imapd_exclusive virtdomains userid ');
    expect(pre).toBeGreaterThan(0);
    expect(sh.indexOf('check_imapd_exclusive defaultdomain mx.test ')).toBeGreaterThan(0);
    expect(pre).toBeLessThan(sh.indexOf('\nreport_conflicts\n'));
    expect(sh.indexOf('\nreport_conflicts\n')).toBeLessThan(sh.indexOf('\nstart_backup\n'));
    expect(sh).toContain('add_imapd_list sasl_pwcheck_method auxprop');
    expect(sh).not.toMatch(/set_imapd sasl_pwcheck_method/);
  });
});

describe('the imapd.conf shell functions', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lwz-imapd-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (conf: string, body: string) => {
    writeFileSync(join(dir, 'imapd.conf'), conf);
    const script = `IMAPD_CONF=${dir}/imapd.conf BACKUP=${dir} CONFLICTS=${dir}/conflicts DRY_RUN=0 CHANGED=\n: >${dir}/touched; : >${dir}/conflicts\n${COMMON_LIB}\n${APPLY_LIB}\n${POLICIES_LIB}\n${body}`;
    const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
    return {
      code: r.status,
      out: r.stdout + r.stderr,
      conf: readFileSync(join(dir, 'imapd.conf'), 'utf8'),
      conflicts: readFileSync(join(dir, 'conflicts'), 'utf8'),
    };
  };

  it('sasl_pwcheck_method: saslauthd becomes "saslauthd auxprop", never replaced; auxprop alone stays as it is', () => {
    expect(
      run('admins: cyrus\nsasl_pwcheck_method: saslauthd\n', 'add_imapd_list sasl_pwcheck_method auxprop').conf,
    ).toBe('admins: cyrus\nsasl_pwcheck_method: saslauthd auxprop\n');
    expect(run('sasl_pwcheck_method: auxprop\n', 'add_imapd_list sasl_pwcheck_method auxprop').conf).toBe(
      'sasl_pwcheck_method: auxprop\n',
    );
    expect(run('admins: cyrus\n', 'add_imapd_list sasl_pwcheck_method auxprop').conf).toBe(
      'admins: cyrus\nsasl_pwcheck_method: auxprop\n',
    );
  });

  it('an exclusive key set to another value is a conflict naming file, key, both values and the way out; unset or equal is none', () => {
    const r = run('virtdomains: userid\n', 'check_imapd_exclusive virtdomains off "answer it"');
    expect(r.conflicts).toBe(
      `  ${dir}/imapd.conf: virtdomains is "userid", this bundle needs "off"; to resolve: answer it, or run apply.sh --replace virtdomains\n`,
    );
    expect(r.conf).toBe('virtdomains: userid\n');
    expect(run('virtdomains: off\n', 'check_imapd_exclusive virtdomains off x').conflicts).toBe('');
    expect(run('admins: cyrus\n', 'check_imapd_exclusive virtdomains off x').conflicts).toBe('');
  });
});
