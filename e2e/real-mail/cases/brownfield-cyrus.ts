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
import { verify } from '../lib/bundle.ts';
import { deliver, rollbackRestores, verifyPasses } from './common.ts';
import { refusesBeforeAnyChange } from './brownfield.ts';

const REMOTE = { topology: 'remote', mailHost: 'mx.test', tcp: { storeHost: 'store.test' }, sasl: { password: 'S3cret-lmtp' } };
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
  await sh(h.cyrus, `sed -i 's|^SERVICES {$|&\\n  lmtp\t\tcmd="lmtpd" listen="127.0.0.1:2004" prefork=0 maxchild=20|' /etc/cyrus.conf`);
  await workingStore(h.cyrus, ':');
  let got = '';
  await waitFor(
    'lmtpd on 127.0.0.1:2004 inside the store',
    async () => {
      const r = await h.cyrus.exec('perl', ['-MIO::Socket::IP', '-e', 'my $s = IO::Socket::IP->new("127.0.0.1:2004") or exit 1; print scalar <$s>'], { allowFail: true });
      got = r.stdout;
      return /^220 /.test(r.stdout);
    },
    20_000,
    250,
  ).catch((e: Error) => {
    throw new Error(`${e.message}: ${got}`);
  });
}

/** A catch-all put above our rule after apply: the store's verify.sh fails and names it, then passes again. */
const verifyCatchesShadowingRule: Case = {
  name: 'a catch-all moved above our hosts.allow rule: cyrus-host/verify.sh fails naming it; passes again once removed',
  fn: async (c) => {
    const cy = c.h.cyrus;
    await sh(cy, "cp /etc/hosts.allow /run/lwz-hosts.allow && sed -i '1i ALL: ALL: DENY' /etc/hosts.allow");
    try {
      const v = await verify(c.bundle, 'cyrus-host', cy);
      assert(v.code !== 0 && /FAIL {2}\/etc\/hosts\.allow: a rule above "lmtp: [^"]+" decides first, so it never matches: ALL: ALL: DENY/.test(v.out), `verify.sh exited ${v.code}:\n${v.out}`);
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
    cases: [saslauthdLoginStillWorks(n), deliver({ 'alice@mx.test': 'user.alice' }), verifyPasses, rollbackRestores],
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
    cases: [virtdomainsKept(n), deliver({ [VUSER]: VBOX }), verifyPasses, rollbackRestores],
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
    cases: [refusesBeforeAnyChange('cyrus-host', /\/etc\/imapd\.conf: virtdomains is "userid", this bundle needs "off"/)],
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
    cases: [refusesBeforeAnyChange('cyrus-host', /\/etc\/cyrus\.conf: service lmtp listen is "127\.0\.0\.1:2004", this bundle needs "lmtp"/)],
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
    cases: [refusesBeforeAnyChange('cyrus-host', /\/etc\/hosts\.allow: the first rule for lmtp is "ALL: ALL: DENY", this bundle needs "lmtp: 10\.200\.\d+\.2"/)],
  },
  {
    // the resolution apply.sh names: our rule moved above the catch-all (IMAP is
    // allowed explicitly, as such a store must); apply.sh then goes ahead
    s: {
      name: 'brownfield-wrappers-resolved',
      kind: 'remote',
      answers: { ...REMOTE, tcp: { storeHost: 'store.test', allowFrom: [n.postfix.addr] } },
      existing: async (h) => {
        await sh(h.cyrus, `printf 'sshd: ALL\nimap: ALL\nlmtp: ${n.postfix.addr}\nALL: ALL: DENY\n' >>/etc/hosts.allow`);
      },
      mailboxes: BOXES,
      lmtp: { host: n.cyrus.addr, port: 2003 },
    },
    cases: [deliver({ 'alice@mx.test': 'user.alice' }), verifyPasses, verifyCatchesShadowingRule, rollbackRestores],
  },
];
