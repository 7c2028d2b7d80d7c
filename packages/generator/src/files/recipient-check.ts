// The recipient check "ask Cyrus" (issue 11): the main.cf side. smtpd probes
// each recipient of our domains through the verify(8) service, which routes
// the probe like real mail, through our LMTP transport; Cyrus answers at RCPT.
// The map of our domains is verify-map.ts.
import type { Context } from '../context.ts';
import { GUIDE } from '../facts.ts';
import type { PostfixSetting } from '../serializers/postfix-main.ts';

/** The action our map gives every domain of ours. */
export const VERIFY_ACTION = 'reject_unverified_recipient';

export const verifyMapPath = (c: Context): string => `${c.release.postfixDir}/${c.transport}_verify`;

/**
 * Issue 25, single host: Cyrus's mailbox list, exported into a local table
 * (scripts/recipient-export.ts), is read before the probe, so a known
 * recipient does not wait for smtpd's poll. A remote store keeps the probe
 * alone: its mailbox list is on another host.
 */
export const asksMailboxList = (c: Context): boolean => asksCyrus(c) && c.local !== null;

/** The restriction class our map names for each domain when the exported list is read first. */
export const recipientClass = (c: Context): string => `${c.transport}_recipient_check`;

/** What our map gives every domain of ours: the class, or the probe alone. */
export const verifyAction = (c: Context): string => (asksMailboxList(c) ? recipientClass(c) : VERIFY_ACTION);

/**
 * The table the exporter writes: known addresses DUNNO, our domains the probe.
 * Outside /etc/postfix: it changes between reloads by design (smtpd reopens a
 * changed table by itself), so verify.sh's "Postfix runs older files" check
 * must not see it.
 */
export const knownMapPath = (c: Context): string => `/var/lib/lmtp-wizard/${c.transport}_recipients`;

/** "cyrus" is chosen and some domain routes to Cyrus by name (the default transport alone names none). */
export const asksCyrus = (c: Context): boolean => {
  const d = c.a.delivery;
  return (
    d.localRecipientCheck === 'cyrus' &&
    (d.localRecipients || d.virtualDomains.length + d.transportMapDomains.length > 0)
  );
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
      why: `For a recipient in one of our domains, ${map} answers "${verifyAction(c)}"${asksMailboxList(c) ? ' (the restriction class below: the exported mailbox list first, then the probe)' : ''}: smtpd asks the verify service, which sends a probe through "${c.transport}" as if it were mail, and Cyrus answers at RCPT TO whether the mailbox exists. An unknown recipient is refused during the SMTP dialogue, so Postfix never accepts it and never sends a bounce (no backscatter). Recipients in other domains (the host's relays, mail your users send out) are never probed. The list is ordered: apply.sh adds our item at its end and refuses, before any change, a list where an earlier item (permit, reject, defer, permit_auth_destination) would decide first. Items that permit only some clients (permit_mynetworks, permit_sasl_authenticated) may stay before it: your own clients then pass unprobed. ${BEYOND} ${GUIDE.postfix}.`,
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

/** The class that reads the exported mailbox list before the probe (issue 25). */
function mailboxListSettings(c: Context): PostfixSetting[] {
  if (!asksMailboxList(c)) return [];
  const cls = recipientClass(c);
  const known = knownMapPath(c);
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
      value: `check_recipient_access ${c.release.postfixMapType}:${known}`,
      policy: 'owned',
      source,
      why: `${known} is Cyrus's mailbox list, exported by apply.sh's exporter and kept fresh by its systemd units: each known address answers DUNNO, which ends the lookup and hands the recipient on to your other restrictions (it permits nothing), and each of our domains answers reject_unverified_recipient, so any other address is probed as before. Why: a probe's answer reaches smtpd only at its next poll (address_verify_poll_delay, 3 s; whole seconds, 1 at the least, on Postfix 3.7 and 3.10), so each recipient not yet in the verify cache waited 3 s, and a burst of new ones went no faster than the smtpd processes / 3 s (docs/PERFORMANCE.md has the figures). The table is a local file: with Cyrus stopped a known recipient is still accepted and queued, an unknown one gets the probe's 450. ${BEYOND}`,
    },
  ];
}
