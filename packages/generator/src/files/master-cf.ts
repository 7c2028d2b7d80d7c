// The Cyrus delivery service in master.cf, a copy of Postfix's lmtp service.
import type { Context } from '../context.ts';
import { GUIDE, series } from '../facts.ts';
import { saslPasswdPath } from './sasl-passwd.ts';
import type { FileModule } from './module.ts';
import { failoverNote } from '../topologies/murder/facts.ts';
import { tlsMasterExplanation, tlsMasterOptions, tlsProxyServices } from './lmtp-tls.ts';

/**
 * The lmtp client settings only our service needs, as -o options (lmtp(8)
 * reads lmtp_* names whatever the service is called). As global main.cf
 * settings they would also reach the stock "lmtp" service and every other
 * LMTP client (Dovecot, amavis).
 */
const scopedOptions = (c: Context): string[] =>
  !c.remote
    ? []
    : [
        'lmtp_sasl_auth_enable=yes',
        `lmtp_sasl_password_maps=${c.release.postfixMapType}:${saslPasswdPath(c)}`,
        'lmtp_host_lookup=native',
        ...tlsMasterOptions(c),
      ].flatMap((o) => ['-o', o]);

export const masterCf: FileModule = {
  id: 'master-cf',
  role: 'postfix',
  applies: () => true,
  target: '/etc/postfix/master.cf',
  path: 'files/etc/postfix/master.cf.fragment',
  mode: 0o644,
  guideRef: GUIDE.postfix,
  explanation: (c) =>
    `A private copy of the lmtp delivery agent named "${c.transport}", as the guide suggests, so that LMTP connections to Cyrus are cached on their own and the stock "lmtp" service stays free for other uses (a content filter, say). apply.sh adds it with "postconf -M" without touching the other services. It runs outside Postfix's chroot (column 5 is "n")${c.local ? ': the Cyrus socket lives in /run, which a chrooted process cannot see' : ', so it reads /etc/hosts and the SASL libraries of the host itself'}. Its process limit matches the concurrency limit.${
      c.remote
        ? ` Cyrus refuses unauthenticated LMTP over TCP (${GUIDE.tcpStep1}), so the service logs in with SASL: -o lmtp_sasl_auth_enable=yes and -o lmtp_sasl_password_maps=${c.release.postfixMapType}:${saslPasswdPath(c)} (our own credentials file). -o lmtp_host_lookup=native uses the system resolver, so a store listed only in /etc/hosts is found too (Postfix looks LMTP hosts up in DNS only by default; the guide does not mention this). The guide sets these in main.cf, where every LMTP client would read them; as -o options they reach only this service. The guide also sets "lmtp_sasl_security_options =" (empty) to allow plain-text passwords. We leave Postfix's default (noplaintext, noanonymous): with sasldb, Postfix ${series(c.release.postfixVersion)} and Cyrus ${series(c.release.cyrusVersion)} agree on SCRAM by themselves, so the password never crosses the network in clear. Only a store that offers nothing but PLAIN or LOGIN (saslauthd, for example) would need the empty value.${failoverNote(c)}${tlsMasterExplanation(c)}`
        : ''
    }`,
  body: (c) => ({
    kind: 'postconf-master',
    services: [
      {
        service: c.transport,
        type: 'unix',
        private: '-',
        unpriv: '-',
        chroot: 'n',
        wakeup: '-',
        maxproc: String(c.a.limits.concurrency),
        command: 'lmtp',
        args: scopedOptions(c),
        source: 'delivery.transportName',
        why: `"${c.transport}": lmtp(8) for Cyrus, not chrooted. ${GUIDE.unix}; ${GUIDE.tcpStep3}.`,
      },
      ...tlsProxyServices(c),
    ],
  }),
};
