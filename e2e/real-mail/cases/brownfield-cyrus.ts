// Brownfield scenarios on the Cyrus side (issue 10): an existing store whose
// imapd.conf, cyrus.conf or tcp wrappers already serve something. Kept apart
// from brownfield.ts's Postfix rows so that both sides merge cleanly.
import { ADMIN_PASSWORD } from '../lib/base-config.ts';
import type { Container } from '../lib/containers/container.ts';
import type { Hosts } from '../lib/diagnostics.ts';
import { Imap } from '../lib/imap.ts';
import type { Net } from '../lib/network.ts';
import { assert } from '../lib/runner.ts';
import type { Case, Scenario } from '../lib/scenario.ts';
import { waitFor } from '../lib/sh.ts';
import { syslogLines } from '../lib/diagnostics.ts';
import { verify } from '../lib/bundle.ts';
import { deliver, rollbackRestores, verifyPasses } from './common.ts';
import { dryRunLists, refusesBeforeAnyChange } from './brownfield.ts';

const REMOTE = {
  topology: 'remote',
  mailHost: 'mx.test',
  tcp: { storeHost: 'store.test' },
  sasl: { password: 'S3cret-lmtp' },
};
const BOXES = ['user.alice', 'user.bob', 'user.tester'];
const sh = (on: Container, script: string) => on.exec('sh', ['-c', script]);

/** A store that already serves mail: the services whose program is missing are
 * commented out, as an admin would have done, so that cyrmaster runs. */
async function workingStore(cy: Container, imapdEdits: string): Promise<void> {
  await sh(
    cy,
    `for n in $(awk '/^[ \\t]*SERVICES/ { s = 1; next } s && /^}/ { s = 0 } s && match($0, /cmd="[^" ]+/) { p = substr($0, RSTART + 5, RLENGTH - 5); if (system("test -x /usr/lib/cyrus/bin/" p)) print $1 }' /etc/cyrus.conf); do
       sed -i "s/^\\([[:space:]]*$n[[:space:]]\\)/#\\1/" /etc/cyrus.conf; done
     ${imapdEdits}
     if [ -d /run/systemd/system ]; then systemctl restart cyrus-imapd; else /etc/init.d/cyrus-imapd restart; fi`,
  );
}

/** IMAP LOGIN as user works on the store (retried while Cyrus restarts). */
async function imapLogin(n: Net, user: string, password: string): Promise<void> {
  let last = '';
  await waitFor(
    `IMAP LOGIN ${user} on the store`,
    async () => {
      try {
        (await Imap.login({ host: n.cyrus.addr }, user, password)).close();
        return true;
      } catch (e) {
        last = (e as Error).message;
        return false;
      }
    },
    20_000,
    250,
  ).catch((e: Error) => {
    throw new Error(`${e.message}: ${last}`);
  });
}

const SASLAUTHD_USER = 'carol';
const SASLAUTHD_PASSWORD = 'Carol-unix-pw1';

/** saslauthd (-a shadow) checks Unix passwords; imapd.conf sends logins to it. */
async function saslauthdStore(h: Hosts, n: Net): Promise<void> {
  await sh(
    h.cyrus,
    `useradd -M -s /usr/sbin/nologin ${SASLAUTHD_USER} && printf '%s:%s\\n' ${SASLAUTHD_USER} '${SASLAUTHD_PASSWORD}' | chpasswd
     mkdir -p /run/saslauthd && saslauthd -a shadow -m /run/saslauthd -n 2`,
  );
  await workingStore(h.cyrus, `sed -i 's/^sasl_pwcheck_method:.*/sasl_pwcheck_method: saslauthd/' /etc/imapd.conf`);
  await imapLogin(n, SASLAUTHD_USER, SASLAUTHD_PASSWORD);
}

const imapdValue = async (cy: Container, key: string): Promise<string> =>
  (await cy.exec('sh', ['-c', `sed -n 's/^${key}:[[:space:]]*//p' /etc/imapd.conf`])).stdout.trim();

const saslauthdLoginStillWorks = (n: Net): Case => ({
  name: `the saslauthd user ${SASLAUTHD_USER} still logs in over IMAP, and imapd.conf sasl_pwcheck_method is "saslauthd auxprop"`,
  fn: async (c) => {
    await imapLogin(n, SASLAUTHD_USER, SASLAUTHD_PASSWORD);
    const v = await imapdValue(c.h.cyrus, 'sasl_pwcheck_method');
    assert(v === 'saslauthd auxprop', `sasl_pwcheck_method is "${v}"`);
  },
});

