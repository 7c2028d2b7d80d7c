// Fault cases: what must be refused, deferred or reported, and the repair.
// Hand-made breakage here is test setup (a user's mistake), never a fix.
import { apply, verify } from '../lib/bundle.ts';
import { reloadPostfix } from '../lib/daemons.ts';
import { postfixLog, postqueue, syslogLines } from '../lib/diagnostics.ts';
import { lmtpDialog } from '../lib/lmtp-dialog.ts';
import { NET } from '../lib/netns.ts';
import { assert } from '../lib/runner.ts';
import type { Case, Ctx, Scenario } from '../lib/scenario.ts';
import { run, sh, waitFor } from '../lib/sh.ts';
import { REMOTE, SINGLE_HOST, waitForMessage } from '../lib/topology.ts';
import { send, verifyPasses } from './common.ts';

const GOOD = 'S3cret-lmtp';
const lmtp = { host: NET.cyrus.addr, port: 2003 };

/** Postfix's final word on a queue id (the last to= line with a status). */
async function outcome(queueId: string | undefined, status: RegExp): Promise<string> {
  let line = '';
  await waitFor(`status ${status} for ${queueId}`, () => {
    line = postfixLog(new RegExp(`${queueId}: to=.*status=`)).at(-1) ?? '';
    return status.test(line);
  }, 20_000).catch((e: Error) => {
    throw new Error(`${e.message}; last: ${line || '(none)'}`);
  });
  return line;
}

export const unauthenticatedRefused = (port: number): Case => ({
  name: `unauthenticated LMTP from client.test: LHLO 250, MAIL FROM 430 (port ${port})`,
  fn: async () => {
    const d = await lmtpDialog({ ...lmtp, port });
    assert(d.lhlo?.code === 250 && d.mailFrom?.code === 430, `expected 250 then 430:\n${d.transcript}`);
  },
});

/** Test setup: comment out a cyrus.conf service, as a careless edit would. */
const dropCyrusService = (name: string): Promise<unknown> =>
  sh(`sed -i 's/^\\([[:space:]]*${name}[[:space:]][[:space:]]*cmd=\\)/#\\1/' /etc/cyrus.conf`);

async function verifyFails(c: Ctx, host: 'mail-host' | 'cyrus-host', ns: string | undefined, message: string): Promise<void> {
  const v = await verify(c.bundle, host, ns);
  assert(v.code !== 0, `${host}/verify.sh passed on a broken setup:\n${v.out}`);
  assert(v.out.includes(message), `${host}/verify.sh failed without saying "${message}":\n${v.out}`);
}

let deferredId: string | undefined;
let deferredMessageId = '';

const remoteFaults: Case[] = [
  {
    name: 'wrong password in sasl_passwd: deferred (4.x), still in postqueue -p',
    fn: async (c) => {
      const s = await send(c, ['alice@mx.test']);
      deferredId = s.queueId;
      deferredMessageId = s.messageId;
      const line = await outcome(s.queueId, /status=(deferred|sent|bounced)/);
      assert(/status=deferred/.test(line) && /SASL authentication failed/.test(line), `expected a SASL deferral: ${line}`);
      const q = await postqueue(c.s.t.postfixNs);
      assert(s.queueId && q.includes(s.queueId), `${s.queueId} not in postqueue -p:\n${q}`);
      assert(syslogLines(/badlogin: .*postman/).length > 0, 'Cyrus logged no badlogin for postman');
    },
  },
  unauthenticatedRefused(2003),
  {
    name: 'SASL user not in lmtp_admins (added to sasldb by hand) is refused; postman is accepted',
    fn: async () => {
      await run('saslpasswd2', ['-p', '-c', 'eve'], { input: 'eve-pw-1', ns: NET.cyrus.ns });
      const eve = await lmtpDialog(lmtp, { user: 'eve', password: 'eve-pw-1' });
      assert(eve.auth && eve.auth.code !== 235 && eve.mailFrom?.code !== 250, `eve was let in:\n${eve.transcript}`);
      await waitFor('Cyrus to log why eve was refused', () => syslogLines(/eve.*(not an admin|only admins)/).length > 0, 5000);
      const postman = await lmtpDialog(lmtp, { user: 'postman', password: GOOD });
      assert(postman.auth?.code === 235 && postman.mailFrom?.code === 250, `postman was refused:\n${postman.transcript}`);
    },
  },
  {
    name: 'fix: postfix-host/apply.sh from the right answers, postfix reload, postqueue -f: it arrives',
    fn: async (c) => {
      const again = await apply(c.bundle, 'postfix-host', c.s.t.postfixNs);
      assert(!again.nothingToChange, `apply.sh with the right password changed nothing:\n${again.stdout}`);
      if (!c.r.postfix) throw new Error('postfix is not running');
      await reloadPostfix(c.r.postfix);
      await run('postqueue', ['-f'], { ns: c.s.t.postfixNs });
      await waitForMessage(c.s.t, 'user.alice', deferredMessageId);
      await outcome(deferredId, /status=sent/);
    },
  },
  verifyPasses,
  {
    name: 'verify.sh fails clearly when the lmtp service is missing from cyrus.conf',
    fn: async (c) => {
      await dropCyrusService('lmtp');
      await verifyFails(c, 'cyrus-host', c.s.t.cyrusNs, 'cyrus.conf has no service "lmtp"');
    },
  },
];

const singleBroken: Case[] = [
  verifyPasses,
  {
    name: 'verify.sh fails clearly after gpasswd -d postfix lmtp',
    fn: async (c) => {
      await run('gpasswd', ['-d', 'postfix', 'lmtp']);
      await verifyFails(c, 'mail-host', undefined, 'FAIL  postfix is in group lmtp');
    },
  },
  {
    name: 'apply.sh again repairs the group; verify.sh passes',
    fn: async (c) => {
      const again = await apply(c.bundle, 'mail-host');
      assert(!again.nothingToChange, 'apply.sh did not notice the missing group member');
      await verifyPasses.fn(c);
    },
  },
  {
    name: 'verify.sh fails clearly when lmtpunix is missing from cyrus.conf',
    fn: async (c) => {
      await dropCyrusService('lmtpunix');
      await verifyFails(c, 'mail-host', undefined, 'cyrus.conf has no service "lmtpunix"');
    },
  },
];

export const FAULTS: { s: Scenario; cases: Case[] }[] = [
  {
    s: {
      name: 'remote-wrong-password',
      t: REMOTE,
      answers: { topology: 'remote', mailHost: 'mx.test', tcp: { storeHost: 'store.test' }, sasl: { password: GOOD } },
      postfixAnswers: { topology: 'remote', mailHost: 'mx.test', tcp: { storeHost: 'store.test' }, sasl: { password: 'not-the-store-password' } },
      mailboxes: ['user.alice', 'user.tester'],
      lmtp,
    },
    cases: remoteFaults,
  },
  {
    s: { name: 'single-verify-broken', t: SINGLE_HOST, answers: { topology: 'single-host', mailHost: 'mx.test' }, mailboxes: ['user.alice'], lmtp: { path: '/run/cyrus/socket/lmtp' } },
    cases: singleBroken,
  },
];
