// Rules that need more than one field. They return plain data so the same
// rules produce schema issues (errors) and generator warnings.
import type { Answers, RemoteAnswers } from './answers.ts';
import { IPV4_RE, isIpv6 } from './fields.ts';

export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Whether every named answer holds what the person gave (dotted paths).
 * On answers that did not fully parse, a refused or missing field stands in
 * with its default or a placeholder (see partial.ts), and a rule that reads
 * one is skipped: it would judge, and quote, a value nobody typed.
 */
export type Usable = (...paths: string[]) => boolean;
const ALL_USABLE: Usable = () => true;

export function crossFieldIssues(a: Answers, usable: Usable = ALL_USABLE): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { delivery, limits } = a;
  const hostAndVirtual = usable('mailHost', 'delivery.virtualDomains');
  const virtualAndMap = usable('delivery.virtualDomains', 'delivery.transportMapDomains');
  if (usable('delivery.virtualDomains')) delivery.virtualDomains.forEach((d, i) => {
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
  if (usable('delivery.transportMapDomains')) delivery.transportMapDomains.forEach((d, i) => {
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
  const routesUsable = usable('delivery.localRecipients', 'delivery.virtualDomains', 'delivery.transportMapDomains', 'delivery.defaultTransport');
  if (routesUsable && routes === 0 && !delivery.defaultTransport) {
    issues.push({
      path: ['delivery', 'localRecipients'],
      message: 'Choose at least one route to Cyrus: local recipients, virtual domains, transport map domains or the default transport',
    });
  }
  if (usable('upgradeFrom', 'target') && a.upgradeFrom !== 'none' && a.target !== 'debian-13') {
    issues.push({ path: ['upgradeFrom'], message: 'Upgrading from Debian 12 makes a bundle for Debian 13: choose Debian 13 as the Debian release' });
  }
  const extraMx = a.topology === 'remote' && usable('extraMx') ? a.extraMx : [];
  if (extraMx.length > 0) {
    if (usable('limits.concurrency', 'limits.lmtpMaxChild')) {
      const sum = extraMx.reduce((n, m) => n + m.concurrency, limits.concurrency);
      if (sum > limits.lmtpMaxChild) {
        const parts = [`Postfix host ${limits.concurrency}`, ...extraMx.map((m, i) => `MX host ${i + 2} ${m.concurrency}`)].join(' + ');
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
  if (a.topology === 'remote') {
    if (usable('tcp.storeHost', 'mailHost') && a.tcp.storeHost === a.mailHost) {
      issues.push({
        path: ['tcp', 'storeHost'],
        message: 'The Cyrus store host is the Postfix host itself; choose the single-host topology instead',
      });
    }
    issues.push(...extraMxIssues(a, extraMx, usable));
    const { tls } = a;
    if (usable('tls.mode', 'tls.storeCert') && tls.mode !== 'off' && tls.storeCert === 'existing') {
      if (usable('tls.certPath') && tls.certPath === '') issues.push({ path: ['tls', 'certPath'], message: 'Give the path of the certificate on the store, or let the store\'s apply.sh make a self-signed one' });
      if (usable('tls.keyPath') && tls.keyPath === '') issues.push({ path: ['tls', 'keyPath'], message: 'Give the path of the private key on the store, or let the store\'s apply.sh make a self-signed one' });
    }
    if (usable('tls.mode') && tls.mode === 'ca') {
      if (usable('tls.caFile') && tls.caFile === '') issues.push({ path: ['tls', 'caFile'], message: 'Give the CA file on the Postfix host that signed the store\'s certificate, or pin its fingerprint instead' });
      if (usable('tls.verifyName', 'tcp.storeHost') && tls.verifyName === '' && (IPV4_RE.test(a.tcp.storeHost) || isIpv6(a.tcp.storeHost))) {
        issues.push({ path: ['tls', 'verifyName'], message: `The store is the IP address ${a.tcp.storeHost}: give the host name its certificate carries (Postfix matches names, not addresses), or pin its fingerprint instead` });
      }
    }
  }
  if (a.topology === 'murder') issues.push(...murderIssues(a, usable));
  if (a.topology !== 'single-host') issues.push(...tlsCombinationIssues(a.tls, usable));
  return issues;
}

/**
 * TLS choices that cannot work together (issue 24): in CA mode Postfix checks
 * the store's certificate against the CA file, and a certificate the store's
 * apply.sh made itself is signed by no CA, so every delivery would fail the
 * check. Placed on "Store certificate", the answer to change, on its own step.
 */
function tlsCombinationIssues(tls: RemoteAnswers['tls'], usable: Usable): FieldIssue[] {
  if (!usable('tls.mode', 'tls.storeCert') || tls.mode !== 'ca' || tls.storeCert !== 'self-signed') return [];
  return [{
    path: ['tls', 'storeCert'],
    message: 'A self-signed certificate fails the CA check, because no CA signed it: Postfix would refuse the store and keep every message in its queue. Choose an existing certificate that your CA signed for the store\'s name, or pin the store\'s certificate instead of checking it with a CA',
  }];
}

/** Each further MX (issue 15): its own name, and its own SASL user unless every MX shares one. */
function extraMxIssues(a: RemoteAnswers, extraMx: RemoteAnswers['extraMx'], usable: Usable): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const shared = a.sasl.sharedUser;
  const sharedKnown = usable('sasl.sharedUser');
  extraMx.forEach((m, i) => {
    const at = (key: string): (string | number)[] => ['extraMx', i, key];
    if (usable('mailHost') && m.host === a.mailHost) issues.push({ path: at('host'), message: `"${m.host}" is the first MX (the Postfix host name); list each further MX once` });
    else if (extraMx.findIndex((o) => o.host === m.host) !== i) issues.push({ path: at('host'), message: `"${m.host}" is listed twice` });
    if (usable('tcp.storeHost') && m.host === a.tcp.storeHost) issues.push({ path: at('host'), message: `"${m.host}" is the Cyrus store; an MX delivers to the store from another host` });
    if (!sharedKnown) return;
    if (shared) {
      if (m.username !== '') issues.push({ path: at('username'), message: `Every MX logs in as the shared user "${a.sasl.username}" (“One SASL user for every MX host” is on); leave this MX's own user empty, or give each MX its own user` });
      if (m.password !== '') issues.push({ path: at('password'), message: `Every MX logs in as the shared user (“One SASL user for every MX host” is on); leave this MX's own password empty, or give each MX its own user` });
      return;
    }
    if (m.username === '') issues.push({ path: at('username'), message: `Give ${m.host} its own SASL user (such as "postman${i + 2}"), so that it can be revoked alone; or turn on “One SASL user for every MX host”` });
    else if (usable('sasl.username') && m.username === a.sasl.username) issues.push({ path: at('username'), message: `"${m.username}" is the first MX's user (“SASL user name” above); give each MX its own user, or turn on “One SASL user for every MX host”` });
    else if (extraMx.findIndex((o) => o.username === m.username) !== i) issues.push({ path: at('username'), message: `"${m.username}" is another MX's user already; give each MX its own` });
    if (m.password === '') issues.push({ path: at('password'), message: `Give the SASL password of "${m.username || m.host}"` });
  });
  return issues;
}

/**
 * A Murder's hosts each get one folder (mupdate-, backend-, frontend-<host>/),
 * so every Cyrus host is named once and none is the Postfix host; Cyrus keys
 * a backend's own settings (its password, its mechanisms) by the first label
 * of its name, so those labels must differ.
 */
function murderIssues(a: Extract<Answers, { topology: 'murder' }>, usable: Usable): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (!usable('murder.mupdateHost', 'murder.frontends', 'murder.backends', 'mailHost')) return out;
  const { mupdateHost } = a.murder;
  const seen = new Map<string, string>([[a.mailHost, 'the Postfix host'], [mupdateHost, 'the mupdate master']]);
  if (mupdateHost === a.mailHost) out.push({ path: ['murder', 'mupdateHost'], message: `"${mupdateHost}" is the Postfix host; the mupdate master needs a host of its own in this bundle` });
  const labels = new Map<string, string>();
  const list = (field: 'frontends' | 'backends', role: string) =>
    a.murder[field].forEach((h, i) => {
      const other = seen.get(h);
      if (other) out.push({ path: ['murder', field, i], message: `"${h}" is already ${other}; each host has one role in this bundle` });
      else seen.set(h, `a ${role}`);
      if (field === 'backends') {
        const label = h.split('.')[0] ?? h;
        const clash = labels.get(label);
        if (clash) out.push({ path: ['murder', field, i], message: `"${h}" and "${clash}" share the first label "${label}"; Cyrus keys a backend's own settings by it (${label}_password, ${label}_mechs), so it must differ` });
        else labels.set(label, h);
      }
    });
  list('backends', 'backend');
  list('frontends', 'frontend');
  out.push(...backendPasswordIssues(a.murder, usable));
  return out;
}

/**
 * One proxy password per backend (issue 15): its own in
 * murder.backendPasswords (same order as murder.backends), or
 * murder.proxyPassword for every backend without one.
 */
function backendPasswordIssues(m: Extract<Answers, { topology: 'murder' }>['murder'], usable: Usable): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (!usable('murder.backends', 'murder.backendPasswords', 'murder.proxyPassword')) return out;
  const { backends, backendPasswords, proxyPassword } = m;
  if (backendPasswords.length > backends.length) {
    out.push({ path: ['murder', 'backendPasswords'], message: `${backendPasswords.length} backend proxy passwords for ${backends.length} backends; give one per line of “Backend hosts”, in its order` });
  }
  if (proxyPassword !== '') return out;
  backends.forEach((b, i) => {
    if ((backendPasswords[i]?.password ?? '') === '') {
      out.push({ path: ['murder', 'backendPasswords', i, 'password'], message: `Give backend "${b}" its proxy password (“Backend ${i + 1}: proxy password”), or one proxy password for every backend (“Proxy password (every backend without its own)”)` });
    }
  });
  return out;
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
      message:
        a.topology === 'single-host'
          ? 'On a single host this sends all outbound mail into Cyrus: every message your users send to other domains (gmail.com, your customers) is delivered to a local mailbox, or bounces, instead of going out to the internet. Leave it off unless this host never sends mail out'
          : 'All mail that is not otherwise routed will go to Cyrus, including mail to other domains; use this only on a store-only relay',
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
  if (a.topology === 'remote') {
    const { storeHost, listenAddress } = a.tcp;
    // A warning, not an error: behind NAT the store's own address differs from the one Postfix dials.
    if (listenAddress !== '' && (IPV4_RE.test(storeHost) || isIpv6(storeHost)) && storeHost !== listenAddress) {
      warnings.push({
        path: ['tcp', 'listenAddress'],
        message: `Postfix connects to ${storeHost}, but lmtpd would listen only on ${listenAddress}; unless a NAT forwards one to the other, use the same address, or leave the listen address empty`,
      });
    }
  }
  if (a.topology === 'remote' && a.extraMx.length > 0 && a.tcp.allowFrom.length > 0 && a.tcp.allowFrom.length <= a.extraMx.length) {
    warnings.push({
      path: ['tcp', 'allowFrom'],
      message: `${a.extraMx.length + 1} MX hosts deliver to the store, and “Addresses allowed to connect” list ${a.tcp.allowFrom.length}: the store's tcp wrappers refuse every MX whose address is not covered. List each MX's address, or a network that holds them all`,
    });
  }
  if (a.topology === 'remote' && a.tls.mode === 'off') {
    warnings.push({
      path: ['tls', 'mode'],
      message:
        'TLS off: every message crosses the network between Postfix and the store in plain text. SCRAM protects the password, but not the mail; anyone on the path can read it. Use TLS unless the two hosts share a cable you trust',
    });
  }
  if (a.topology === 'remote' && a.tcp.listenAddress === '' && a.tcp.allowFrom.length === 0) {
    warnings.push({
      path: ['tcp', 'listenAddress'],
      message:
        'LMTP open to every host that can reach the store: lmtpd listens on every address and no tcp-wrapper rule limits who connects. Only a SASL login stands in the way; set a listen address or the allowed Postfix addresses',
    });
  }
  return warnings;
}