const VUSER = 'alice@example.com';
const VUSER_PASSWORD = 'Alice-vdom-pw1';
const VBOX = 'user.alice@example.com';

/** virtdomains: userid, with a domain user (sasldb) who has a mailbox and logs in as alice@example.com. */
async function virtdomainsStore(h: Hosts, n: Net): Promise<void> {
  await workingStore(h.cyrus, `printf 'virtdomains: userid\n' >>/etc/imapd.conf`);
  await h.cyrus.exec('saslpasswd2', ['-p', '-c', '-u', 'example.com', 'alice'], { input: VUSER_PASSWORD });
  await imapLogin(n, 'cyrus', ADMIN_PASSWORD);
  const admin = await Imap.login({ host: n.cyrus.addr }, 'cyrus', ADMIN_PASSWORD);
  try {
    await admin.createMailbox(VBOX);
  } finally {
    admin.close();
  }
  await imapLogin(n, VUSER, VUSER_PASSWORD);
}

const virtdomainsKept = (n: Net): Case => ({
  name: `${VUSER} still logs in over IMAP, and imapd.conf virtdomains is still "userid"`,
  fn: async (c) => {
    await imapLogin(n, VUSER, VUSER_PASSWORD);
    const v = await imapdValue(c.h.cyrus, 'virtdomains');
    assert(v === 'userid', `virtdomains is "${v}"`);
  },
});

/** A content filter's re-injection port: lmtpd on 127.0.0.1:2004 only, under the name "lmtp". */
async function reinjectionStore(h: Hosts): Promise<void> {
  await sh(
    h.cyrus,
    `sed -i 's|^SERVICES {$|&\\n  lmtp\t\tcmd="lmtpd" listen="127.0.0.1:2004" prefork=0 maxchild=20|' /etc/cyrus.conf`,
  );
  await workingStore(h.cyrus, ':');
  let got = '';
  await waitFor(
    'lmtpd on 127.0.0.1:2004 inside the store',
    async () => {
      const r = await h.cyrus.exec(
        'perl',
        ['-MIO::Socket::IP', '-e', 'my $s = IO::Socket::IP->new("127.0.0.1:2004") or exit 1; print scalar <$s>'],
        { allowFail: true },
      );
      got = r.stdout;
      return /^220 /.test(r.stdout);
    },
    20_000,
    250,
  ).catch((e: Error) => {
    throw new Error(`${e.message}: ${got}`);
  });
}

/** One LMTP exchange from inside the store: the greeting and the LHLO reply, or the error (connection refused). */
async function lhloInside(cy: Container, host: string, port: number): Promise<{ ok: boolean; out: string }> {
  const r = await cy.exec(
    'perl',
    [
      '-MIO::Socket::IP',
      '-e',
      'my $s = IO::Socket::IP->new(PeerHost => $ARGV[0], PeerPort => $ARGV[1], Timeout => 5) or do { print "connect: $@"; exit 1 }; my $g = <$s>; print $g; print $s "LHLO verify.invalid\r\n"; while (<$s>) { print; last if /^[0-9]{3} / }',
      host,
      String(port),
    ],
    { allowFail: true },
  );
  return { ok: r.code === 0, out: r.stdout };
}

/** The re-injection lmtpd on 127.0.0.1:2004 still greets and answers LHLO. */
const reinjectionStillAnswers: Case = {
  name: 'the re-injection service still answers LHLO on 127.0.0.1:2004, its cyrus.conf line unchanged',
  fn: async (c) => {
    const r = await lhloInside(c.h.cyrus, '127.0.0.1', 2004);
    assert(r.ok && /^220 /m.test(r.out) && /^250 /m.test(r.out), `LHLO on 127.0.0.1:2004:\n${r.out}`);
    const line = (await sh(c.h.cyrus, "grep -E '^[[:space:]]*lmtp[[:space:]]' /etc/cyrus.conf")).stdout.trim();
    assert(
      line === 'lmtp\t\tcmd="lmtpd" listen="127.0.0.1:2004" prefork=0 maxchild=20',
      `the lmtp line is now: ${line}`,
    );
  },
};

