// The store's preflight checks for cyrus.conf and hosts.allow (issue 10),
// run as the real shell functions under sh on scratch files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAnswers } from '@lmtp-wizard/schema';
import { generate } from '../src/index.ts';
import { COMMON_LIB } from '../src/scripts/common-lib.ts';
import { APPLY_LIB } from '../src/scripts/shell-lib.ts';
import { POLICIES_LIB } from '../src/shell/embedded.ts';

const storeApply = (a: object) => {
  const r = parseAnswers({
    topology: 'remote',
    mailHost: 'mx.test',
    tcp: { storeHost: 'store.test' },
    sasl: { password: 'pw-secret' },
    ...a,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return generate(r.answers)
    .hosts.find((h) => h.id === 'cyrus-host')!
    .files.find((f) => f.path === 'apply.sh')!.content;
};
const preflight = (sh: string) =>
  sh.slice(sh.indexOf('# Checks before any change'), sh.indexOf('report_conflicts\nstart_backup'));

describe('store preflight in apply.sh', () => {
  it("checks the lmtp service's listen, and the tcp-wrapper order only when there are rules", () => {
    expect(preflight(storeApply({}))).toMatch(/^check_service_listen lmtp lmtp '[^'\n]*tcp\.serviceName[^'\n]*'$/m);
    expect(
      preflight(storeApply({ tcp: { storeHost: 'store.test', serviceName: 'lmtptcp', listenAddress: 'fd00::1' } })),
    ).toMatch(/^check_service_listen lmtptcp '\[fd00::1\]:lmtp' '/m);
    expect(preflight(storeApply({}))).not.toContain('check_wrapper_first');
    expect(preflight(storeApply({ tcp: { storeHost: 'store.test', allowFrom: ['10.0.0.2'] } }))).toContain(
      "check_wrapper_first /etc/hosts.allow 'lmtp: 10.0.0.2' lmtp\n",
    );
  });
});

describe('the preflight shell functions', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lwz-pre-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const conflicts = (file: string, text: string, body: string): string => {
    writeFileSync(join(dir, file), text);
    const script = `CYRUS_CONF=${dir}/cyrus.conf CONFLICTS=${dir}/conflicts\n: >${dir}/conflicts\n${COMMON_LIB}\n${APPLY_LIB}\n${POLICIES_LIB}\n${body}`;
    const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return readFileSync(join(dir, 'conflicts'), 'utf8');
  };
  const conf = (svc: string) => `START {\n}\nSERVICES {\n  imap cmd="imapd" listen="imap"\n  ${svc}\n}\n`;

  // the preflight line exactly as the bundle writes it
  const listenCheck = (a: object = {}): string =>
    preflight(storeApply(a))
      .split('\n')
      .find((l) => l.startsWith('check_service_listen ')) ?? '';

  it('an lmtp service on another listen (127.0.0.1:2004) is a conflict that names tcp.serviceName; the same listen, none, or a commented one are not', () => {
    expect(conflicts('cyrus.conf', conf('lmtp cmd="lmtpd" listen="127.0.0.1:2004" prefork=0'), listenCheck())).toMatch(
      /cyrus\.conf: service lmtp listen is "127\.0\.0\.1:2004", this bundle needs "lmtp"; to resolve: answer tcp\.serviceName in the wizard with a name of our own/,
    );
    // our own name: the admin's lmtp service is none of our business
    const own = { tcp: { storeHost: 'store.test', serviceName: 'lmtptcp' } };
    expect(conflicts('cyrus.conf', conf('lmtp cmd="lmtpd" listen="127.0.0.1:2004" prefork=0'), listenCheck(own))).toBe(
      '',
    );
    expect(conflicts('cyrus.conf', conf('lmtptcp cmd="lmtpd" listen="127.0.0.1:2004"'), listenCheck(own))).toMatch(
      /service lmtptcp listen is "127\.0\.0\.1:2004"/,
    );
    // a listen address is never widened, nor moved
    const bound = { tcp: { storeHost: '10.0.0.1', listenAddress: '10.0.0.1' } };
    expect(conflicts('cyrus.conf', conf('lmtp cmd="lmtpd" listen="lmtp"'), listenCheck(bound))).toMatch(
      /service lmtp listen is "lmtp", this bundle needs "10\.0\.0\.1:lmtp"/,
    );
    expect(conflicts('cyrus.conf', conf('lmtp cmd="lmtpd" listen="10.0.0.1:lmtp"'), listenCheck(bound))).toBe('');
    expect(
      conflicts('cyrus.conf', conf('lmtp cmd="lmtpd" listen="lmtp" maxchild=5'), 'check_service_listen lmtp lmtp'),
    ).toBe('');
    expect(
      conflicts('cyrus.conf', conf('#lmtp cmd="lmtpd" listen="localhost:lmtp"'), 'check_service_listen lmtp lmtp'),
    ).toBe('');
    expect(
      conflicts('cyrus.conf', conf('lmtpunix cmd="lmtpd" listen="/run/x"'), 'check_service_listen lmtp lmtp'),
    ).toBe('');
  });

  it('another service on our port (by name or number, on any address) is a conflict; one on another port, or our own name, is not', () => {
    const own = { tcp: { storeHost: 'store.test', serviceName: 'lmtptcp' } };
    const portCheck = (a: object) =>
      preflight(storeApply(a))
        .split('\n')
        .find((l) => l.startsWith('check_port_free ')) ?? '';
    expect(portCheck(own)).toBe('check_port_free lmtptcp lmtp 2003');
    expect(conflicts('cyrus.conf', conf('lmtp cmd="lmtpd" listen="lmtp" prefork=0'), portCheck(own))).toMatch(
      /cyrus\.conf: the port of service lmtptcp is "lmtp listen="lmtp"", this bundle needs "lmtptcp"; to resolve: .*answer tcp\.serviceName with its name/,
    );
    expect(conflicts('cyrus.conf', conf('old cmd="lmtpd" listen="0.0.0.0:2003"'), portCheck(own))).toMatch(
      /the port of service lmtptcp is "old listen="0\.0\.0\.0:2003""/,
    );
    expect(conflicts('cyrus.conf', conf('lmtp cmd="lmtpd" listen="127.0.0.1:2004" prefork=0'), portCheck(own))).toBe(
      '',
    );
    expect(conflicts('cyrus.conf', conf('#lmtp cmd="lmtpd" listen="lmtp"'), portCheck(own))).toBe('');
    expect(conflicts('cyrus.conf', conf('lmtp cmd="lmtpd" listen="lmtp"'), portCheck({}))).toBe('');
  });

  it('a catch-all rule above ours in hosts.allow is a conflict; one below ours, for other daemons, or with EXCEPT lmtp is not', () => {
    const check = (text: string) =>
      conflicts('hosts.allow', text, `check_wrapper_first ${dir}/hosts.allow 'lmtp: 10.0.0.2' lmtp`);
    expect(check('sshd: ALL\nALL: ALL: DENY\n')).toBe(
      `  ${dir}/hosts.allow: the first rule for lmtp is "ALL: ALL: DENY", this bundle needs "lmtp: 10.0.0.2"; to resolve: move "lmtp: 10.0.0.2" above that rule by hand (apply.sh appends and never reorders your rules), then run apply.sh again\n`,
    );
    expect(check('lmtp, imap : ALL\n')).toContain('"lmtp, imap : ALL"');
    expect(check('lmtp: 10.0.0.2\nALL: ALL: DENY\n')).toBe('');
    expect(check('sshd: ALL\n# ALL: ALL\n')).toBe('');
    expect(check('ALL EXCEPT lmtp: ALL: DENY\n')).toBe('');
    expect(check('ALL: 192.168.0.0/255.255.0.0\n')).toBe('');
  });
});
