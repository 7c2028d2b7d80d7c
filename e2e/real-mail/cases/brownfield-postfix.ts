// Brownfield scenarios on the Postfix side (issue 10): main.cf settings that
// are already taken, relay credentials in sasl_passwd, a transport map with
// other domains. Each writes the existing configuration, proves it works live
// (a stand-in for the other store or the relay, run by this process), then
// either sees apply.sh refuse before any change, or sees it succeed with the
// old route still working, our delivery working, and rollback.sh exact.
import type { Net } from '../lib/network.ts';
import type { Case, Scenario } from '../lib/scenario.ts';
import { dryRunLists, refusesBeforeAnyChange } from './brownfield.ts';
import {
  BOXES,
  RELAY_AUTH,
  compatZeroExisting,
  mergesOntoWrittenDefault,
  defaultTransportExisting,
  dovecotExisting,
  dryRunShowsPlan,
  earlierCredentialsRemoved,
  existingRouteWorks,
  localRecipientsExisting,
  mailboxTransportExisting,
  relayExisting,
  relayWorks,
  replaceApplies,
  sharedSaslUntouched,
  standInSlot,
  transportExisting,
  unknownOptionRefused,
  unknownRefusedAtRcpt,
  virtualMailStillDelivered,
  virtualMapExisting,
} from './brownfield-postfix-lib.ts';
import { deliver, rollbackRestores, verifyPasses } from './common.ts';
import { neighbourChangedFails, neighboursOk } from './neighbours.ts';

const RESTORE_MAIN = ['/etc/postfix/main.cf'];
const RESTORE_TRANSPORT = ['/etc/postfix/transport', '/etc/postfix/transport.db'];
const RESTORE_SASL = ['/etc/postfix/sasl_passwd', '/etc/postfix/sasl_passwd.db'];

