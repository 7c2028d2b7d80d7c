// The migration the guide is written for: a host that delivers to Cyrus
// through the old cyrdeliver pipe, with mail waiting in the queue. After
// apply.sh the same "cyrus" transport speaks LMTP, and the queued mail must
// arrive (nothing lost); new mail must arrive as well.
import { outcome, postfixLog, postqueue, type Hosts } from '../lib/diagnostics.ts';
import { sendMail } from '../lib/mail.ts';
import type { Net } from '../lib/network.ts';
import { assert } from '../lib/runner.ts';
import type { Case, Scenario } from '../lib/scenario.ts';
import { sleep, waitFor } from '../lib/sh.ts';
import { createMailboxes, topology, waitForMessage, type Topology } from '../lib/topology.ts';
import { canConnect } from '../lib/endpoint.ts';
import { deliver, rollbackRestores, SENDER, verifyPasses } from './common.ts';
import { dryRunLists } from './brownfield.ts';

/** Debian's classic pipe, as admins wrote it before LMTP (master.cf.dist has it commented out). */
const PIPE = 'cyrus unix - n n - - pipe flags=R user=cyrus argv=/usr/sbin/cyrdeliver -e -m ${extension} ${user}';

const queued = new WeakMap<Hosts, { messageId: string; queueId: string }>();

/**
 * A working cyrdeliver host (the admin disabled the services whose programs
 * are missing, and alice's mailbox exists), proven by one delivery; then one
 * more message is made to wait in the hold queue,
 * as mail does during a maintenance window (a header_checks HOLD rule).
 */
async function existing(n: Net, h: Hosts, t: Topology): Promise<void> {
  const mx = h.postfix;
  await mx.exec('sed', [
    '-i',
    '-E',
    's/^([[:space:]]*(pop3|pop3s|nntp|nntps|http)[[:space:]])/#\\1/',
    '/etc/cyrus.conf',
  ]);
  await mx.exec('systemctl', ['restart', 'cyrus-imapd']);
  await waitFor('Cyrus IMAP', () => canConnect({ host: t.imap.host, port: t.imap.port ?? 143 }), 20_000);
  await createMailboxes(t, ['user.alice']);
  await mx.exec('postconf', ['-M', `cyrus/unix=${PIPE}`]);
  await mx.exec('postconf', ['-e', 'mailbox_transport = cyrus', 'local_recipient_maps =']);
  await mx.exec('postfix', ['reload']);
  await sleep(1500); // the reload is asynchronous
  const first = await sendMail({ host: n.postfix.addr, from: SENDER, to: ['alice@mx.test'] });
  await waitForMessage(t, h, 'user.alice', first.messageId);
  const line = await outcome(h, first.queueId, /status=\w+/);
  assert(/relay=cyrus, .*status=sent/.test(line), `the cyrdeliver pipe did not deliver: ${line}`);
  // the admin's own hold rule: the next message waits in the hold queue
  mx.write('/etc/postfix/lwz_hold', '/^Subject: hold for the switch$/ HOLD\n');
  await mx.exec('postconf', ['-e', 'header_checks = regexp:/etc/postfix/lwz_hold']);
  await mx.exec('postfix', ['reload']);
  await sleep(1500);
  const s = await sendMail({
    host: n.postfix.addr,
    from: SENDER,
    to: ['alice@mx.test'],
    subject: 'hold for the switch',
  });
  const id = s.queueId;
  assert(id, `not queued:\n${s.transcript.join('\n')}`);
  await waitFor(`${id} on hold`, () => postfixLog(h, new RegExp(`${id}: hold:`)).length > 0, 20_000);
  queued.set(h, { messageId: s.messageId, queueId: id });
}

const queuedMailArrives: Case = {
  name: 'the mail held in the queue under the cyrdeliver pipe arrives over LMTP after the switch (postsuper -H, postqueue -f), nothing lost',
  fn: async (c) => {
    const q = queued.get(c.h);
    assert(q, 'nothing was queued before apply.sh');
    assert((await postqueue(c.h)).includes(q.queueId), `${q.queueId} is no longer in the queue before the flush`);
    await c.h.postfix.exec('postsuper', ['-H', q.queueId]);
    await c.h.postfix.exec('postqueue', ['-f']);
    await waitForMessage(c.t, c.h, 'user.alice', q.messageId);
    await outcome(c.h, q.queueId, /relay=mx\.test\[\/run\/cyrus\/socket\/lmtp\].*status=sent/);
  },
};

export const brownfieldCyrdeliver = (n: Net): { s: Scenario; cases: Case[] }[] => [
  {
    s: {
      name: 'brownfield-cyrdeliver-pipe',
      kind: 'single-host',
      answers: { topology: 'single-host', mailHost: 'mx.test' },
      existing: (h) => existing(n, h, topology('single-host', n)),
      mailboxes: ['user.bob'],
      lmtp: { path: '/run/cyrus/socket/lmtp' },
    },
    cases: [
      dryRunLists(
        'mail-host',
        /would change main\.cf: mailbox_transport = cyrus  ->  mailbox_transport = cyrus:unix:\/run\/cyrus\/socket\/lmtp/,
      ),
      queuedMailArrives,
      deliver({ 'bob@mx.test': 'user.bob' }),
      verifyPasses,
      rollbackRestores,
    ],
  },
];
