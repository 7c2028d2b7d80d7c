// Brownfield scenarios on the Postfix side (issue 10): main.cf settings that
// are already taken, relay credentials in sasl_passwd, a transport map with
// other domains. Each writes the existing configuration, proves it works live
// (a stand-in for the other store or the relay, run by this process), then
// either sees apply.sh refuse before any change, or sees it succeed with the
// old route still working, our delivery working, and rollback.sh exact.
import type { Container } from '../lib/containers/container.ts';
import { postfixLog, type Hosts } from '../lib/diagnostics.ts';
import { sendMail } from '../lib/mail.ts';
import type { Net } from '../lib/network.ts';
import { assert } from '../lib/runner.ts';
import type { Case, Scenario } from '../lib/scenario.ts';
import { startStandIn, type StandIn } from '../lib/stand-in.ts';
import { refusesBeforeAnyChange } from './brownfield.ts';
import { deliver, rollbackRestores, SENDER, verifyPasses } from './common.ts';

const BOXES = ['user.alice', 'user.bob', 'user.tester'];

/** postconf -e on the host (the scenario reloads Postfix once it is all written). */
async function postconf(on: Container, ...settings: string[]): Promise<void> {
  await on.exec('postconf', ['-e', ...settings]);
}

async function writeMap(on: Container, path: string, lines: string[], mode = 0o644): Promise<void> {
  on.write(path, `${lines.join('\n')}\n`, mode);
  await on.exec('postmap', [`hash:${path}`]);
}

/** A stand-in that lives as long as its scenario; the last case closes it. */
function standInSlot(): { get: () => StandIn; set: (s: StandIn) => void; closes: Case } {
  let s: StandIn | undefined;
  return {
    get: () => {
      assert(s, 'the stand-in was not started');
      return s;
    },
    set: (x) => (s = x),
    closes: { name: 'the stand-in stops', fn: async () => void (await s?.close()) },
  };
}

/** One message through the existing route must reach the stand-in, found by its Message-ID. */
const existingRouteWorks = (slot: () => StandIn, rcpt: string, when: string): Case => ({
  name: `${when}: the existing route still works (${rcpt} reaches the stand-in)`,
  fn: async (c) => {
    const r = await sendMail({ host: c.t.smtp.host, from: SENDER, to: [rcpt] });
    assert(r.rcpt[rcpt]?.code === 250 && r.queueId, `${rcpt} not accepted:\n${r.transcript.join('\n')}`);
    await slot().waitFor(r.messageId).catch((e: Error) => {
      throw new Error(`${e.message}\n${postfixLog(c.h, new RegExp(`${r.queueId}: `)).join('\n')}`);
    });
  },
});

/** An unknown local name is refused at RCPT by the admin's local_recipient_maps. */
const unknownRefusedAtRcpt = (when: string): Case => ({
  name: `${when}: an unknown local name is refused at RCPT (the admin's local_recipient_maps)`,
  fn: async (c) => {
    const r = await sendMail({ host: c.t.smtp.host, from: SENDER, to: ['nobody@mx.test'] });
    const got = r.rcpt['nobody@mx.test'];
    assert(got?.code === 550 && /User unknown in local recipient table/.test(got.text), `expected 550 User unknown, got ${got?.code} ${got?.text}`);
  },
});

// Dovecot hosts example.net through the global virtual_transport (issue 10:
// the bundle overwrote it and alice@example.net landed in Cyrus's user.alice).
function dovecotExisting(slot: (s: StandIn) => void) {
  return async (h: Hosts): Promise<void> => {
    const pf = h.postfix;
    await writeMap(pf, '/etc/postfix/vmailbox', ['alice@example.net example.net/alice/']);
    await postconf(pf, 'virtual_mailbox_domains = example.net', 'virtual_mailbox_maps = hash:/etc/postfix/vmailbox', 'virtual_transport = lmtp:unix:private/dovecot-lmtp');
    // the stock lmtp service is chrooted: the socket is in the queue directory
    slot(await startStandIn({ listen: { path: pf.path('/var/spool/postfix/private/dovecot-lmtp') }, protocol: 'lmtp' }));
    await pf.exec('postfix', ['reload']);
  };
}

