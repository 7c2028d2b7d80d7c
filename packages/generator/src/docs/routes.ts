// Which routes the delivery limits act on, in one place: the main.cf
// explanations, the top README and the guide differences all say it with
// these sentences. Measured with pnpm bench:mail (docs/PERFORMANCE.md), and
// checked against the daemons' own logs and spool by the real-mail scenario
// "claims-single" (e2e/real-mail/cases/claims.ts), which reads these texts
// out of the bundle: keep the phrases "handed over once", "stores it once"
// and "separate delivery", and the parameter name of each route, in them.
import type { Answers } from '@lmtp-wizard/schema';
import { GUIDE } from '../facts.ts';

/** The routes where mail reaches our service straight from the queue manager, named by their main.cf parameters. */
const QUEUE_ROUTES =
  'virtual domains (virtual_transport), transport-map domains (transport_maps) and the default transport (default_transport)';

/** The recipient limit 0: where it makes one transaction and one stored copy of a message. */
export const handedOverOnce = (transport: string): string =>
  `For mail that reaches the "${transport}" service from the queue manager, that is ${QUEUE_ROUTES}, a message to many users is then handed over once and Cyrus stores it once (one LMTP transaction; the spool file is hard-linked into each mailbox).`;

/** The local route: local(8) delivers every recipient on its own. */
export const localSeparate = (transport: string): string =>
  `Local recipients (mailbox_transport) are each a separate delivery, whatever this limit says: local(8) expands aliases and .forward files recipient by recipient and hands each local recipient to the "${transport}" service on its own, so a message to ten local users is ten LMTP deliveries and ten stored copies, under the local transport's own limits.`;

/** The option for sites where mail to many local users matters, with its price. */
export const virtualOption =
  "Where mail to many local users matters (lists, mail to everyone), deliver your users' mail domain as a Cyrus virtual domain instead: list it under virtual domains and take it out of mydestination (the host name itself stays local). It then takes the virtual route, one transaction and one stored copy per message. The price: /etc/aliases and .forward files no longer apply to that domain (use virtual_alias_maps for aliases), and its addresses are Cyrus mailboxes only, not Unix accounts.";

export function concurrencyWhy(a: Answers, transport: string): string {
  return `Parallel LMTP connections to the store from the "${transport}" service, for ${QUEUE_ROUTES}; kept at or below lmtpd's maxchild (${a.limits.lmtpMaxChild}) in cyrus.conf, since deliveries above it wait for a free lmtpd. ${
    a.delivery.localRecipients
      ? "This destination limit does not act on local recipients (mailbox_transport): local(8) hands them over one at a time, under the local transport's limits, and only the service's process limit in master.cf (the same number) caps them. "
      : ''
  }20 by default: in our delivery benchmark 100 was no faster than 20 and cost more connections and CPU, and 20 stays within stock Debian's maxchild of 20 (docs/PERFORMANCE.md). The guide sets lmtp_destination_concurrency_limit, which only reaches a service named "lmtp"; Postfix reads <service>_destination_* for the service the mail uses. ${GUIDE.tcpStep1}.`;
}

export function recipientLimitWhy(a: Answers, transport: string): string {
  const limit =
    a.limits.recipients === 0
      ? `Recipients per LMTP transaction: 0, the guide's value, which Postfix reads as no limit. ${handedOverOnce(transport)}`
      : `Recipients per LMTP transaction: at most ${a.limits.recipients} (Cyrus accepts many), for ${QUEUE_ROUTES}; a message to more users is handed over in several transactions, and Cyrus stores one copy per transaction.`;
  return `${limit}${a.delivery.localRecipients ? ` ${localSeparate(transport)}` : ''} ${GUIDE.tcpStep1}.`;
}

/** The top README's section on what the limits act on (the default route included). */
export function routesReadme(a: Answers, transport: string): string[] {
  return [
    '## Delivery limits and routes',
    '',
    `The concurrency limit (${a.limits.concurrency}) and the recipient limit (${a.limits.recipients === 0 ? '0, no limit' : a.limits.recipients}) are set for the "${transport}" service (${transport}_destination_*).${a.limits.recipients === 0 ? ` ${handedOverOnce(transport)}` : ` They act on ${QUEUE_ROUTES}.`}`,
    ...(a.delivery.localRecipients ? ['', localSeparate(transport), '', virtualOption] : []),
    '',
  ];
}