/** Our service's own name in cyrus.conf, imapd.conf, hosts.allow, hosts.deny, and in Cyrus's log of the delivery. */
const throughOwnService = (svc: string, allowed: string): Case => ({
  name: `mail arrived through the service "${svc}" (Cyrus logs ${svc}[pid] Delivered), ${svc}_admins and the hosts.allow/deny rules use that name`,
  fn: async (c) => {
    const delivered = syslogLines(c.h, new RegExp(`/${svc}\\[\\d+\\]: .*Delivered`));
    assert(
      delivered.length > 0,
      `no "${svc}[pid]: Delivered" line in the store's syslog:\n${syslogLines(c.h, /Delivered/).join('\n')}`,
    );
    const conf = (
      await sh(
        c.h.cyrus,
        `grep -E '^(${svc}|lmtp)_admins:' /etc/imapd.conf; grep -h -E '^(${svc}|lmtp):' /etc/hosts.allow /etc/hosts.deny`,
      )
    ).stdout;
    assert(
      conf === `${svc}_admins: postman\n${svc}: ${allowed}\n${svc}: ALL\n`,
      `imapd.conf and the wrapper files hold:\n${conf}`,
    );
  },
});

/** Our hosts.allow rule with a typo, then an "ALL: ALL" allow above everything: verify.sh fails each time, naming the rule. */
const verifyJudgesWrappers = (svc: string, allowed: string): Case => ({
  name: `tcpdmatch in cyrus-host/verify.sh: a typo in our hosts.allow rule, and an "ALL: ALL" allow put first, each fail naming the rule; it passes again once restored`,
  fn: async (c) => {
    const cy = c.h.cyrus;
    const typo = allowed.replace(/\d+$/, (d) => String(Number(d) + 1));
    const breaks: [string, RegExp][] = [
      [
        `sed -i 's/^${svc}: ${allowed}$/${svc}: ${typo}/' /etc/hosts.allow`,
        new RegExp(
          `FAIL {2}tcp wrappers: ${svc} from ${allowed.replace(/\./g, '\\.')} is denied, expected granted[^\n]*\n(?: {6}[^\n]*\n)* {6}/etc/hosts\\.deny line \\d+: ${svc}: ALL`,
        ),
      ],
      [
        `sed -i '1i ALL: ALL' /etc/hosts.allow`,
        new RegExp(
          `FAIL {2}tcp wrappers: ${svc} from 192\\.0\\.2\\.1 is granted, expected denied[^\n]*\n {6}/etc/hosts\\.allow line 1: ALL: ALL`,
        ),
      ],
    ];
    for (const [change, says] of breaks) {
      await sh(cy, `cp -p /etc/hosts.allow /run/lwz-hosts.allow && ${change}`);
      try {
        const v = await verify(c.bundle, 'cyrus-host', cy);
        assert(
          v.code !== 0 && says.test(v.out),
          `after "${change}" verify.sh exited ${v.code}, expected ${says}:\n${v.out}`,
        );
      } finally {
        await sh(cy, 'cat /run/lwz-hosts.allow >/etc/hosts.allow && rm /run/lwz-hosts.allow');
      }
    }
    const again = await verify(c.bundle, 'cyrus-host', cy);
    assert(
      again.code === 0 && /ok {4}tcp wrappers: /.test(again.out),
      `verify.sh after restoring hosts.allow exited ${again.code}:\n${again.out}`,
    );
  },
});

/** lmtpd listens on the listen address only: 127.0.0.1 on the store is refused. */
const loopbackRefused = (port: number): Case => ({
  name: `LHLO to 127.0.0.1:${port} inside the store: connection refused (lmtpd listens on the listen address only)`,
  fn: async (c) => {
    const r = await lhloInside(c.h.cyrus, '127.0.0.1', port);
    assert(!r.ok && /refused/i.test(r.out), `127.0.0.1:${port} on the store:\n${r.out}`);
  },
});

/** cyrus.conf holds our service with the listen address as written. */
const listensOn = (svc: string, listen: string): Case => ({
  name: `cyrus.conf: ${svc} listen="${listen}"`,
  fn: async (c) => {
    const r = await sh(c.h.cyrus, `grep -E '^[[:space:]]*${svc}[[:space:]]' /etc/cyrus.conf`);
    assert(r.stdout.includes(`listen="${listen}"`), `cyrus.conf: ${r.stdout}`);
  },
});

/** A catch-all put above our rule after apply: the store's verify.sh fails and names it, then passes again. */
const verifyCatchesShadowingRule: Case = {
  name: 'a catch-all moved above our hosts.allow rule: cyrus-host/verify.sh fails naming it; passes again once removed',
  fn: async (c) => {
    const cy = c.h.cyrus;
    await sh(cy, "cp /etc/hosts.allow /run/lwz-hosts.allow && sed -i '1i ALL: ALL: DENY' /etc/hosts.allow");
    try {
      const v = await verify(c.bundle, 'cyrus-host', cy);
      assert(
        v.code !== 0 &&
          /FAIL {2}\/etc\/hosts\.allow: a rule above "lmtp: [^"]+" decides first, so it never matches: ALL: ALL: DENY/.test(
            v.out,
          ),
        `verify.sh exited ${v.code}:\n${v.out}`,
      );
    } finally {
      await sh(cy, 'cat /run/lwz-hosts.allow >/etc/hosts.allow && rm /run/lwz-hosts.allow');
    }
    const again = await verify(c.bundle, 'cyrus-host', cy);
    assert(again.code === 0, `verify.sh after removing the rule exited ${again.code}:\n${again.out}`);
  },
};

