// Rules that need more than one field. They return plain data so the same
// rules produce schema issues (errors) and generator warnings.
import type { Answers } from './answers.ts';
import { rules } from './topologies/index.ts';

import type { FieldIssue, Usable } from './topologies/types.ts';

export type { FieldIssue, Usable } from './topologies/types.ts';
const ALL_USABLE: Usable = () => true;

export function crossFieldIssues(a: Answers, usable: Usable = ALL_USABLE): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { delivery, limits } = a;
  const hostAndVirtual = usable('mailHost', 'delivery.virtualDomains');
  const virtualAndMap = usable('delivery.virtualDomains', 'delivery.transportMapDomains');
  if (usable('delivery.virtualDomains'))
    delivery.virtualDomains.forEach((d, i) => {
      if (hostAndVirtual && d === a.mailHost) {
        issues.push({
          path: ['delivery', 'virtualDomains', i],
          message: `"${d}" is the Postfix host name; a domain cannot be both the host's own name and a virtual domain`,
        });
      }
      if (delivery.virtualDomains.indexOf(d) !== i) {
        issues.push({ path: ['delivery', 'virtualDomains', i], message: `"${d}" is listed twice` });
      }
      if (virtualAndMap && delivery.transportMapDomains.includes(d)) {
        issues.push({
          path: ['delivery', 'virtualDomains', i],
          message: `"${d}" is also in the transport map domains; route each domain one way only`,
        });
      }
    });
  const hostAndMap = usable('mailHost', 'delivery.transportMapDomains');
  if (usable('delivery.transportMapDomains'))
    delivery.transportMapDomains.forEach((d, i) => {
      if (hostAndMap && d === a.mailHost) {
        issues.push({
          path: ['delivery', 'transportMapDomains', i],
          message: `"${d}" is the Postfix host name; its mail is already local`,
        });
      }
      if (delivery.transportMapDomains.indexOf(d) !== i) {
        issues.push({ path: ['delivery', 'transportMapDomains', i], message: `"${d}" is listed twice` });
      }
    });
  const routes =
    Number(delivery.localRecipients) + delivery.virtualDomains.length + delivery.transportMapDomains.length;
  const routesUsable = usable(
    'delivery.localRecipients',
    'delivery.virtualDomains',
    'delivery.transportMapDomains',
    'delivery.defaultTransport',
  );
  if (routesUsable && routes === 0 && !delivery.defaultTransport) {
    issues.push({
      path: ['delivery', 'localRecipients'],
      message:
        'Choose at least one route to Cyrus: local recipients, virtual domains, transport map domains or the default transport',
    });
  }
  if (usable('upgradeFrom', 'target') && a.upgradeFrom !== 'none' && a.target !== 'debian-13') {
    issues.push({
      path: ['upgradeFrom'],
      message: 'Upgrading from Debian 12 makes a bundle for Debian 13: choose Debian 13 as the Debian release',
    });
  }
  const extraMx = usable('extraMx') ? rules(a).furtherMx(a) : [];
  if (extraMx.length > 0) {
    if (usable('limits.concurrency', 'limits.lmtpMaxChild')) {
      const sum = extraMx.reduce((n, m) => n + m.concurrency, limits.concurrency);
      if (sum > limits.lmtpMaxChild) {
        const parts = [
          `Postfix host ${limits.concurrency}`,
          ...extraMx.map((m, i) => `MX host ${i + 2} ${m.concurrency}`),
        ].join(' + ');
        issues.push({
          path: ['limits', 'concurrency'],
          message: `The MX hosts' parallel deliveries add up to ${sum} (${parts}), more than lmtpd maxchild (${limits.lmtpMaxChild}); every MX may open that many LMTP connections at once, and Cyrus would refuse the extra ones. Lower the parallel deliveries or raise lmtpd maxchild`,
        });
      }
    }
  } else if (usable('limits.concurrency', 'limits.lmtpMaxChild') && limits.concurrency > limits.lmtpMaxChild) {
    issues.push({
      path: ['limits', 'concurrency'],
      message: `Parallel deliveries (${limits.concurrency}) must not exceed lmtpd maxchild (${limits.lmtpMaxChild}); Cyrus would refuse the extra connections`,
    });
  }
  issues.push(...rules(a).issues(a, usable, extraMx));
  return issues;
}

/** Advice that does not block the bundle. */
export function crossFieldWarnings(a: Answers): FieldIssue[] {
  const warnings: FieldIssue[] = [];
  const { delivery } = a;
  if (delivery.localRecipients && delivery.virtualDomains.length > 0) {
    warnings.push(
      a.cyrus.virtdomains === 'userid'
        ? {
            path: ['cyrus', 'virtdomains'],
            message:
              'virtdomains is "userid" and local recipients also go to Cyrus: local mail arrives as user@' +
              a.mailHost +
              ', so the bundle sets defaultdomain to ' +
              a.mailHost +
              '. Local mail for any other domain in mydestination would look for a mailbox in that domain and bounce',
          }
        : {
            path: ['cyrus', 'virtdomains'],
            message:
              (a.cyrus.virtdomains === 'keep'
                ? 'virtdomains is "keep": apply.sh leaves the store\'s value, and where none is set (a fresh host) Cyrus uses "off". '
                : 'virtdomains is "off": ') +
              'Cyrus drops the domain, so user@ every virtual domain and the local user share one mailbox. Choose "userid" to keep domains apart (and read the warning that then applies to local recipients)',
          },
    );
  }
  if (delivery.defaultTransport) {
    warnings.push({
      path: ['delivery', 'defaultTransport'],
      message: rules(a).defaultTransportWarning,
    });
  }
  const domains = delivery.virtualDomains.length + delivery.transportMapDomains.length > 0;
  if (delivery.localRecipientCheck === 'any' && (delivery.localRecipients || domains)) {
    warnings.push({
      path: ['delivery', 'localRecipientCheck'],
      message:
        'Postfix will accept any recipient and let Cyrus refuse unknown mailboxes after the fact, which makes Postfix send bounces (backscatter risk on a public MX). Choose "cyrus" to refuse them during the SMTP dialogue',
    });
  }
  if (delivery.localRecipientCheck === 'unix' && domains) {
    warnings.push({
      path: ['delivery', 'localRecipientCheck'],
      message:
        'The Unix check covers local recipients only: Postfix accepts any address in the virtual and transport-map domains and bounces unknown ones after the fact (backscatter risk). Choose "cyrus" to check every domain',
    });
  }
  warnings.push(...rules(a).warnings(a));
  return warnings;
}