// local_recipient_maps set on purpose: unknown names refused at RCPT.
async function localRecipientsExisting(h: Hosts): Promise<void> {
  await writeMap(h.postfix, '/etc/postfix/local_recipients', ['alice x', 'bob x', 'tester x']);
  await postconf(h.postfix, 'local_recipient_maps = hash:/etc/postfix/local_recipients');
  await h.postfix.exec('postfix', ['reload']);
}

export function postfixBrownfield(_n: Net): { s: Scenario; cases: Case[] }[] {
  const refused = standInSlot();
  const routed = standInSlot();
  return [
    {
      s: {
        name: 'brownfield-pf-dovecot-virtual-transport',
        kind: 'single-host',
        answers: { topology: 'single-host', mailHost: 'mx.test', delivery: { virtualDomains: ['example.org'] } },
        existing: dovecotExisting(refused.set),
        applyAtSetup: false,
        mailboxes: [],
        lmtp: { path: '/run/cyrus/socket/lmtp' },
      },
      cases: [
        existingRouteWorks(refused.get, 'alice@example.net', 'before apply.sh'),
        refusesBeforeAnyChange('mail-host', /\/etc\/postfix\/main\.cf: virtual_transport is "lmtp:unix:private\/dovecot-lmtp", this bundle needs "cyrus:unix:\/run\/cyrus\/socket\/lmtp"; to resolve: .*delivery\.transportMapDomains/),
        existingRouteWorks(refused.get, 'alice@example.net', 'after the refusal'),
        refused.closes,
      ],
    },
    {
      // the way out the refusal names: our domain routed per domain, virtual_transport left alone
      s: {
        name: 'brownfield-pf-dovecot-per-domain-route',
        kind: 'single-host',
        answers: { topology: 'single-host', mailHost: 'mx.test', delivery: { transportMapDomains: ['example.org'] } },
        existing: dovecotExisting(routed.set),
        mailboxes: BOXES,
        lmtp: { path: '/run/cyrus/socket/lmtp' },
      },
      cases: [
        existingRouteWorks(routed.get, 'alice@example.net', 'after apply.sh'),
        deliver({ 'alice@mx.test': 'user.alice', 'bob@example.org': 'user.bob' }),
        verifyPasses,
        rollbackRestores,
        routed.closes,
      ],
    },
    {
      s: {
        name: 'brownfield-pf-local-recipient-maps',
        kind: 'single-host',
        answers: { topology: 'single-host', mailHost: 'mx.test' },
        existing: localRecipientsExisting,
        applyAtSetup: false,
        mailboxes: [],
        lmtp: { path: '/run/cyrus/socket/lmtp' },
      },
      cases: [
        unknownRefusedAtRcpt('before apply.sh'),
        refusesBeforeAnyChange('mail-host', /\/etc\/postfix\/main\.cf: local_recipient_maps is "hash:\/etc\/postfix\/local_recipients", this bundle needs ""; to resolve: answer delivery\.localRecipientCheck "unix"/),
        unknownRefusedAtRcpt('after the refusal'),
      ],
    },
    {
      // the way out: localRecipientCheck "unix" keeps the admin's map
      s: {
        name: 'brownfield-pf-local-recipient-maps-kept',
        kind: 'single-host',
        answers: { topology: 'single-host', mailHost: 'mx.test', delivery: { localRecipientCheck: 'unix' } },
        existing: localRecipientsExisting,
        mailboxes: BOXES,
        lmtp: { path: '/run/cyrus/socket/lmtp' },
      },
      cases: [unknownRefusedAtRcpt('after apply.sh'), deliver({ 'alice@mx.test': 'user.alice' }), verifyPasses, rollbackRestores],
    },
  ];
}
