// Fault cases: what must be refused, deferred or reported, and the repair.
// Hand-made breakage here is test setup (a user's mistake), never a fix.
import { apply, getBundle, verify } from '../lib/bundle.ts';
import { outcome, postqueue, syslogLines, type Hosts } from '../lib/diagnostics.ts';
import { lmtpDialog } from '../lib/lmtp-dialog.ts';
import type { Net } from '../lib/network.ts';
import { assert } from '../lib/runner.ts';
import type { Case, Ctx, Scenario } from '../lib/scenario.ts';
import { waitFor } from '../lib/sh.ts';
import { waitForMessage } from '../lib/topology.ts';
import { deliver, send, verifyPasses } from './common.ts';

const GOOD = 'S3cret-lmtp';
const storeLmtp = (c: Ctx, port = 2003): { host: string; port: number } => ({ host: c.lane.net.cyrus.addr, port });

export const unauthenticatedRefused = (port: number): Case => ({
  name: `unauthenticated LMTP from client.test: LHLO 250, MAIL FROM 430 (port ${port})`,
  fn: async (c) => {
    const d = await lmtpDialog(storeLmtp(c, port));
    assert(d.lhlo?.code === 250 && d.mailFrom?.code === 430, `expected 250 then 430:\n${d.transcript}`);
  },
});

/** Test setup: comment out a cyrus.conf service, as a careless edit would. */
const dropCyrusService = (c: Ctx, name: string): Promise<unknown> =>
  c.h.cyrus.exec('sed', ['-i', `s/^\\([[:space:]]*${name}[[:space:]][[:space:]]*cmd=\\)/#\\1/`, '/etc/cyrus.conf']);

async function verifyFails(c: Ctx, host: 'mail-host' | 'cyrus-host', message: string | RegExp): Promise<void> {
  const v = await verify(c.bundle, host, c.h.cyrus);
  assert(v.code !== 0, `${host}/verify.sh passed on a broken setup:\n${v.out}`);
  const said = typeof message === 'string' ? v.out.includes(message) : message.test(v.out);
  assert(said, `${host}/verify.sh failed without saying "${message}":\n${v.out}`);
}

// per lane: the deferred message of the wrong-password case, awaited by its repair
const deferred = new WeakMap<Hosts, { queueId?: string; messageId: string }>();

const remoteFaults: Case[] = [
  {
    name: 'wrong password in sasl_passwd: deferred (4.x), still in postqueue -p',
    fn: async (c) => {
      const s = await send(c, ['alice@mx.test']);
      deferred.set(c.h, { queueId: s.queueId, messageId: s.messageId });
      const line = await outcome(c.h, s.queueId, /status=(deferred|sent|bounced)/);
      assert(
        /status=deferred/.test(line) && /SASL authentication failed/.test(line),
        `expected a SASL deferral: ${line}`,
      );
      const q = await postqueue(c.h);
      assert(s.queueId && q.includes(s.queueId), `${s.queueId} not in postqueue -p:\n${q}`);
      assert(syslogLines(c.h, /badlogin: .*postman/).length > 0, 'Cyrus logged no badlogin for postman');
    },
  },
  unauthenticatedRefused(2003),
  {
    name: 'SASL user not in lmtp_admins (added to sasldb by hand) is refused; postman is accepted',
    fn: async (c) => {
      await c.h.cyrus.exec('saslpasswd2', ['-p', '-c', 'eve'], { input: 'eve-pw-1' });
      const eve = await lmtpDialog(storeLmtp(c), { user: 'eve', password: 'eve-pw-1' });
      assert(eve.auth && eve.auth.code !== 235 && eve.mailFrom?.code !== 250, `eve was let in:\n${eve.transcript}`);
      await waitFor(
        'Cyrus to log why eve was refused',
        () => syslogLines(c.h, /eve.*(not an admin|only admins)/).length > 0,
        5000,
      );
      const postman = await lmtpDialog(storeLmtp(c), { user: 'postman', password: GOOD });
      assert(
        postman.auth?.code === 235 && postman.mailFrom?.code === 250,
        `postman was refused:\n${postman.transcript}`,
      );
    },
  },
  {
    name: 'fix: postfix-host/apply.sh from the right answers (its own restart), postqueue -f: it arrives',
    fn: async (c) => {
      const d = deferred.get(c.h);
      assert(d, 'the wrong-password case queued nothing');
      const again = await apply(c.bundle, 'postfix-host', c.h.postfix);
      assert(!again.nothingToChange, `apply.sh with the right password changed nothing:\n${again.stdout}`);
      await c.h.postfix.exec('postqueue', ['-f']);
      await waitForMessage(c.t, c.h, 'user.alice', d.messageId);
      await outcome(c.h, d.queueId, /status=sent/);
    },
  },
  verifyPasses,
  {
    name: 'verify.sh fails clearly when the lmtp service is missing from cyrus.conf',
    fn: async (c) => {
      await dropCyrusService(c, 'lmtp');
      await verifyFails(c, 'cyrus-host', 'cyrus.conf has no service "lmtp"');
    },
  },
];

