// The matrix: every scenario posts its answers to the API, applies the bundle
// with apply.sh only, and must deliver. Each ends with the second apply.sh
// and the rollback.sh that apply wrote.
import { verify } from '../lib/bundle.ts';
import { postfixLog } from '../lib/diagnostics.ts';
import { LineClient } from '../lib/line-client.ts';
import { NET } from '../lib/netns.ts';
import { assert } from '../lib/runner.ts';
import { run } from '../lib/sh.ts';
import type { Case, Scenario } from '../lib/scenario.ts';
import { REMOTE, SINGLE_HOST } from '../lib/topology.ts';
import { deliver, rollbackRestores, secondApplyIsNoop, unknownMailboxBounces, verifyPasses } from './common.ts';
import { unauthenticatedRefused } from './faults.ts';

/** Every character the issue names, plus a backslash, a backtick and a command substitution. */
export const HOSTILE_PASSWORD = 'p:a$s"w\'!#\\`$(id)x';

const BOXES = ['user.alice', 'user.bob', 'user.tester'];

const refusedByTcpWrappers = (port: number, host: string = NET.cyrus.addr): Case => ({
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

const lmtpAt = (port = 2003, host: string = NET.cyrus.addr) => ({ host, port });

/** Postfix logged the delivery to the store at this relay (e.g. over IPv6). */
const relayedVia = (relay: string): Case => ({
  name: `Postfix logs status=sent with relay=${relay}`,
  fn: async () => {
    const lines = postfixLog(/status=sent/);
    assert(lines.some((l) => l.includes(`relay=${relay}`)), `no status=sent line with relay=${relay}:\n${lines.join('\n')}`);
  },
});

/** Test setup: an IPv4-only Postfix (inet_protocols = ipv4, a dpkg-reconfigure
 * choice). With it, Postfix bounces mail for an IPv6 store (5.3.0, "Address
 * family for hostname not supported"), so the bundle's verify.sh must fail. */
const ipv4OnlyPostfixFailsVerify: Case = {
  name: 'inet_protocols = ipv4 on the Postfix host: postfix-host/verify.sh fails and names it',
  fn: async (c) => {
    const ns = c.s.t.postfixNs;
    await run('postconf', ['-e', 'inet_protocols = ipv4'], { ns });
    try {
      const v = await verify(c.bundle, 'postfix-host', ns);
      assert(v.code !== 0 && /FAIL {2}main\.cf inet_protocols has no ipv6/.test(v.out), `verify.sh exited ${v.code}:\n${v.out}`);
    } finally {
      await run('postconf', ['-e', 'inet_protocols = all'], { ns });
    }
    const again = await verify(c.bundle, 'postfix-host', ns);
    assert(again.code === 0, `verify.sh after restoring inet_protocols = all exited ${again.code}:\n${again.out}`);
  },
};

export const MATRIX: { s: Scenario; cases: Case[] }[] = [
  {
    s: { name: 'single-defaults', t: SINGLE_HOST, answers: { topology: 'single-host', mailHost: 'mx.test' }, mailboxes: BOXES, lmtp: { path: '/run/cyrus/socket/lmtp' } },
    cases: [
      deliver({ 'alice@mx.test': 'user.alice', 'bob@mx.test': 'user.bob' }),
      verifyPasses,
      unknownMailboxBounces,
      secondApplyIsNoop,
      rollbackRestores,
    ],
  },
  {
    s: {
      name: 'single-vdomains-socket',
      t: SINGLE_HOST,
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
      deliver({ 'alice@mx.test': 'user.alice', 'bob@example.org': 'user.bob@example.org', 'news@lists.example.org': 'user.news@lists.example.org' }),
      verifyPasses,
      secondApplyIsNoop,
      rollbackRestores,
    ],
  },
  {
    s: {
      name: 'remote-defaults',
      t: REMOTE,
      answers: { topology: 'remote', mailHost: 'mx.test', tcp: { storeHost: 'store.test' }, sasl: { password: 'S3cret-lmtp' } },
      mailboxes: BOXES,
      lmtp: lmtpAt(),
    },
    cases: [
      deliver({ 'alice@mx.test': 'user.alice', 'bob@mx.test': 'user.bob' }),
      verifyPasses,
      unauthenticatedRefused(2003),
      unknownMailboxBounces,
      secondApplyIsNoop,
      rollbackRestores,
    ],
  },
  {
    s: {
      name: 'remote-custom',
      t: REMOTE,
      answers: {
        topology: 'remote',
        mailHost: 'mx.test',
        delivery: { transportName: 'cyrusstore', virtualDomains: ['example.org'] },
        tcp: { storeHost: NET.cyrus.addr, port: 2525, allowFrom: [NET.postfix.addr] },
        sasl: { username: 'lmtpdeliver', password: 'An0ther-secret' },
      },
      mailboxes: BOXES,
      lmtp: lmtpAt(2525),
    },
    cases: [
      deliver({ 'alice@mx.test': 'user.alice', 'bob@example.org': 'user.bob' }),
      verifyPasses,
      refusedByTcpWrappers(2525),
      secondApplyIsNoop,
      rollbackRestores,
    ],
  },
  {
    s: {
      name: 'remote-hostile-password',
      t: REMOTE,
      answers: { topology: 'remote', mailHost: 'mx.test', tcp: { storeHost: 'store.test' }, sasl: { password: HOSTILE_PASSWORD } },
      mailboxes: BOXES,
      lmtp: lmtpAt(),
    },
    cases: [deliver({ 'alice@mx.test': 'user.alice' }), verifyPasses, secondApplyIsNoop, rollbackRestores],
  },
  {
    s: {
      name: 'remote-ipv6',
      t: REMOTE,
      answers: {
        topology: 'remote',
        mailHost: 'mx.test',
        tcp: { storeHost: NET.cyrus.addr6, allowFrom: [NET.postfix.addr6] },
        sasl: { password: 'V6-secret-lmtp' },
      },
      mailboxes: BOXES,
      // Cyrus must accept on its IPv6 address before Postfix starts
      lmtp: lmtpAt(2003, NET.cyrus.addr6),
    },
    cases: [
      deliver({ 'alice@mx.test': 'user.alice', 'bob@mx.test': 'user.bob' }),
      relayedVia(`${NET.cyrus.addr6}[${NET.cyrus.addr6}]:2003`),
      verifyPasses,
      refusedByTcpWrappers(2003, NET.cyrus.addr6),
      unknownMailboxBounces,
      ipv4OnlyPostfixFailsVerify,
      secondApplyIsNoop,
      rollbackRestores,
    ],
  },
];
