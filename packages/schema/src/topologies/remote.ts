// The remote topology's own rules (the store on another host, several MX
// hosts): what crossFieldIssues and crossFieldWarnings add for it.
import type { RemoteAnswers } from '../answers.ts';
import type { FieldIssue, TopologyRules, Usable } from './types.ts';
import { IPV4_RE, isIpv6 } from '../fields.ts';

/**
 * TLS choices that cannot work together (issue 24): in CA mode Postfix checks
 * the store's certificate against the CA file, and a certificate the store's
 * apply.sh made itself is signed by no CA, so every delivery would fail the
 * check. Placed on "Store certificate", the answer to change, on its own step.
 * The Murder's frontends take the same TLS answers.
 */
export function tlsCombinationIssues(tls: RemoteAnswers['tls'], usable: Usable): FieldIssue[] {
  if (!usable('tls.mode', 'tls.storeCert') || tls.mode !== 'ca' || tls.storeCert !== 'self-signed') return [];
  return [
    {
      path: ['tls', 'storeCert'],
      message:
        "A self-signed certificate fails the CA check, because no CA signed it: Postfix would refuse the store and keep every message in its queue. Choose an existing certificate that your CA signed for the store's name, or pin the store's certificate instead of checking it with a CA",
    },
  ];
}

/** Each further MX (issue 15): its own name, and its own SASL user unless every MX shares one. */
function extraMxIssues(
  a: RemoteAnswers,
  extraMx: readonly RemoteAnswers['extraMx'][number][],
  usable: Usable,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const shared = a.sasl.sharedUser;
  const sharedKnown = usable('sasl.sharedUser');
  extraMx.forEach((m, i) => {
    const at = (key: string): (string | number)[] => ['extraMx', i, key];
    if (usable('mailHost') && m.host === a.mailHost)
      issues.push({
        path: at('host'),
        message: `"${m.host}" is the first MX (the Postfix host name); list each further MX once`,
      });
    else if (extraMx.findIndex((o) => o.host === m.host) !== i)
      issues.push({ path: at('host'), message: `"${m.host}" is listed twice` });
    if (usable('tcp.storeHost') && m.host === a.tcp.storeHost)
      issues.push({
        path: at('host'),
        message: `"${m.host}" is the Cyrus store; an MX delivers to the store from another host`,
      });
    if (!sharedKnown) return;
    if (shared) {
      if (m.username !== '')
        issues.push({
          path: at('username'),
          message: `Every MX logs in as the shared user "${a.sasl.username}" (“One SASL user for every MX host” is on); leave this MX's own user empty, or give each MX its own user`,
        });
      if (m.password !== '')
        issues.push({
          path: at('password'),
          message: `Every MX logs in as the shared user (“One SASL user for every MX host” is on); leave this MX's own password empty, or give each MX its own user`,
        });
      return;
    }
    if (m.username === '')
      issues.push({
        path: at('username'),
        message: `Give ${m.host} its own SASL user (such as "postman${i + 2}"), so that it can be revoked alone; or turn on “One SASL user for every MX host”`,
      });
    else if (usable('sasl.username') && m.username === a.sasl.username)
      issues.push({
        path: at('username'),
        message: `"${m.username}" is the first MX's user (“SASL user name” above); give each MX its own user, or turn on “One SASL user for every MX host”`,
      });
    else if (extraMx.findIndex((o) => o.username === m.username) !== i)
      issues.push({
        path: at('username'),
        message: `"${m.username}" is another MX's user already; give each MX its own`,
      });
    if (m.password === '')
      issues.push({ path: at('password'), message: `Give the SASL password of "${m.username || m.host}"` });
  });
  return issues;
}

/** delivery.defaultTransport where Postfix hands mail to a store (the remote topology, a Murder). */
export const OTHER_DEFAULT_TRANSPORT =
  'All mail that is not otherwise routed will go to Cyrus, including mail to other domains; use this only on a store-only relay';

