// TLS on the remote LMTP hop (issue 11): what the store's imapd.conf gets
// under our service's prefix, and the -o options of our master.cf service.
// lmtpd has no implicit-TLS mode; STARTTLS is the only way, and Postfix
// insists on it (level fingerprint or verify), so nothing goes in clear.
import { isIpv6, IPV4_RE } from '@lmtp-wizard/schema';
import type { Context } from '../context.ts';
import { GUIDE, series } from '../facts.ts';
import type { CyrusSetting } from '../serializers/cyrus-kv.ts';
import type { MasterService } from '../serializers/master-cf.ts';

/**
 * Stands for the store's SHA-256 fingerprint in the master.cf row. apply.sh
 * puts the value given with --store-fingerprint (or the one already pinned)
 * in its place at run time; the bundle never holds it, so a bundle made
 * before the store's key pair exists is still the right one.
 */
export const FINGERPRINT_SLOT = 'STORE-SHA256-FINGERPRINT';

export { tlsPlanOf, type TlsPlan } from './tls-plan.ts';

/** subjectAltName of the self-signed certificate: the name or address Postfix dials. */
export const subjectAltName = (host: string): string =>
  IPV4_RE.test(host) || isIpv6(host) ? `IP:${host}` : `DNS:${host}`;

const EXCLUSIVE =
  'another value under our service\'s prefix is someone else\'s TLS setup for this service; remove it by hand first, or answer tls.storeCert "existing" with its paths';

/** imapd.conf keys under our service's prefix: they reach lmtpd on our port only. */
export function tlsImapdSettings(c: Context): CyrusSetting[] {
  const a = c.remote;
  const t = c.tls;
  if (!a || !t) return [];
  const s = a.tcp.serviceName;
  const r = c.release;
  const where = `Under the prefix "${s}_" (answer tcp.serviceName) the key reaches our lmtpd service alone; imapd and the Unix-socket lmtpd keep their own settings.`;
  const out: CyrusSetting[] = [
    {
      key: `${s}_tls_server_cert`,
      value: t.cert,
      policy: 'exclusive',
      resolve: EXCLUSIVE,
      source: 'tls.storeCert',
      why: `${t.selfSigned ? 'The self-signed certificate apply.sh makes on the store' : 'Your certificate on the store'}. lmtpd offers STARTTLS only when a certificate and key are set (lmtpd has no implicit-TLS port). ${where} ${GUIDE.beyond}.`,
    },
    {
      key: `${s}_tls_server_key`,
      value: t.key,
      policy: 'exclusive',
      resolve: EXCLUSIVE,
      source: 'tls.storeCert',
      why: `Its private key. ${t.selfSigned ? 'Made on the store, owned by cyrus, mode 0600; it never leaves the store and is never in the bundle.' : 'It must be readable by the cyrus user; apply.sh checks that before any change.'}`,
    },
  ];
  if (r.tls.allowStarttlsKey) {
    out.push({
      key: `${s}_allowstarttls`,
      value: 'on',
      policy: 'exclusive',
      resolve: EXCLUSIVE,
      source: 'tls.mode',
      why: `Cyrus ${series(r.cyrusVersion)} on ${r.label} keeps STARTTLS off unless told (cyr_info conf-default: "allowstarttls: no"; Debian's NEWS for 3.10.2-1). Cyrus 3.6 has no such key and offers STARTTLS as soon as a certificate is set.`,
    });
  }
  out.push(
    {
      key: `${s}_allowplaintext`,
      value: 'no',
      policy: 'exclusive',
      resolve: EXCLUSIVE,
      source: 'tls.mode',
      why: "PLAIN and LOGIN only after STARTTLS: lmtpd ignores tls_required, so this is what keeps a clear-text password off the wire. Debian's imapd.conf sets allowplaintext: yes for every service; the guide's advice to allow plain-text logins is undone here for our service.",
    },
    {
      key: `${s}_tls_client_certs`,
      value: 'off',
      policy: 'exclusive',
      resolve: EXCLUSIVE,
      source: 'tls.mode',
      why: 'Ask for no client certificate. Otherwise a verified client certificate logs the session in by its name, skipping SASL and the admins check, and Debian trusts every public CA (tls_client_ca_dir: /etc/ssl/certs).',
    },
    {
      key: `${s}_tls_versions`,
      value: 'tls1_2 tls1_3',
      policy: 'exclusive',
      resolve: EXCLUSIVE,
      source: 'tls.mode',
      why: "TLS 1.2 and 1.3 only; Cyrus's default still allows 1.0 and 1.1. Postfix speaks both.",
    },
  );
  return out;
}

/** The -o options of our master.cf service. */
export function tlsMasterOptions(c: Context): string[] {
  const t = c.tls;
  const a = c.remote;
  if (!t || !a) return [];
  const trust =
    t.mode === 'fingerprint'
      ? [
          'lmtp_tls_security_level=fingerprint',
          `lmtp_tls_fingerprint_cert_match=${FINGERPRINT_SLOT}`,
          'lmtp_tls_fingerprint_digest=sha256',
        ]
      : ['lmtp_tls_security_level=verify', `lmtp_tls_CAfile=${a.tls.caFile}`, `lmtp_tls_verify_cert_match=${t.name}`];
  return [
    ...trust,
    'lmtp_tls_connection_reuse=yes',
    `tlsproxy_service_name=${tlsProxyName(c)}`,
    'lmtp_tls_loglevel=1',
    'lmtp_sasl_tls_security_options=noanonymous',
    ...(c.release.tls.tlsRequiredKey ? ['tls_required_enable=no'] : []),
  ];
}

