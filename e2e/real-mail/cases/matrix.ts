// The matrix: every scenario posts its answers to the API, applies the bundle
// with apply.sh only, and must deliver. Each ends with the second apply.sh
// and the rollback.sh that apply wrote.
import { verify } from '../lib/bundle.ts';
import { postfixLog } from '../lib/diagnostics.ts';
import { LineClient } from '../lib/line-client.ts';
import type { Net } from '../lib/network.ts';
import { assert } from '../lib/runner.ts';
import type { Case, Scenario } from '../lib/scenario.ts';
import { deliver, rollbackRestores, secondApplyIsNoop, unknownMailboxBounces, verifyPasses } from './common.ts';
import { unauthenticatedRefused } from './faults.ts';
import { refusedAtRcpt } from './recipients.ts';

/** Every character the issue names, plus a backslash, a backtick and a command substitution. */
export const HOSTILE_PASSWORD = 'p:a$s"w\'!#\\`$(id)x';

const BOXES = ['user.alice', 'user.bob', 'user.tester'];

const refusedByTcpWrappers = (port: number, host: string): Case => ({
  name: `tcp wrappers: client.test (not in allowFrom) gets no LMTP greeting on ${host.includes(':') ? `[${host}]` : host}:${port}`,
  fn: async () => {
    const c = await LineClient.open({ host, port });
    try {
      const greeting = await c.reply();
      assert(greeting.code !== 220, `client.test was greeted: ${greeting.text}`);
    } finally {
      c.close();
    }
  },
});

/** Postfix logged the delivery to the store at this relay (e.g. over IPv6). */
const relayedVia = (relay: string): Case => ({
  name: `Postfix logs status=sent with relay=${relay}`,
  fn: async (c) => {
    const lines = postfixLog(c.h, /status=sent/);
    assert(
      lines.some((l) => l.includes(`relay=${relay}`)),
      `no status=sent line with relay=${relay}:\n${lines.join('\n')}`,
    );
  },
});

/** Test setup: an IPv4-only Postfix (inet_protocols = ipv4, a dpkg-reconfigure
 * choice). With it, Postfix bounces mail for an IPv6 store (5.3.0, "Address
 * family for hostname not supported"), so the bundle's verify.sh must fail. */
const ipv4OnlyPostfixFailsVerify: Case = {
  name: 'inet_protocols = ipv4 on the Postfix host: postfix-host/verify.sh fails and names it',
  fn: async (c) => {
    const mx = c.h.postfix;
    await mx.exec('postconf', ['-e', 'inet_protocols = ipv4']);
    try {
      const v = await verify(c.bundle, 'postfix-host', mx);
      assert(
        v.code !== 0 && /FAIL {2}main\.cf inet_protocols has no ipv6/.test(v.out),
        `verify.sh exited ${v.code}:\n${v.out}`,
      );
    } finally {
      await mx.exec('postconf', ['-e', 'inet_protocols = all']);
      // as an admin would after editing main.cf: verify.sh fails while Postfix runs an older main.cf (issue 21)
      await mx.exec('postfix', ['reload']);
    }
    const again = await verify(c.bundle, 'postfix-host', mx);
    assert(again.code === 0, `verify.sh after restoring inet_protocols = all exited ${again.code}:\n${again.out}`);
  },
};

