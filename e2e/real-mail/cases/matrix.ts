// The matrix: every scenario posts its answers to the API, applies the bundle
// with apply.sh only, and must deliver. Each ends with the second apply.sh
// and the rollback.sh that apply wrote.
import { LineClient } from '../lib/line-client.ts';
import { NET } from '../lib/netns.ts';
import { assert } from '../lib/runner.ts';
import type { Case, Scenario } from '../lib/scenario.ts';
import { REMOTE, SINGLE_HOST } from '../lib/topology.ts';
import { deliver, rollbackRestores, secondApplyIsNoop, unknownMailboxBounces, verifyPasses } from './common.ts';
import { unauthenticatedRefused } from './faults.ts';

/** Every character the issue names, plus a backslash, a backtick and a command substitution. */
export const HOSTILE_PASSWORD = 'p:a$s"w\'!#\\`$(id)x';

const BOXES = ['user.alice', 'user.bob', 'user.tester'];

const refusedByTcpWrappers = (port: number): Case => ({
  name: `tcp wrappers: client.test (not in allowFrom) gets no LMTP greeting on ${port}`,
  fn: async () => {
    const c = await LineClient.open({ host: NET.cyrus.addr, port });
    try {
      const greeting = await c.reply();
      assert(greeting.code !== 220, `client.test was greeted: ${greeting.text}`);
    } finally {
      c.close();
    }
  },
});

const lmtpAt = (port = 2003) => ({ host: NET.cyrus.addr, port });

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
];