/** Our own tlsproxy(8) service: it keeps our TLS sessions open between deliveries. */
export const tlsProxyName = (c: Context): string => `${c.transport}-tlsproxy`;

/**
 * Without it, Postfix cannot cache a TLS connection (the session lives in the
 * lmtp process), so every delivery pays a TCP connect, a TLS handshake and a
 * SASL login (bench:tls: one of each per message). With
 * lmtp_tls_connection_reuse, tlsproxy holds the session and the connection
 * cache works as it does in clear. A service of our own, not the stock
 * "tlsproxy": that one may serve postscreen or be chrooted, and its client
 * role is off unless smtp_tls_security_level says otherwise.
 */
export function tlsProxyServices(c: Context): MasterService[] {
  if (!c.tls) return [];
  return [
    {
      service: tlsProxyName(c),
      type: 'unix',
      private: '-',
      unpriv: '-',
      chroot: 'n',
      wakeup: '-',
      maxproc: '0',
      command: 'tlsproxy',
      args: ['-o', 'tlsproxy_client_security_level=may'],
      source: 'tls.mode',
      why: `"${tlsProxyName(c)}": tlsproxy(8) for our service only, so that its TLS connections to the store are reused. Not chrooted, like our service, so it reads what our service reads.`,
    },
  ];
}

/** The explanation of the -o options, for master.cf's text. */
export function tlsMasterExplanation(c: Context): string {
  const t = c.tls;
  const a = c.remote;
  const r = c.release;
  if (!a) return '';
  if (!t) return ' TLS is off (answer tls.mode): every message crosses the network in plain text.';
  const several = c.stores.length > 1;
  const trust =
    t.mode === 'fingerprint'
      ? several
        ? ` -o lmtp_tls_security_level=fingerprint with -o lmtp_tls_fingerprint_cert_match pins the frontends' certificates by their SHA-256 fingerprints, one per frontend (${c.stores.join(', ')}), comma-separated: no CA is needed, and a frontend that presents no listed certificate, or offers no STARTTLS, is skipped for the next one (the mail stays queued when none is left; nothing goes in clear). apply.sh writes the fingerprints you give it with --store-fingerprint HOST=SHA256, one per frontend (each frontend's apply.sh prints the whole command), and checks before any change that each frontend presents its own; in the bundle they are the placeholder ${FINGERPRINT_SLOT}. -o lmtp_tls_fingerprint_digest=sha256 is explicit because its default depends on compatibility_level: below 3.6, and on a main.cf that sets none, it is md5.`
        : ` -o lmtp_tls_security_level=fingerprint with -o lmtp_tls_fingerprint_cert_match pins the store's certificate by its SHA-256 fingerprint: no CA is needed, and any other certificate, or a store that offers no STARTTLS, defers the mail (it stays queued; nothing goes in clear). apply.sh writes the fingerprint you give it with --store-fingerprint (the store's apply.sh prints the exact command); in the bundle it is the placeholder ${FINGERPRINT_SLOT}. -o lmtp_tls_fingerprint_digest=sha256 is explicit because its default depends on compatibility_level: below 3.6, and on a main.cf that sets none, it is md5.`
      : several && t.name === 'hostname'
        ? ` -o lmtp_tls_security_level=verify checks each frontend's certificate against ${a.tls.caFile} (-o lmtp_tls_CAfile), and -o lmtp_tls_verify_cert_match=hostname requires each frontend's own name in its certificate (${c.stores.join(', ')}).`
        : ` -o lmtp_tls_security_level=verify checks the store's certificate against ${a.tls.caFile} (-o lmtp_tls_CAfile) and requires the name ${t.name} in it (-o lmtp_tls_verify_cert_match${IPV4_RE.test(a.tcp.storeHost) || isIpv6(a.tcp.storeHost) ? '; Postfix matches names, not the IP address it dials' : ''}).`;
  return `${trust} -o lmtp_tls_connection_reuse=yes with -o tlsproxy_service_name=${tlsProxyName(c)}: Postfix cannot cache a TLS connection by itself, so without these every message pays a new connection, a TLS handshake and a SASL login; with them, the service "${tlsProxyName(c)}" (tlsproxy(8), ours alone, its client role on with tlsproxy_client_security_level=may; the level that counts is still the one above) holds the TLS sessions and the connection cache works as it does in clear. -o lmtp_tls_loglevel=1 logs one line per TLS connection ("Verified TLS connection established to ...", "... reused to ..." for a cached one). -o lmtp_sasl_tls_security_options=noanonymous: inside TLS, Postfix otherwise inherits lmtp_sasl_security_options (noplaintext), which would refuse PLAIN even where it is now encrypted.${
    r.tls.tlsRequiredKey
      ? ` -o tls_required_enable=no: Postfix ${series(r.postfixVersion)} honours a "TLS-Required: no" header in a message and lowers the level to "may"; on this hop a sender must not choose that.`
      : ` Postfix ${series(r.postfixVersion)} on ${r.label} does not know the "TLS-Required: no" header (3.10 does), so no sender can lower the level.`
  } ${GUIDE.beyond}.`;
}
