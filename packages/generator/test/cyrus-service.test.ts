// The store's TCP service (issue 10): its cyrus.conf name, which also names
// <service>_admins and the tcp-wrapper rules; its listen address; and the
// tcpdmatch checks verify.sh makes from the allowed addresses' point of view.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAnswers } from '@lmtp-wizard/schema';
import { generate } from '../src/index.ts';
import { outsideAddress, probeAddress, wrapperClient } from '../src/files/tcp-wrappers.ts';
import { COMMON_LIB } from '../src/scripts/common-lib.ts';
import { VERIFY_LIB } from '../src/scripts/verify-lib.ts';

const store = (tcp: object) => {
  const r = parseAnswers({
    topology: 'remote',
    mailHost: 'mx.test',
    tcp: { storeHost: 'store.test', ...tcp },
    sasl: { password: 'pw-secret' },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const out = generate(r.answers);
  const files = out.hosts.find((h) => h.id === 'cyrus-host')!.files;
  const file = (p: string) => files.find((f) => f.path === p)?.content ?? '';
  const body = (p: string) =>
    file(p)
      .split('\n')
      .filter((l) => l !== '' && !/^\s*#/.test(l))
      .join('\n');
  return { out, file, body };
};

describe('tcp.serviceName keeps cyrus.conf, <name>_admins and the tcp wrappers in step', () => {
  it('default "lmtp": the lines of earlier bundles', () => {
    const s = store({ allowFrom: ['10.0.0.2'] });
    expect(s.body('files/etc/cyrus.conf.fragment')).toContain(
      '\tlmtp cmd="lmtpd" listen="lmtp" prefork=0 maxchild=100',
    );
    expect(s.body('files/etc/imapd.conf.fragment')).toContain('lmtp_admins: postman');
    expect(s.body('files/etc/hosts.allow.fragment')).toBe('lmtp: 10.0.0.2');
    expect(s.body('files/etc/hosts.deny.fragment')).toBe('lmtp: ALL');
  });

  it('"lmtptcp": every place that names the service says lmtptcp, and none says lmtp alone', () => {
    const s = store({ serviceName: 'lmtptcp', allowFrom: ['10.0.0.2'] });
    expect(s.body('files/etc/cyrus.conf.fragment')).toBe(
      'SERVICES {\n\tlmtptcp cmd="lmtpd" listen="lmtp" prefork=0 maxchild=100\n}',
    );
    expect(s.body('files/etc/imapd.conf.fragment')).toMatch(/^lmtptcp_admins: postman$/m);
    expect(s.body('files/etc/imapd.conf.fragment')).not.toMatch(/^lmtp_admins/m);
    expect(s.body('files/etc/hosts.allow.fragment')).toBe('lmtptcp: 10.0.0.2');
    expect(s.body('files/etc/hosts.deny.fragment')).toBe('lmtptcp: ALL');
    const apply = s.file('apply.sh');
    expect(apply).toContain(`set_service lmtptcp 'lmtptcp cmd="lmtpd" listen="lmtp" prefork=0 maxchild=100'`);
    expect(apply).toContain('add_imapd_list lmtptcp_admins postman');
    expect(apply).toContain("check_wrapper_first /etc/hosts.allow 'lmtptcp: 10.0.0.2' lmtptcp");
    const verify = s.file('verify.sh');
    expect(verify).toContain('check_imapd_list lmtptcp_admins postman');
    expect(verify).toContain(
      'check_wrapper_access lmtptcp 10.0.0.2 granted\ncheck_wrapper_access lmtptcp 192.0.2.1 denied',
    );
    // /etc/services keeps the port's name: listen="lmtp" is a port, not a service
    expect(apply).toMatch(/^ensure_lmtp_service 2003$/m);
  });
});

describe('tcp.listenAddress', () => {
  it('writes listen="ADDR:lmtp", an IPv6 address in brackets; verify.sh probes that address', () => {
    const v4 = store({ storeHost: '192.0.2.10', listenAddress: '192.0.2.10' });
    expect(v4.body('files/etc/cyrus.conf.fragment')).toContain('listen="192.0.2.10:lmtp"');
    expect(v4.file('verify.sh')).toMatch(/^if out=\$\(lhlo inet 192\.0\.2\.10 2003 2>&1\)/m);
    const v6 = store({ storeHost: '2001:db8::10', listenAddress: '2001:db8::10' });
    expect(v6.body('files/etc/cyrus.conf.fragment')).toContain('listen="[2001:db8::10]:lmtp"');
    expect(v6.file('apply.sh')).toContain(`'lmtp cmd="lmtpd" listen="[2001:db8::10]:lmtp" prefork=0 maxchild=100'`);
  });

  it('warns, with its path, only when LMTP is open on every address to every host', () => {
    const paths = (tcp: object) =>
      store(tcp)
        .out.warnings.filter((w) => w.path === 'tcp.listenAddress')
        .map((w) => w.message);
    expect(paths({})).toEqual([expect.stringMatching(/^LMTP open to every host that can reach the store/)]);
    expect(paths({ allowFrom: ['10.0.0.2'] })).toEqual([]);
    expect(paths({ storeHost: '192.0.2.10', listenAddress: '192.0.2.10' })).toEqual([]);
    // Postfix dials one address, lmtpd listens on another
    expect(paths({ storeHost: '192.0.2.10', listenAddress: '192.0.2.11', allowFrom: ['10.0.0.2'] })).toEqual([
      expect.stringContaining('Postfix connects to 192.0.2.10, but lmtpd would listen only on 192.0.2.11'),
    ]);
  });
});

describe('a transport name with hyphens (master.cf allows them)', () => {
  it('names the master.cf service, its _destination_ limits and its files', () => {
    const r = parseAnswers({ topology: 'single-host', mailHost: 'mx.test', delivery: { transportName: 'cyrus-lmtp' } });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const files = generate(r.answers).hosts[0]!.files;
    const file = (p: string) => files.find((f) => f.path === p)?.content ?? '';
    expect(file('files/etc/postfix/master.cf.fragment')).toMatch(/^cyrus-lmtp unix /m);
    expect(file('files/etc/postfix/main.cf.fragment')).toMatch(/^cyrus-lmtp_destination_concurrency_limit = /m);
    expect(file('files/etc/postfix/main.cf.fragment')).toMatch(/^mailbox_transport = cyrus-lmtp:unix:/m);
  });
});

describe('the addresses tcpdmatch is asked about', () => {
  it('an address as is, a network by its first host address, host bits cleared in the rule', () => {
    expect(
      ['10.200.0.2', '10.0.0.0/24', '10.0.0.5/24', '10.1.2.3/32', '10.1.2.2/31', '0.0.0.0/0', 'fd00::2'].map(
        probeAddress,
      ),
    ).toEqual(['10.200.0.2', '10.0.0.1', '10.0.0.1', '10.1.2.3', '10.1.2.2', '0.0.0.1', 'fd00::2']);
    // tcpd compares (client & mask) with the net as written: 10.0.0.5/255.255.255.0 would match nobody
    expect(wrapperClient('10.0.0.5/24')).toBe('10.0.0.0/255.255.255.0');
    expect(wrapperClient('172.16.0.0/12')).toBe('172.16.0.0/255.240.0.0');
  });

  it('an IPv6 network as [net]/bits (hosts_access(5)), host bits cleared, probed at its first host address', () => {
    expect(wrapperClient('2001:db8:1:2::5/64')).toBe('[2001:db8:1:2::]/64');
    expect(wrapperClient('2001:db8::/32')).toBe('[2001:db8::]/32');
    expect(wrapperClient('fd00:0:0:1:0:0:0:7/48')).toBe('[fd00::]/48');
    expect(wrapperClient('fd00::7/128')).toBe('[fd00::7]/128');
    expect(wrapperClient('::/0')).toBe('[::]/0');
    expect(wrapperClient('fd00::2')).toBe('[fd00::2]');
    expect(['2001:db8::/32', '2001:db8:1:2::5/64', 'fd00::7/128', 'fd00::6/127', '::/0'].map(probeAddress)).toEqual([
      '2001:db8::1',
      '2001:db8:1:2::1',
      'fd00::7',
      'fd00::6',
      '::1',
    ]);
    const s = store({ allowFrom: ['10.0.0.0/24', '2001:db8::/32'] });
    expect(s.file('files/etc/hosts.allow.fragment')).toContain('lmtp: 10.0.0.0/255.255.255.0,[2001:db8::]/32');
    expect(s.file('verify.sh')).toContain('check_wrapper_access lmtp 2001:db8::1 granted');
  });

  it('the address outside the list is a documentation address the list does not cover', () => {
    expect(outsideAddress(['10.0.0.2'])).toBe('192.0.2.1');
    expect(outsideAddress(['192.0.2.0/24'])).toBe('198.51.100.1');
    expect(outsideAddress(['192.0.0.0/3'])).toBeUndefined();
    expect(store({ allowFrom: ['0.0.0.0/0'] }).file('verify.sh')).toMatch(
      /^note 'tcp wrappers: allowFrom covers every documentation address/m,
    );
  });
});

describe('check_wrapper_access (verify.sh)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lwz-tcpd-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  // tcpdmatch itself is not installed here; this stand-in prints what tcpd
  // 7.6.q-32 (Debian 12) and 7.6.q-36 (Debian 13) print, and the real one
  // runs in e2e/real-mail (brownfield-lmtp-own-service).
  const run = (access: string, body: string) => {
    writeFileSync(
      join(dir, 'tcpdmatch'),
      `#!/bin/sh\nprintf 'client:   address  %s\\nserver:   process  %s\\naccess:   ${access}\\n' "$2" "$1"\n`,
    );
    chmodSync(join(dir, 'tcpdmatch'), 0o755);
    return spawnSync('sh', ['-c', `PATH=${dir}:$PATH\n${COMMON_LIB}\n${VERIFY_LIB}\n${body}\necho "FAILED=$FAILED"`], {
      encoding: 'utf8',
    }).stdout;
  };

  it('passes when tcpdmatch agrees, fails naming the address and the rules for our service otherwise', () => {
    expect(run('granted', 'check_wrapper_access lmtptcp 10.0.0.2 granted')).toBe(
      'ok    tcp wrappers: lmtptcp from 10.0.0.2 is granted (tcpdmatch)\nFAILED=0\n',
    );
    const out = run('granted', 'check_wrapper_access lmtptcp 192.0.2.1 denied');
    expect(out).toMatch(/^FAIL {2}tcp wrappers: lmtptcp from 192\.0\.2\.1 is granted, expected denied/m);
    expect(out).toMatch(/FAILED=1\n$/);
  });

  it('fails when tcpdmatch is missing', () => {
    const out = spawnSync(
      'sh',
      [
        '-c',
        `PATH=${dir}\n${COMMON_LIB}\n${VERIFY_LIB}\ncheck_wrapper_access lmtp 10.0.0.2 granted\necho "FAILED=$FAILED"`,
      ],
      { encoding: 'utf8' },
    ).stdout;
    expect(out).toBe(
      'FAIL  tcpdmatch is missing (apt-get install tcpd), so the tcp wrappers for 10.0.0.2 cannot be judged\nFAILED=1\n',
    );
  });
});
