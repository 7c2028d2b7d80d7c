// The recipient check "ask Cyrus" (issue 11): the main.cf side. smtpd probes
// each recipient of our domains through the verify(8) service, which routes
// the probe like real mail, through our LMTP transport; Cyrus answers at RCPT.
// The map of our domains is verify-map.ts.
import type { Context } from '../context.ts';
import { GUIDE } from '../facts.ts';
import type { PostfixSetting } from '../serializers/postfix-main.ts';

/** The probe: smtpd asks verify(8), which sends a probe through our transport. */
export const VERIFY_ACTION = 'reject_unverified_recipient';

/**
 * On a single host Cyrus also answers straight from its mailbox list, through
 * its smmapd on a socket beside lmtpd's (issue 25): a known mailbox is accepted
 * at once, anything else still takes the probe. A remote store keeps the probe
 * alone: smmapd has no login, and the LMTP port is the only one we open.
 */
export const asksMailboxList = (c: Context): boolean => asksCyrus(c) && c.a.topology === 'single-host';

/** The restriction class our map names when Cyrus's mailbox list is asked first. */
export const recipientClass = (c: Context): string => `${c.transport}_recipient_check`;

/** What our map gives every domain of ours: the class, or the probe alone. */
export const verifyAction = (c: Context): string => (asksMailboxList(c) ? recipientClass(c) : VERIFY_ACTION);

/** smmapd's socket: in lmtpd's socket directory, whose group already admits Postfix and no one else. */
export const smmapSocket = (c: Context): string => (c.a.topology === 'single-host' ? `${c.a.unixSocket.path.replace(/\/[^/]*$/, '')}/smmap` : '');

/** The socketmap table smtpd reads through proxymap (smtpd is chrooted on Debian; the socket is outside). */
export const smmapTable = (c: Context): string => `proxy:socketmap:unix:${smmapSocket(c)}:${c.transport}`;

export const verifyMapPath = (c: Context): string => `${c.release.postfixDir}/${c.transport}_verify`;

/** "cyrus" is chosen and some domain routes to Cyrus by name (the default transport alone names none). */
export const asksCyrus = (c: Context): boolean => {
  const d = c.a.delivery;
  return d.localRecipientCheck === 'cyrus' && (d.localRecipients || d.virtualDomains.length + d.transportMapDomains.length > 0);
};

const BEYOND = 'The guide does not cover recipient checks; this goes beyond it.';
const OTHER_CHOICE = 'or answer delivery.localRecipientCheck "unix" or "any" in the wizard';

export function recipientCheckSettings(c: Context): PostfixSetting[] {
  if (!asksCyrus(c)) return [];
  const map = verifyMapPath(c);
  const source = 'delivery.localRecipientCheck';
  return [
    {
      key: 'smtpd_recipient_restrictions',
      value: `check_recipient_access ${c.release.postfixMapType}:${map}`,
      policy: 'merged-restriction',
      resolve: `add "check_recipient_access ${c.release.postfixMapType}:${map}" to smtpd_recipient_restrictions yourself, ahead of that item, then run apply.sh again (a list that has it is left as it is); ${OTHER_CHOICE}`,
      source,
      why: `For a recipient in one of our domains, ${map} answers "${verifyAction(c)}"${asksMailboxList(c) ? ` (the restriction class below: Cyrus's mailbox list first, then the probe)` : ''}: smtpd asks the verify service, which sends a probe through "${c.transport}" as if it were mail, and Cyrus answers at RCPT TO whether the mailbox exists. An unknown recipient is refused during the SMTP dialogue, so Postfix never accepts it and never sends a bounce (no backscatter). Recipients in other domains (the host's relays, mail your users send out) are never probed. The list is ordered: apply.sh adds our item at its end and refuses, before any change, a list where an earlier item (permit, reject, defer, permit_auth_destination) would decide first. Items that permit only some clients (permit_mynetworks, permit_sasl_authenticated) may stay before it: your own clients then pass unprobed. ${BEYOND} ${GUIDE.postfix}.`,
    },
    {
      key: 'unverified_recipient_reject_code',
      value: '550',
      policy: 'exclusive',
      resolve: `another reject_unverified_recipient on this host relies on this global code; set it to 550 by hand if a permanent refusal suits it too, ${OTHER_CHOICE}`,
      source,
      why: `Postfix's default is 450 (3.7 and 3.10 alike), a temporary refusal: senders would retry an address that does not exist for days. 550 refuses it for good during the SMTP dialogue. The setting is global, so it must be unset or already 550. ${BEYOND}`,
    },
    {
      key: 'unverified_recipient_defer_code',
      value: '450',
      policy: 'exclusive',
      resolve: `a store that cannot be reached must give a temporary refusal; set it back to 450 by hand, ${OTHER_CHOICE}`,
      source,
      why: `When the probe cannot reach Cyrus (the store is down), the answer is this temporary 450, so the sender retries later: neither accepted (it could bounce) nor refused for good. Postfix's default (450 on Postfix 3.7 and 3.10), written out. ${BEYOND}`,
    },
    {
      key: 'unverified_recipient_tempfail_action',
      value: 'defer_if_permit',
      policy: 'exclusive',
      resolve: `with another value a probe that cannot reach Cyrus would accept or refuse the recipient for good; set it back to defer_if_permit by hand, ${OTHER_CHOICE}`,
      source,
      why: `What smtpd does when the probe fails for a temporary reason (no answer yet, or the store is down): defer the recipient with the 450 above, unless a later restriction refuses it anyway. Postfix's default is $reject_tempfail_action, which is defer_if_permit unless changed; written out, a change to reject_tempfail_action for other checks does not reach ours. ${BEYOND}`,
    },
    ...mailboxListSettings(c),
  ];
}