export const brownfieldCyrus = (n: Net): { s: Scenario; cases: Case[] }[] => [
  {
    s: {
      name: 'brownfield-saslauthd',
      kind: 'remote',
      answers: REMOTE,
      existing: (h) => saslauthdStore(h, n),
      mailboxes: BOXES,
      lmtp: { host: n.cyrus.addr, port: 2003 },
    },
    // deliver: postfix logs in as postman over LMTP (auxprop, sasldb)
    cases: [
      dryRunLists('cyrus-host', /-sasl_pwcheck_method: saslauthd\n\+sasl_pwcheck_method: saslauthd auxprop/),
      saslauthdLoginStillWorks(n),
      deliver({ 'alice@mx.test': 'user.alice' }),
      verifyPasses,
      rollbackRestores,
    ],
  },
  {
    // virtdomains "keep" (the default): the store's userid stays, its domain mailbox gets the mail
    s: {
      name: 'brownfield-virtdomains-keep',
      kind: 'remote',
      answers: { ...REMOTE, delivery: { virtualDomains: ['example.com'] } },
      existing: (h) => virtdomainsStore(h, n),
      mailboxes: [],
      lmtp: { host: n.cyrus.addr, port: 2003 },
    },
    cases: [
      dryRunLists(
        'postfix-host',
        /would change main\.cf: virtual_mailbox_domains \(unset\)  ->  virtual_mailbox_domains = example\.com/,
      ),
      virtdomainsKept(n),
      deliver({ [VUSER]: VBOX }),
      verifyPasses,
      rollbackRestores,
    ],
  },
  {
    // an explicit virtdomains answer that differs from the store's is a conflict
    s: {
      name: 'brownfield-virtdomains-off',
      kind: 'remote',
      answers: { ...REMOTE, delivery: { virtualDomains: ['example.com'] }, cyrus: { virtdomains: 'off' } },
      existing: (h) => virtdomainsStore(h, n),
      applyAtSetup: false,
      mailboxes: [],
      lmtp: { host: n.cyrus.addr, port: 2003 },
    },
    cases: [
      refusesBeforeAnyChange('cyrus-host', /\/etc\/imapd\.conf: virtdomains is "userid", this bundle needs "off"/),
    ],
  },
  {
    // an lmtp service on 127.0.0.1:2004 is not replaced, nor widened to every address
    s: {
      name: 'brownfield-lmtp-reinjection',
      kind: 'remote',
      answers: REMOTE,
      existing: reinjectionStore,
      applyAtSetup: false,
      mailboxes: [],
      lmtp: { host: n.cyrus.addr, port: 2003 },
    },
    cases: [
      refusesBeforeAnyChange(
        'cyrus-host',
        /\/etc\/cyrus\.conf: service lmtp listen is "127\.0\.0\.1:2004", this bundle needs "lmtp"; to resolve: answer tcp\.serviceName/,
      ),
    ],
  },
  {
    // the resolution the conflict names: our service takes its own name and both run side by side
    s: {
      name: 'brownfield-lmtp-own-service',
      kind: 'remote',
      answers: { ...REMOTE, tcp: { storeHost: 'store.test', serviceName: 'lmtptcp', allowFrom: [n.postfix.addr] } },
      existing: reinjectionStore,
      mailboxes: BOXES,
      lmtp: { host: n.cyrus.addr, port: 2003 },
    },
    cases: [
      dryRunLists(
        'cyrus-host',
        /\+\tlmtptcp cmd="lmtpd" listen="lmtp"/,
        /\+lmtptcp_admins: postman/,
        /would add to \/etc\/hosts\.allow: lmtptcp: /,
      ),
      reinjectionStillAnswers,
      deliver({ 'alice@mx.test': 'user.alice' }),
      throughOwnService('lmtptcp', n.postfix.addr),
      verifyPasses,
      verifyJudgesWrappers('lmtptcp', n.postfix.addr),
      rollbackRestores,
    ],
  },
  {
    // an "lmtp" service on every address (an earlier bundle's) and our service renamed: both would take port 2003
    s: {
      name: 'brownfield-lmtp-renamed-over-earlier',
      kind: 'remote',
      answers: { ...REMOTE, tcp: { storeHost: 'store.test', serviceName: 'lmtptcp' } },
      existing: async (h) => {
        await sh(
          h.cyrus,
          `printf 'lmtp\t\t2003/tcp\n' >>/etc/services && sed -i 's|^SERVICES {$|&\\n  lmtp\t\tcmd="lmtpd" listen="lmtp" prefork=0 maxchild=100|' /etc/cyrus.conf`,
        );
        await workingStore(h.cyrus, ':');
      },
      applyAtSetup: false,
      mailboxes: [],
      lmtp: { host: n.cyrus.addr, port: 2003 },
    },
    cases: [
      refusesBeforeAnyChange(
        'cyrus-host',
        /\/etc\/cyrus\.conf: the port of service lmtptcp is "lmtp listen="lmtp"", this bundle needs "lmtptcp"; to resolve: .*answer tcp\.serviceName with its name/,
      ),
    ],
  },
  {
    // lmtpd on the store's lane address only, never on 127.0.0.1
    s: {
      name: 'brownfield-lmtp-listen-address',
      kind: 'remote',
      answers: { ...REMOTE, tcp: { storeHost: n.cyrus.addr, listenAddress: n.cyrus.addr } },
      mailboxes: BOXES,
      lmtp: { host: n.cyrus.addr, port: 2003 },
    },
    cases: [
      listensOn('lmtp', `${n.cyrus.addr}:lmtp`),
      deliver({ 'alice@mx.test': 'user.alice' }),
      loopbackRefused(2003),
      verifyPasses,
      rollbackRestores,
    ],
  },
  {
    // the same over IPv6: cyrmaster wants the address in brackets; tcpdmatch judges the IPv6 rule
    s: {
      name: 'brownfield-lmtp-listen-ipv6',
      kind: 'remote',
      answers: {
        ...REMOTE,
        tcp: { storeHost: n.cyrus.addr6, listenAddress: n.cyrus.addr6, allowFrom: [n.postfix.addr6] },
      },
      mailboxes: BOXES,
      lmtp: { host: n.cyrus.addr6, port: 2003 },
    },
    cases: [
      listensOn('lmtp', `[${n.cyrus.addr6}]:lmtp`),
      deliver({ 'alice@mx.test': 'user.alice' }),
      loopbackRefused(2003),
      verifyPasses,
      rollbackRestores,
    ],
  },
  {
    // an inline catch-all in hosts.allow would decide before our appended rule
    s: {
      name: 'brownfield-wrappers-catchall',
      kind: 'remote',
      answers: { ...REMOTE, tcp: { storeHost: 'store.test', allowFrom: [n.postfix.addr] } },
      existing: async (h) => {
        await sh(h.cyrus, `printf 'sshd: ALL\nALL: ALL: DENY\n' >>/etc/hosts.allow`);
      },
      applyAtSetup: false,
      mailboxes: [],
      lmtp: { host: n.cyrus.addr, port: 2003 },
    },
    cases: [
      refusesBeforeAnyChange(
        'cyrus-host',
        /\/etc\/hosts\.allow: the first rule for lmtp is "ALL: ALL: DENY", this bundle needs "lmtp: 10\.200\.\d+\.2"/,
      ),
    ],
  },
  {
    // the resolution apply.sh names: our rule moved above the catch-all (IMAP is
    // allowed explicitly, as such a store must); apply.sh then goes ahead
    s: {
      name: 'brownfield-wrappers-resolved',
      kind: 'remote',
      answers: { ...REMOTE, tcp: { storeHost: 'store.test', allowFrom: [n.postfix.addr] } },
      existing: async (h) => {
        await sh(
          h.cyrus,
          `printf 'sshd: ALL\nimap: ALL\nlmtp: ${n.postfix.addr}\nALL: ALL: DENY\n' >>/etc/hosts.allow`,
        );
      },
      mailboxes: BOXES,
      lmtp: { host: n.cyrus.addr, port: 2003 },
    },
    cases: [
      // our rule is already above the catch-all: hosts.allow stays, hosts.deny gets its line
      // (step numbers vary: TLS on the hop adds the key-pair step)
      dryRunLists(
        'cyrus-host',
        /step \d+\/\d+: Configure \/etc\/hosts\.allow\nlmtp-wizard: step \d+\/\d+: Configure \/etc\/hosts\.deny\nlmtp-wizard: would add to \/etc\/hosts\.deny: lmtp: ALL/,
      ),
      deliver({ 'alice@mx.test': 'user.alice' }),
      verifyPasses,
      verifyCatchesShadowingRule,
      rollbackRestores,
    ],
  },
];