export function postfixBrownfield(n: Net): { s: Scenario; cases: Case[] }[] {
  const refused = standInSlot();
  const routed = standInSlot();
  const relay = standInSlot();
  const upgraded = standInSlot();
  const neighbours = standInSlot();
  const taken = standInSlot();
  const mboxRefused = standInSlot();
  const mboxRouted = standInSlot();
  const defRefused = standInSlot();
  const defRouted = standInSlot();
  const SOCKET = { path: '/run/cyrus/socket/lmtp' };
  return [
    {
      s: {
        name: 'brownfield-pf-upgrade-shared-sasl-passwd',
        kind: 'remote',
        answers: {
          topology: 'remote',
          mailHost: 'mx.test',
          tcp: { storeHost: 'store.test' },
          sasl: { password: 'S3cret-lmtp' },
        },
        existing: relayExisting(n, upgraded.set, true),
        mailboxes: BOXES,
        lmtp: { host: n.cyrus.addr, port: 2003 },
      },
      cases: [
        dryRunLists(
          'postfix-host',
          /would remove the entry for store\.test \(user postman, an earlier bundle's\) from \/etc\/postfix\/sasl_passwd/,
        ),
        earlierCredentialsRemoved(n),
        relayWorks(upgraded.get, 'after apply.sh'),
        deliver({ 'alice@mx.test': 'user.alice' }),
        verifyPasses,
        rollbackRestores,
        upgraded.closes,
      ],
    },
    {
      s: {
        name: 'brownfield-pf-transport-map-merged',
        kind: 'single-host',
        answers: { topology: 'single-host', mailHost: 'mx.test', delivery: { transportMapDomains: ['example.org'] } },
        existing: transportExisting(n, neighbours.set, ['example.net', 'example.com']),
        mailboxes: BOXES,
        lmtp: { path: '/run/cyrus/socket/lmtp' },
      },
      cases: [
        dryRunLists(
          'mail-host',
          /would add to \/etc\/postfix\/transport: example\.org cyrus:unix:\/run\/cyrus\/socket\/lmtp/,
          /would change main\.cf: relay_domains = [^\n]*example\.net[^\n]*  ->  relay_domains = [^\n]*example\.net[^\n]*example\.org/,
        ),
        existingRouteWorks(neighbours.get, 'carol@example.net', 'after apply.sh'),
        existingRouteWorks(neighbours.get, 'dave@example.com', 'after apply.sh'),
        deliver({ 'alice@mx.test': 'user.alice', 'bob@example.org': 'user.bob' }),
        verifyPasses,
        neighboursOk('mail-host', [
          /ok {4}neighbour: main\.cf relay_domains still lists example\.net/,
          /ok {4}neighbour: main\.cf relay_domains still lists example\.com/,
          /ok {4}neighbour: \/etc\/postfix\/transport: example\.net -> smtp:\[10\.200\.\d+\.254\]:2526, as before apply\.sh/,
          /ok {4}neighbour: \/etc\/postfix\/transport: example\.com -> smtp:\[10\.200\.\d+\.254\]:2526, as before apply\.sh/,
        ]),
        neighbourChangedFails(
          'mail-host',
          'example.net removed from relay_domains',
          "postconf -e 'relay_domains = example.com, example.org'",
          /FAIL {2}neighbour: main\.cf relay_domains no longer lists example\.net, which it did before apply\.sh/,
          RESTORE_MAIN,
        ),
        neighbourChangedFails(
          'mail-host',
          'the other transport entry changed',
          "sed -i 's/^example\\.com\t.*/example.com\tsmtp:[192.0.2.1]:25/' /etc/postfix/transport && postmap hash:/etc/postfix/transport",
          /FAIL {2}neighbour: \/etc\/postfix\/transport: example\.com resolves to "smtp:\[192\.0\.2\.1\]:25", before apply\.sh to "smtp:\[10\.200\.\d+\.254\]:2526"/,
          RESTORE_TRANSPORT,
        ),
        rollbackRestores,
        neighbours.closes,
      ],
    },
    {
      s: {
        name: 'brownfield-pf-transport-map-conflict',
        kind: 'single-host',
        answers: { topology: 'single-host', mailHost: 'mx.test', delivery: { transportMapDomains: ['example.org'] } },
        existing: transportExisting(n, taken.set, ['example.net', 'example.org']),
        applyAtSetup: false,
        mailboxes: [],
        lmtp: { path: '/run/cyrus/socket/lmtp' },
      },
      cases: [
        refusesBeforeAnyChange(
          'mail-host',
          /\/etc\/postfix\/transport: example\.org is "smtp:\[10\.200\.\d+\.254\]:2526", this bundle needs "cyrus:unix:\/run\/cyrus\/socket\/lmtp"; to resolve: .*delivery\.transportMapDomains/,
        ),
        existingRouteWorks(taken.get, 'bob@example.org', 'after the refusal'),
        taken.closes,
      ],
    },
    {
      s: {
        name: 'brownfield-pf-relay-sasl-passwd',
        kind: 'remote',
        answers: {
          topology: 'remote',
          mailHost: 'mx.test',
          tcp: { storeHost: 'store.test' },
          sasl: { password: 'S3cret-lmtp' },
        },
        existing: relayExisting(n, relay.set),
        mailboxes: BOXES,
        lmtp: { host: n.cyrus.addr, port: 2003 },
      },
      cases: [
        dryRunLists('postfix-host', /\+    -o lmtp_sasl_password_maps=hash:\/etc\/postfix\/cyrus_sasl_passwd/),
        sharedSaslUntouched,
        relayWorks(relay.get, 'after apply.sh'),
        deliver({ 'alice@mx.test': 'user.alice' }),
        verifyPasses,
        neighboursOk(
          'postfix-host',
          [
            /ok {4}neighbour: \/etc\/postfix\/sasl_passwd: \[10\.200\.\d+\.254\]:2525 resolves to the same value as before apply\.sh \(compared by sha256\)/,
          ],
          RELAY_AUTH.password,
        ),
        neighbourChangedFails(
          'postfix-host',
          "the relay's password changed in the shared sasl_passwd",
          `sed -i 's/:${RELAY_AUTH.password}$/:Changed-Pa55/' /etc/postfix/sasl_passwd && postmap hash:/etc/postfix/sasl_passwd`,
          /FAIL {2}neighbour: \/etc\/postfix\/sasl_passwd: \[10\.200\.\d+\.254\]:2525 resolves to another value than before apply\.sh/,
          RESTORE_SASL,
          [RELAY_AUTH.password, 'Changed-Pa55'],
        ),
        rollbackRestores,
        relay.closes,
      ],
    },
    {
      s: {
        name: 'brownfield-pf-dovecot-virtual-transport',
        kind: 'single-host',
        answers: { topology: 'single-host', mailHost: 'mx.test', delivery: { virtualDomains: ['example.org'] } },
        existing: dovecotExisting(n, refused.set),
        applyAtSetup: false,
        mailboxes: [],
        lmtp: { path: '/run/cyrus/socket/lmtp' },
      },
      cases: [
        existingRouteWorks(refused.get, 'alice@example.net', 'before apply.sh'),
        refusesBeforeAnyChange(
          'mail-host',
          /\/etc\/postfix\/main\.cf: virtual_transport is "lmtp:unix:private\/dovecot-lmtp", this bundle needs "cyrus:unix:\/run\/cyrus\/socket\/lmtp"; to resolve: .*delivery\.transportMapDomains/,
        ),
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
        existing: dovecotExisting(n, routed.set),
        mailboxes: BOXES,
        lmtp: { path: '/run/cyrus/socket/lmtp' },
      },
      cases: [
        dryRunLists(
          'mail-host',
          /would add to \/etc\/postfix\/transport: example\.org /,
          /would change main\.cf: relay_domains \(unset\)  ->  relay_domains = example\.org/,
        ),
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
        refusesBeforeAnyChange(
          'mail-host',
          /\/etc\/postfix\/main\.cf: local_recipient_maps is "hash:\/etc\/postfix\/local_recipients", this bundle needs ""; to resolve: answer delivery\.localRecipientCheck "unix"/,
        ),
        unknownRefusedAtRcpt('after the refusal'),
        // the other way out: --replace the key the conflict names; rollback restores every byte
        replaceApplies('mail-host', 'local_recipient_maps', 'hash:/etc/postfix/local_recipients', BOXES),
        deliver({ 'alice@mx.test': 'user.alice' }),
        rollbackRestores,
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
      cases: [
        unknownRefusedAtRcpt('after apply.sh'),
        deliver({ 'alice@mx.test': 'user.alice' }),
        verifyPasses,
        rollbackRestores,
      ],
    },
    {
      // virtual(8) delivers example.net through virtual_mailbox_maps; our
      // virtual domain would be looked up in that map and refused
      s: {
        name: 'brownfield-pf-virtual-mailbox-maps',
        kind: 'single-host',
        answers: { topology: 'single-host', mailHost: 'mx.test', delivery: { virtualDomains: ['example.org'] } },
        existing: virtualMapExisting,
        applyAtSetup: false,
        mailboxes: [],
        lmtp: SOCKET,
      },
      cases: [
        virtualMailStillDelivered('before apply.sh'),
        refusesBeforeAnyChange(
          'mail-host',
          /\/etc\/postfix\/main\.cf: virtual_mailbox_maps is "hash:\/etc\/postfix\/vmailbox", this bundle needs ""; to resolve: Postfix would look the recipients of example\.org up in this map .*delivery\.transportMapDomains/,
        ),
        virtualMailStillDelivered('after the refusal'),
      ],
    },
    {
      s: {
        name: 'brownfield-pf-virtual-mailbox-maps-routed',
        kind: 'single-host',
        answers: { topology: 'single-host', mailHost: 'mx.test', delivery: { transportMapDomains: ['example.org'] } },
        existing: virtualMapExisting,
        mailboxes: BOXES,
        lmtp: SOCKET,
      },
      cases: [
        dryRunLists(
          'mail-host',
          /would change main\.cf: transport_maps \(unset\)  ->  transport_maps = hash:\/etc\/postfix\/transport/,
          /would change main\.cf: relay_domains \(unset\)  ->  relay_domains = example\.org/,
        ),
        virtualMailStillDelivered('after apply.sh'),
        deliver({ 'alice@mx.test': 'user.alice', 'bob@example.org': 'user.bob' }),
        verifyPasses,
        rollbackRestores,
      ],
    },
    {
      // local recipients already go to Dovecot's LMTP through mailbox_transport
      s: {
        name: 'brownfield-pf-mailbox-transport-taken',
        kind: 'single-host',
        answers: { topology: 'single-host', mailHost: 'mx.test' },
        existing: mailboxTransportExisting(n, mboxRefused.set),
        applyAtSetup: false,
        mailboxes: [],
        lmtp: SOCKET,
      },
      cases: [
        dryRunShowsPlan('mail-host', 'mailbox_transport'),
        refusesBeforeAnyChange(
          'mail-host',
          /\/etc\/postfix\/main\.cf: mailbox_transport is "lmtp:unix:private\/dovecot-lmtp", this bundle needs "cyrus:unix:\/run\/cyrus\/socket\/lmtp"; to resolve: .*delivery\.localRecipients "false".*, or run apply\.sh --replace mailbox_transport/,
        ),
        unknownOptionRefused('mail-host'),
        existingRouteWorks(mboxRefused.get, 'carol@mx.test', 'after the refusals'),
        mboxRefused.closes,
      ],
    },
    {
      s: {
        name: 'brownfield-pf-mailbox-transport-routed',
        kind: 'single-host',
        answers: {
          topology: 'single-host',
          mailHost: 'mx.test',
          delivery: { localRecipients: false, transportMapDomains: ['example.org'] },
        },
        existing: mailboxTransportExisting(n, mboxRouted.set),
        mailboxes: BOXES,
        lmtp: SOCKET,
      },
      cases: [
        dryRunLists(
          'mail-host',
          /would change main\.cf: transport_maps \(unset\)  ->  transport_maps = hash:\/etc\/postfix\/transport/,
          /would change main\.cf: relay_domains \(unset\)  ->  relay_domains = example\.org/,
        ),
        existingRouteWorks(mboxRouted.get, 'carol@mx.test', 'after apply.sh'),
        deliver({ 'bob@example.org': 'user.bob' }),
        verifyPasses,
        rollbackRestores,
        mboxRouted.closes,
      ],
    },
    {
      // everything else already goes to a relay through default_transport
      s: {
        name: 'brownfield-pf-default-transport-taken',
        kind: 'single-host',
        answers: { topology: 'single-host', mailHost: 'mx.test', delivery: { defaultTransport: true } },
        existing: defaultTransportExisting(n, defRefused.set),
        applyAtSetup: false,
        mailboxes: [],
        lmtp: SOCKET,
      },
      cases: [
        dryRunShowsPlan('mail-host', 'default_transport'),
        refusesBeforeAnyChange(
          'mail-host',
          /\/etc\/postfix\/main\.cf: default_transport is "smtp:\[10\.200\.\d+\.254\]:2527", this bundle needs "cyrus:unix:\/run\/cyrus\/socket\/lmtp"; to resolve: .*delivery\.transportMapDomains/,
        ),
        existingRouteWorks(defRefused.get, 'carol@example.com', 'after the refusal'),
        defRefused.closes,
      ],
    },
    {
      s: {
        name: 'brownfield-pf-default-transport-routed',
        kind: 'single-host',
        answers: { topology: 'single-host', mailHost: 'mx.test', delivery: { transportMapDomains: ['example.org'] } },
        existing: defaultTransportExisting(n, defRouted.set),
        mailboxes: BOXES,
        lmtp: SOCKET,
      },
      cases: [
        dryRunLists(
          'mail-host',
          /would change main\.cf: transport_maps \(unset\)  ->  transport_maps = hash:\/etc\/postfix\/transport/,
          /would change main\.cf: relay_domains \(unset\)  ->  relay_domains = example\.org/,
        ),
        existingRouteWorks(defRouted.get, 'carol@example.com', 'after apply.sh'),
        deliver({ 'alice@mx.test': 'user.alice', 'bob@example.org': 'user.bob' }),
        verifyPasses,
        rollbackRestores,
        defRouted.closes,
      ],
    },
    {
      // relay_domains unset at compatibility_level 0: its default ($mydestination) must not be dropped
      s: {
        name: 'brownfield-pf-relay-domains-default',
        kind: 'single-host',
        answers: { topology: 'single-host', mailHost: 'mx.test', delivery: { transportMapDomains: ['example.org'] } },
        existing: compatZeroExisting,
        applyAtSetup: false,
        mailboxes: [],
        lmtp: { path: '/run/cyrus/socket/lmtp' },
      },
      cases: [
        refusesBeforeAnyChange(
          'mail-host',
          /\/etc\/postfix\/main\.cf: relay_domains is "\(unset; the default here is: [^"]*mx\.test[^"]*\)", this bundle needs "the default plus our items"; to resolve: write the value this host uses/,
        ),
        mergesOntoWrittenDefault('relay_domains', '$mydestination', '$mydestination, example.org', BOXES),
        deliver({ 'alice@mx.test': 'user.alice', 'bob@example.org': 'user.bob' }),
        rollbackRestores,
      ],
    },
  ];
}