const singleBroken: Case[] = [
  verifyPasses,
  {
    name: 'verify.sh fails clearly after gpasswd -d postfix lmtp',
    fn: async (c) => {
      await c.h.postfix.exec('gpasswd', ['-d', 'postfix', 'lmtp']);
      await verifyFails(c, 'mail-host', 'FAIL  postfix is in group lmtp');
    },
  },
  {
    name: 'apply.sh again repairs the group; verify.sh passes',
    fn: async (c) => {
      const again = await apply(c.bundle, 'mail-host', c.h.postfix);
      assert(!again.nothingToChange, 'apply.sh did not notice the missing group member');
      await verifyPasses.fn(c);
    },
  },
  {
    name: 'verify.sh fails clearly when lmtpunix is missing from cyrus.conf',
    fn: async (c) => {
      await dropCyrusService(c, 'lmtpunix');
      await verifyFails(c, 'mail-host', 'cyrus.conf has no service "lmtpunix"');
    },
  },
];

const cyrmasterPid = async (c: Ctx): Promise<number | undefined> => {
  const r = await c.h.cyrus.exec('pidof', ['cyrmaster'], { allowFail: true });
  const pids = r.stdout.trim().split(/\s+/).filter(Boolean).map(Number);
  return pids.length === 1 ? pids[0] : undefined;
};

/** Without systemd, Cyrus is restarted by the init script: the restart must be real. */
const restartIsReal: Case[] = [
  deliver({ 'alice@mx.test': 'user.alice' }),
  verifyPasses,
  {
    name: 'apply.sh of a bundle that changes imapd.conf restarts Cyrus: the cyrmaster pid changes, mail still arrives',
    fn: async (c) => {
      const before = await cyrmasterPid(c);
      assert(before, 'no single cyrmaster runs before the second apply');
      c.bundle = await getBundle(
        c.server,
        c.lane.release,
        { ...c.s.answers, cyrus: { downcaseRecipients: false } },
        `${c.s.name}-2`,
      );
      const again = await apply(c.bundle, 'mail-host', c.h.cyrus);
      assert(again.touched?.includes('/etc/imapd.conf'), `the second bundle did not change imapd.conf:\n${again.out}`);
      let after: number | undefined;
      await waitFor(
        'a new cyrmaster',
        async () => {
          after = await cyrmasterPid(c);
          return after !== undefined && after !== before;
        },
        20_000,
      ).catch(() => {
        throw new Error(
          `cyrmaster pid before ${before}, after ${after ?? 'none'}: Cyrus was not restarted\n${again.out}`,
        );
      });
      await deliver({ 'bob@mx.test': 'user.bob' }).fn(c);
    },
  },
  verifyPasses,
  {
    name: 'verify.sh reports a Cyrus still running with an older imapd.conf; after a restart it passes',
    fn: async (c) => {
      await c.h.cyrus.exec('sh', ['-c', 'sleep 1; printf "# edited after cyrmaster started\\n" >>/etc/imapd.conf']);
      await verifyFails(c, 'mail-host', /FAIL +cyrmaster \(pid \d+\) .*still runs with an older \/etc\/imapd\.conf/);
      await c.h.cyrus.exec('/etc/init.d/cyrus-imapd', ['restart']);
      await waitFor(
        'lmtp socket after the restart',
        async () => (await c.h.cyrus.exec('test', ['-S', '/run/cyrus/socket/lmtp'], { allowFail: true })).code === 0,
        20_000,
      );
      await verifyPasses.fn(c);
    },
  },
];

export const faults = (n: Net): { s: Scenario; cases: Case[] }[] => [
  {
    s: {
      name: 'remote-wrong-password',
      kind: 'remote',
      // "any": the message must be accepted and wait in the queue; with "cyrus" the
      // probe's failed login would already give a 450 at RCPT.
      // TLS off: the raw dialogs here log in with AUTH PLAIN without STARTTLS, which
      // a store with TLS refuses (cases/tls.ts proves that refusal).
      answers: {
        topology: 'remote',
        mailHost: 'mx.test',
        delivery: { localRecipientCheck: 'any' },
        tcp: { storeHost: 'store.test' },
        sasl: { password: GOOD },
        tls: { mode: 'off' },
      },
      postfixAnswers: {
        topology: 'remote',
        mailHost: 'mx.test',
        delivery: { localRecipientCheck: 'any' },
        tcp: { storeHost: 'store.test' },
        sasl: { password: 'not-the-store-password' },
        tls: { mode: 'off' },
      },
      mailboxes: ['user.alice', 'user.tester'],
      lmtp: { host: n.cyrus.addr, port: 2003 },
    },
    cases: remoteFaults,
  },
  {
    s: {
      name: 'single-verify-broken',
      kind: 'single-host',
      answers: { topology: 'single-host', mailHost: 'mx.test' },
      mailboxes: ['user.alice'],
      lmtp: { path: '/run/cyrus/socket/lmtp' },
    },
    cases: singleBroken,
  },
  {
    s: {
      name: 'single-init-restart',
      kind: 'single-host',
      mode: 'init',
      answers: { topology: 'single-host', mailHost: 'mx.test' },
      mailboxes: ['user.alice', 'user.bob'],
      lmtp: { path: '/run/cyrus/socket/lmtp' },
    },
    cases: restartIsReal,
  },
];
