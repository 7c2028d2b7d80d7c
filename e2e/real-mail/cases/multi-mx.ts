// Several MX hosts, one store (issue 15): the bundle's cyrus-host/ on the
// store, postfix-host/ on mx.test and postfix-host-mx2.test/ on mx2.test (an
// extra host of the lane), each MX with its own SASL user and the store's one
// pinned certificate. Both deliver; then mx2's user is revoked on the store
// (saslpasswd2 -d), and only mx2's mail waits in its queue, unbounced, while
// mx.test still delivers. Debian 13 only: the release matrix is proven by the
// one-MX scenarios, and this one must stay cheap.
import { apply } from '../lib/bundle.ts';
import { canConnect } from '../lib/endpoint.ts';
import { grepLog, outcome, postfixLog, postqueue, syslogLines, type Hosts } from '../lib/diagnostics.ts';
import { POSTFIX_LOG } from '../lib/base-config.ts';
import { sendMail, type SendResult } from '../lib/mail.ts';
import { withHosts, type Net } from '../lib/network.ts';
import { assert } from '../lib/runner.ts';
import type { Case, Ctx, Scenario } from '../lib/scenario.ts';
import { waitFor } from '../lib/sh.ts';
import { waitForMessage } from '../lib/topology.ts';
import { SENDER, verifyPasses } from './common.ts';

const MX2_FOLDER = 'postfix-host-mx2.test';
const MX2_USER = 'postman2';

/** The lane's hosts as mx2 sees them: its own Postfix log and queue. */
const asMx2 = (h: Hosts): Hosts => ({ ...h, postfix: h.extra.mx2 ?? h.postfix });

async function sendVia(host: string, to: string): Promise<SendResult> {
  const s = await sendMail({ host, from: SENDER, to: [to] });
  assert(
    s.rcpt[to]?.code === 250 && s.queueId,
    `SMTP to ${host}, RCPT ${to}: ${s.rcpt[to]?.text ?? 'no reply'}\n${s.transcript.join('\n')}`,
  );
  return s;
}

const mx2Addr = (c: Ctx): string => c.lane.net.hosts.mx2?.addr ?? '';

const bothDeliver: Case = {
  name: 'both MX hosts deliver: alice@mx.test through mx.test (user postman), bob@mx2.test through mx2.test (user postman2), read back over IMAP on the store',
  fn: async (c) => {
    await waitFor('smtpd on mx2.test', () => canConnect({ host: mx2Addr(c), port: 25 }), 30_000, 200);
    const one = await sendVia(c.t.smtp.host, 'alice@mx.test');
    const two = await sendVia(mx2Addr(c), 'bob@mx2.test');
    await waitForMessage(c.t, c.h, 'user.alice', one.messageId);
    await waitForMessage(c.t, c.h, 'user.bob', two.messageId);
    // each MX logged in as its own user, from its own address
    for (const [user, addr] of [
      ['postman', c.lane.net.postfix.addr],
      [MX2_USER, mx2Addr(c)],
    ] as const) {
      const logins = syslogLines(
        c.h,
        new RegExp(`login: \\S+ \\[${addr.replace(/\./g, '\\.')}\\] ${user} \\S+ User logged in`),
      );
      assert(logins.length > 0, `the store logged no LMTP login of ${user} from ${addr}`);
    }
    const tls = grepLog(c.h.extra.mx2 ?? c.h.postfix, POSTFIX_LOG, new RegExp(`${two.queueId}: to=.*status=sent`));
    assert(tls.length === 1, `mx2.test logged no status=sent for ${two.queueId}`);
  },
};

/** The store's established LMTP connections from this address (Postfix caches a few seconds after a delivery). */
async function lmtpSessionsFrom(c: Ctx, addr: string): Promise<number> {
  const r = await c.h.cyrus.exec('ss', ['-Htn', 'state', 'established', '( sport = :2003 )'], { allowFail: true });
  return r.stdout.split('\n').filter((l) => l.includes(`${addr}:`)).length;
}

// the message mx2 deferred, awaited by the repair
const waiting = new WeakMap<Hosts, SendResult>();