/** The scenarios of one lane; addresses come from the lane's network. */
export const matrix = (n: Net): { s: Scenario; cases: Case[] }[] => [
  {
    s: {
      name: 'single-defaults',
      kind: 'single-host',
      answers: { topology: 'single-host', mailHost: 'mx.test' },
      mailboxes: BOXES,
      lmtp: { path: '/run/cyrus/socket/lmtp' },
    },
    cases: [
      deliver({ 'alice@mx.test': 'user.alice', 'bob@mx.test': 'user.bob' }),
      verifyPasses,
      refusedAtRcpt('nobody@mx.test'),
      secondApplyIsNoop,
      rollbackRestores,
    ],
  },
  {
    s: {
      name: 'single-vdomains-socket',
      kind: 'single-host',
      answers: {
        topology: 'single-host',
        mailHost: 'mx.test',
        delivery: { virtualDomains: ['example.org'], transportMapDomains: ['lists.example.org'] },
        unixSocket: { path: '/run/cyrus/lmtp/lmtp' },
        cyrus: { virtdomains: 'userid' },
      },
      mailboxes: ['user.alice', 'user.bob@example.org', 'user.news@lists.example.org', 'user.tester'],
      lmtp: { path: '/run/cyrus/lmtp/lmtp' },
    },
    cases: [
      deliver({
        'alice@mx.test': 'user.alice',
        'bob@example.org': 'user.bob@example.org',
        'news@lists.example.org': 'user.news@lists.example.org',
      }),
      verifyPasses,
      secondApplyIsNoop,
      rollbackRestores,
    ],
  },
  {
    s: {
      name: 'remote-defaults',
      kind: 'remote',
      answers: {
        topology: 'remote',
        mailHost: 'mx.test',
        tcp: { storeHost: 'store.test' },
        sasl: { password: 'S3cret-lmtp' },
      },
      mailboxes: BOXES,
      lmtp: { host: n.cyrus.addr, port: 2003 },
    },
    cases: [
      deliver({ 'alice@mx.test': 'user.alice', 'bob@mx.test': 'user.bob' }),
      verifyPasses,
      unauthenticatedRefused(2003),
      refusedAtRcpt('nobody@mx.test'),
      secondApplyIsNoop,
      rollbackRestores,
    ],
  },
  {
    s: {
      name: 'remote-custom',
      kind: 'remote',
      answers: {
        topology: 'remote',
        mailHost: 'mx.test',
        delivery: { transportName: 'cyrusstore', virtualDomains: ['example.org'] },
        tcp: { storeHost: n.cyrus.addr, port: 2525, allowFrom: [n.postfix.addr] },
        sasl: { username: 'lmtpdeliver', password: 'An0ther-secret' },
      },
      mailboxes: BOXES,
      lmtp: { host: n.cyrus.addr, port: 2525 },
    },
    cases: [
      deliver({ 'alice@mx.test': 'user.alice', 'bob@example.org': 'user.bob' }),
      verifyPasses,
      refusedByTcpWrappers(2525, n.cyrus.addr),
      secondApplyIsNoop,
      rollbackRestores,
    ],
  },
  {
    s: {
      name: 'remote-hostile-password',
      kind: 'remote',
      // both hosts without systemd: apply.sh restarts through the init scripts
      mode: 'init',
      answers: {
        topology: 'remote',
        mailHost: 'mx.test',
        tcp: { storeHost: 'store.test' },
        sasl: { password: HOSTILE_PASSWORD },
      },
      mailboxes: BOXES,
      lmtp: { host: n.cyrus.addr, port: 2003 },
    },
    cases: [deliver({ 'alice@mx.test': 'user.alice' }), verifyPasses, secondApplyIsNoop, rollbackRestores],
  },
  {
    s: {
      name: 'remote-ipv6',
      kind: 'remote',
      answers: {
        topology: 'remote',
        mailHost: 'mx.test',
        // the old default, "any": unknown mailboxes are accepted, then bounced
        delivery: { localRecipientCheck: 'any' },
        // an IPv6 network ([fd00:200:N::]/126: the hosts ::0 to ::3), judged by
        // the store's real tcpd: it holds the Postfix host (::2), not client.test (::254)
        tcp: { storeHost: n.cyrus.addr6, allowFrom: [`${n.postfix.addr6.replace(/::\d+$/, '::')}/126`] },
        sasl: { password: 'V6-secret-lmtp' },
      },
      mailboxes: BOXES,
      // Cyrus must accept on its IPv6 address before Postfix starts
      lmtp: { host: n.cyrus.addr6, port: 2003 },
    },
    cases: [
      deliver({ 'alice@mx.test': 'user.alice', 'bob@mx.test': 'user.bob' }),
      relayedVia(`${n.cyrus.addr6}[${n.cyrus.addr6}]:2003`),
      verifyPasses,
      refusedByTcpWrappers(2003, n.cyrus.addr6),
      unknownMailboxBounces,
      ipv4OnlyPostfixFailsVerify,
      secondApplyIsNoop,
      rollbackRestores,
    ],
  },
];