export const remoteRules: TopologyRules<RemoteAnswers> = {
  furtherMx: (a) => a.extraMx,
  issues: (a, usable, extraMx) => {
    const issues: FieldIssue[] = [];
    if (usable('tcp.storeHost', 'mailHost') && a.tcp.storeHost === a.mailHost) {
      issues.push({
        path: ['tcp', 'storeHost'],
        message: 'The Cyrus store host is the Postfix host itself; choose the single-host topology instead',
      });
    }
    issues.push(...extraMxIssues(a, extraMx, usable));
    const { tls } = a;
    if (usable('tls.mode', 'tls.storeCert') && tls.mode !== 'off' && tls.storeCert === 'existing') {
      if (usable('tls.certPath') && tls.certPath === '')
        issues.push({
          path: ['tls', 'certPath'],
          message: "Give the path of the certificate on the store, or let the store's apply.sh make a self-signed one",
        });
      if (usable('tls.keyPath') && tls.keyPath === '')
        issues.push({
          path: ['tls', 'keyPath'],
          message: "Give the path of the private key on the store, or let the store's apply.sh make a self-signed one",
        });
    }
    if (usable('tls.mode') && tls.mode === 'ca') {
      if (usable('tls.caFile') && tls.caFile === '')
        issues.push({
          path: ['tls', 'caFile'],
          message:
            "Give the CA file on the Postfix host that signed the store's certificate, or pin its fingerprint instead",
        });
      if (
        usable('tls.verifyName', 'tcp.storeHost') &&
        tls.verifyName === '' &&
        (IPV4_RE.test(a.tcp.storeHost) || isIpv6(a.tcp.storeHost))
      ) {
        issues.push({
          path: ['tls', 'verifyName'],
          message: `The store is the IP address ${a.tcp.storeHost}: give the host name its certificate carries (Postfix matches names, not addresses), or pin its fingerprint instead`,
        });
      }
    }
    issues.push(...tlsCombinationIssues(a.tls, usable));
    return issues;
  },
  warnings: (a) => {
    const warnings: FieldIssue[] = [];
    const { storeHost, listenAddress } = a.tcp;
    // A warning, not an error: behind NAT the store's own address differs from the one Postfix dials.
    if (listenAddress !== '' && (IPV4_RE.test(storeHost) || isIpv6(storeHost)) && storeHost !== listenAddress) {
      warnings.push({
        path: ['tcp', 'listenAddress'],
        message: `Postfix connects to ${storeHost}, but lmtpd would listen only on ${listenAddress}; unless a NAT forwards one to the other, use the same address, or leave the listen address empty`,
      });
    }
    if (a.extraMx.length > 0 && a.tcp.allowFrom.length > 0 && a.tcp.allowFrom.length <= a.extraMx.length) {
      warnings.push({
        path: ['tcp', 'allowFrom'],
        message: `${a.extraMx.length + 1} MX hosts deliver to the store, and “Addresses allowed to connect” list ${a.tcp.allowFrom.length}: the store's tcp wrappers refuse every MX whose address is not covered. List each MX's address, or a network that holds them all`,
      });
    }
    if (a.tls.mode === 'off') {
      warnings.push({
        path: ['tls', 'mode'],
        message:
          'TLS off: every message crosses the network between Postfix and the store in plain text. SCRAM protects the password, but not the mail; anyone on the path can read it. Use TLS unless the two hosts share a cable you trust',
      });
    }
    if (a.tcp.listenAddress === '' && a.tcp.allowFrom.length === 0) {
      warnings.push({
        path: ['tcp', 'listenAddress'],
        message:
          'LMTP open to every host that can reach the store: lmtpd listens on every address and no tcp-wrapper rule limits who connects. Only a SASL login stands in the way; set a listen address or the allowed Postfix addresses',
      });
    }
    return warnings;
  },
  defaultTransportWarning: OTHER_DEFAULT_TRANSPORT,
};