const revokedMxDefers: Case = {
  name: `saslpasswd2 -d ${MX2_USER} on the store: mx2.test's mail is deferred (SASL authentication failed), stays in its queue, no bounce; mx.test still delivers`,
  fn: async (c) => {
    await c.h.cyrus.exec('saslpasswd2', ['-d', MX2_USER]);
    const users = await c.h.cyrus.exec('sasldblistusers2', []);
    assert(
      !users.stdout.includes(`${MX2_USER}@`) && users.stdout.includes('postman@'),
      `sasldb after the revocation:\n${users.stdout}`,
    );
    // a session mx2 logged in before the revocation may still be cached: wait until it is closed
    await waitFor(
      'mx2.test to close its cached LMTP sessions',
      async () => (await lmtpSessionsFrom(c, mx2Addr(c))) === 0,
      15_000,
      250,
    );
    const mx2 = asMx2(c.h);
    // bob@mx2.test was verified before (the recipient check caches it), so mx2 accepts and queues it
    const s = await sendVia(mx2Addr(c), 'bob@mx2.test');
    waiting.set(c.h, s);
    const line = await outcome(mx2, s.queueId, /status=(deferred|sent|bounced)/);
    assert(
      /status=deferred/.test(line) && /SASL authentication failed/.test(line),
      `expected a SASL deferral on mx2.test: ${line}`,
    );
    const q = await postqueue(mx2);
    assert(s.queueId && q.includes(s.queueId), `${s.queueId} not in mx2.test's postqueue -p:\n${q}`);
    const bounced = postfixLog(mx2, /status=bounced|sender non-delivery notification/);
    assert(bounced.length === 0, `mx2.test bounced:\n${bounced.join('\n')}`);
    assert(
      syslogLines(c.h, new RegExp(`badlogin: .*${MX2_USER}`)).length > 0,
      `the store logged no badlogin for ${MX2_USER}`,
    );
    // the other MX is not affected
    const one = await sendVia(c.t.smtp.host, 'alice@mx.test');
    await waitForMessage(c.t, c.h, 'user.alice', one.messageId);
  },
};

const storeApplyRestores: Case = {
  name: `the store's apply.sh run again puts ${MX2_USER} back; after postqueue -f on mx2.test the deferred message arrives (status=sent)`,
  fn: async (c) => {
    const s = waiting.get(c.h);
    assert(s, 'not run: no deferred message');
    const again = await apply(c.bundle, 'cyrus-host', c.h.cyrus);
    assert(
      !again.nothingToChange && /postman2/.test(again.out),
      `the store's apply.sh did not set ${MX2_USER} again:\n${again.out}`,
    );
    await (c.h.extra.mx2 ?? c.h.postfix).exec('postqueue', ['-f']);
    await waitForMessage(c.t, c.h, 'user.bob', s.messageId, 30_000);
    await outcome(asMx2(c.h), s.queueId, /status=sent/);
  },
};

export function multiMx(n: Net): { s: Scenario; cases: Case[] }[] {
  const net = withHosts(n, ['mx2']);
  const mx2 = net.hosts.mx2;
  if (!mx2) throw new Error('no mx2 in the lane');
  return [
    {
      s: {
        name: 'remote-two-mx',
        kind: 'remote',
        releases: ['debian-13'],
        extraHosts: [{ name: 'mx2', role: 'postfix' }],
        // The lane's stock configuration counts as existing (issue 12 on 15):
        // inspect.sh and apply.sh --dry-run run on all three hosts first, and
        // the wizard's plan from their output pasted at once must equal each
        // folder's dry run, postfix-host-mx2.test/ included.
        existing: async () => {},
        answers: {
          topology: 'remote',
          mailHost: 'mx.test',
          tcp: { storeHost: 'store.test', allowFrom: [n.postfix.addr, mx2.addr] },
          sasl: { password: 'S3cret-mx1' },
          limits: { concurrency: 50 },
          extraMx: [{ host: 'mx2.test', username: MX2_USER, password: 'S3cret-mx2', concurrency: 50 }],
        },
        mailboxes: ['user.alice', 'user.bob', 'user.tester'],
        lmtp: { host: n.cyrus.addr, port: 2003 },
        placement: (h) => [
          { host: 'cyrus-host', on: h.cyrus },
          { host: 'postfix-host', on: h.postfix },
          { host: MX2_FOLDER, on: h.extra.mx2 ?? h.postfix },
        ],
      },
      // no second apply or rollback here: remote-defaults proves them, and this scenario must stay cheap
      cases: [bothDeliver, verifyPasses, revokedMxDefers, storeApplyRestores],
    },
  ];
}
