// main.cf settings on the Postfix host, applied with `postconf -e`.
import type { Context } from '../context.ts';
import { GUIDE } from '../facts.ts';
import type { PostfixSetting } from '../serializers/postfix-main.ts';
import type { FileModule } from './module.ts';
import { failoverNote } from '../topologies/murder/facts.ts';
import { recipientCheckSettings } from './recipient-check.ts';
import { concurrencyWhy, recipientLimitWhy } from '../docs/routes.ts';

function settings(c: Context): PostfixSetting[] {
  const { a, transport, route } = c;
  const d = a.delivery;
  const out: PostfixSetting[] = [];
  if (d.localRecipients) {
    out.push({
      key: 'mailbox_transport',
      value: route,
      policy: 'exclusive',
      ours: transport,
      resolve:
        'local recipients are delivered elsewhere; answer delivery.localRecipients "false" in the wizard and route Cyrus\'s domains with delivery.transportMapDomains, or remove the setting if nothing uses it',
      source: 'delivery.localRecipients',
      why: `Local recipients (domains in mydestination) are handed to Cyrus through the "${transport}" service after aliases and .forward files have been applied, one recipient per delivery (see the recipient limit below).${failoverNote(c)} ${GUIDE.tcpStep4}.`,
    });
    if (d.localRecipientCheck !== 'unix') {
      out.push({
        key: 'local_recipient_maps',
        value: '',
        policy: 'exclusive',
        resolve:
          'answer delivery.localRecipientCheck "unix" in the wizard, which keeps this setting (list the Cyrus users in it)',
        source: 'delivery.localRecipientCheck',
        why:
          d.localRecipientCheck === 'cyrus'
            ? 'Cyrus mailboxes are not Unix accounts, so the stock check against /etc/passwd would answer "User unknown in local recipient table" for them. Empty turns that check off; smtpd asks Cyrus instead (smtpd_recipient_restrictions below). The guide does not mention this.'
            : 'Cyrus mailboxes are not Unix accounts, so the stock check against /etc/passwd would answer "User unknown in local recipient table". Empty means Postfix accepts any local name and Cyrus refuses unknown mailboxes during LMTP; Postfix then returns a bounce to the sender. The guide does not mention this.',
      });
    }
  }
  if (d.virtualDomains.length > 0) {
    out.push(
      {
        key: 'virtual_mailbox_domains',
        value: d.virtualDomains.join(', '),
        policy: 'merged',
        requiresUnset: [
          {
            key: 'virtual_mailbox_maps',
            resolve: `Postfix would look the recipients of ${d.virtualDomains.join(', ')} up in this map and refuse them ("User unknown in virtual mailbox table"); move these domains from delivery.virtualDomains to delivery.transportMapDomains in the wizard, which routes them as relay domains with a transport entry`,
          },
        ],
        source: 'delivery.virtualDomains',
        why: "These domains are hosted in Cyrus. apply.sh adds them to any domains already listed, it does not replace them. virtual_mailbox_maps must be unset: Postfix checks the recipients of these domains against it, and Cyrus's mailboxes are not in it.",
      },
      {
        key: 'virtual_transport',
        value: route,
        policy: 'exclusive',
        ours: transport,
        resolve:
          'another store hosts virtual domains; move these domains from delivery.virtualDomains to delivery.transportMapDomains in the wizard (a route per domain)',
        source: 'delivery.virtualDomains',
        why: `Mail for the virtual mailbox domains goes to Cyrus through "${transport}". ${GUIDE.tcpStep4}.`,
      },
    );
  }
  if (d.transportMapDomains.length > 0) {
    out.push(
      {
        key: 'transport_maps',
        value: `${c.release.postfixMapType}:${c.release.postfixDir}/transport`,
        policy: 'merged',
        source: 'delivery.transportMapDomains',
        why: `The transport map routes the listed domains to "${transport}". ${GUIDE.postfix}.`,
      },
      {
        key: 'relay_domains',
        value: d.transportMapDomains.join(', '),
        policy: 'merged',
        source: 'delivery.transportMapDomains',
        why: 'Postfix only accepts mail from the outside for domains it knows; listing the transport-map domains here makes it accept them (added to any list already there).',
      },
    );
  }
  if (d.defaultTransport) {
    out.push({
      key: 'default_transport',
      value: route,
      policy: 'exclusive',
      ours: transport,
      resolve:
        'other mail already has a default route; answer delivery.defaultTransport "false" in the wizard and list Cyrus\'s domains in delivery.transportMapDomains',
      source: 'delivery.defaultTransport',
      why: `Everything not routed otherwise goes to Cyrus. ${GUIDE.postfix}.`,
    });
  }
  out.push(...recipientCheckSettings(c));
  out.push(
    {
      key: `${transport}_destination_concurrency_limit`,
      value: String(a.limits.concurrency),
      policy: 'owned',
      source: 'limits.concurrency',
      why: concurrencyWhy(a, transport),
    },
    {
      key: `${transport}_destination_recipient_limit`,
      value: String(a.limits.recipients),
      policy: 'owned',
      source: 'limits.recipients',
      why: recipientLimitWhy(a, transport),
    },
  );
  return out;
}

export const mainCf: FileModule = {
  id: 'main-cf',
  role: 'postfix',
  applies: () => true,
  target: '/etc/postfix/main.cf',
  path: 'files/etc/postfix/main.cf.fragment',
  mode: 0o644,
  // TCP step 1 is the SASL layer; a single host names the socket transport (Unix sockets).
  guideRef: (c) => (c.remote ? GUIDE.tcpStep1 : `${GUIDE.unix}; ${GUIDE.tcpStep4}`),
  explanation: () =>
    'Settings for /etc/postfix/main.cf that route mail to Cyrus. apply.sh sets them one at a time with "postconf -e" and never replaces main.cf, so the rest of your configuration stays as it is. Each has a policy: a setting named after our transport is ours; a list (domains, maps) gets our items added to what is there; a global route or check (mailbox_transport, virtual_transport, default_transport, local_recipient_maps, the unverified_recipient_* codes) must be unset or already equal; our item in the ordered smtpd_recipient_restrictions goes at its end, and no earlier item may decide before it. Otherwise apply.sh stops before any change and says which answer resolves it. The SASL login to the store is not here: it is scoped to our master.cf service.',
  body: (c) => ({ kind: 'postconf', settings: settings(c) }),
};