/** The class that asks Cyrus's mailbox list before the probe, and what smtpd needs to reach it. */
function mailboxListSettings(c: Context): PostfixSetting[] {
  if (!asksMailboxList(c)) return [];
  const cls = recipientClass(c);
  const table = smmapTable(c);
  const source = 'delivery.localRecipientCheck';
  return [
    {
      key: 'smtpd_restriction_classes',
      value: cls,
      policy: 'merged',
      source,
      why: `Declares "${cls}", the name our map gives each of our domains. apply.sh adds it to the classes already declared.`,
    },
    {
      key: cls,
      // smmapd answers "OK <the address>"; pipemap hands that on to static:OK, so an existing mailbox reads "OK" (an access action)
      value: `check_recipient_access pipemap:{${table}, static:OK}, ${VERIFY_ACTION}`,
      policy: 'owned',
      source,
      why: `Two steps for each recipient of our domains. First Cyrus's own answer from its mailbox list: smmapd (cyrus.conf) looks the address up as lmtpd would, and a mailbox that exists is accepted at once, with no probe and no wait. A plus-address (alice+news@) is asked as it is: Postfix hands a socketmap only the whole address, and smmapd knows it only when the folder alice.news exists, so a new plus-address still takes the probe. smmapd answers with the address itself, which is no access action, so pipemap passes it to static:OK. Only when Cyrus does not know the address does the probe run, so an unknown recipient still gets 550 at RCPT from the probe and an alias or .forward in mydestination is still followed by it. Why: a probe's result only reaches smtpd at its next poll (address_verify_poll_delay, 3 s, and whole seconds at the least on Postfix 3.7 and 3.10), so every recipient not yet in the verify cache waited 3 s; after a fresh install or a cache expiry a burst went no faster than the smtpd processes / 3 s (6.5 messages/s from 20 sessions, against 130/s for known recipients; docs/PERFORMANCE.md has the figures). A mailbox created later is known at once too, without waiting for the verify cache. While Cyrus is down, the lookup fails and smtpd answers 451 (try later) to every recipient of our domains, even one the verify cache knows, so nothing is queued for a store that cannot answer. ${BEYOND}`,
    },
    {
      key: 'proxy_read_maps',
      value: table,
      policy: 'merged',
      // its default is "$local_recipient_maps $mydestination …", references whose values this bundle changes
      neighbours: false,
      source,
      why: `smtpd runs chrooted on Debian and cannot reach ${smmapSocket(c)}, so it asks through proxymap, which only opens tables listed here. apply.sh adds ours to the list (Postfix's default list, written out, when it was unset). The other items are Postfix's references to other parameters, not routes of yours, so verify.sh does not check them as neighbours.`,
    },
  ];
}
