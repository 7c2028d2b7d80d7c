// The read-only checks first: IPv6 in Postfix for an IPv6 store, and the packages.
import { GUIDE, series } from '../../facts.ts';
import { sh, word } from '../../serializers/shell.ts';
import type { StepHost, StepModule } from './module.ts';

export const ipv6Check: StepModule = {
  id: 'ipv6',
  steps: ({ c, postfix }) => {
    const r = c.release;
    // only the Postfix host reads the store hosts here (the preview keeps a folder that does not read an answer)
    const v6 = postfix && c.remote ? c.stores.filter((h) => h.includes(':')) : [];
    if (v6.length === 0) return [];
    return [
      {
        title: 'Check that Postfix may use IPv6',
        explanation: `The store is the IPv6 address ${v6.join(', ')}. A Postfix set to inet_protocols = ipv4 (a choice dpkg-reconfigure offers) bounces every such message at once with "Address family for hostname not supported" (checked on Postfix ${series(r.postfixVersion)}, ${r.label}). apply.sh stops here before changing anything when that is so, rather than changing inet_protocols itself: that setting also decides what Postfix listens on, and needs a full stop and start.`,
        guideRef: GUIDE.tcp,
        commands: v6.map((h) => sh`require_ipv6 ${word(h, 'tcp.storeHost')}`),
      },
    ];
  },
};

/** The packages this host needs, in the order apply.sh installs them. */
export function hostPackages({ c, postfix, cyrus, tls }: StepHost): string[] {
  const r = c.release;
  const remote = c.remote !== null;
  const wrappers = (c.remote?.tcp.allowFrom.length ?? 0) > 0;
  return [
    ...(postfix ? [...r.packages.postfix, ...(remote ? r.packages.postfixRemote : [])] : []),
    ...(cyrus ? [...r.packages.cyrus, ...(remote ? r.packages.cyrusRemote : [])] : []),
    ...(cyrus && wrappers ? r.packages.cyrusWrappers : []),
    ...(cyrus && tls ? r.packages.cyrusTls : []),
    // mupdate: the master's "mupdate -m" and each frontend's mupdate slave
    ...(cyrus && (c.part?.kind === 'mupdate' || c.part?.kind === 'frontend') ? r.packages.murderMupdate : []),
  ];
}

export const packagesStep: StepModule = {
  id: 'packages',
  steps: (h) => {
    const { c, postfix, cyrus, tls } = h;
    const r = c.release;
    const remote = c.remote !== null;
    const wrappers = (c.remote?.tcp.allowFrom.length ?? 0) > 0;
    const packages = hostPackages(h);
    return [
      {
        title: 'Check the packages',
        explanation: `Installs what is missing from: ${packages.join(', ')}. ${
          postfix && remote
            ? `libsasl2-modules holds the SASL mechanisms the Postfix lmtp client needs to log in. Postfix ${r.postfixVersion} on ${r.label} only ${r.saslModules.toLowerCase()} it, so ${r.saslModules === 'Suggests' ? 'apt does not install it with postfix' : 'a minimal install can lack it'}; without it every delivery fails with "no mechanism available".`
            : ''
        }${
          cyrus && wrappers
            ? ' tcpd brings tcpdmatch, which verify.sh asks how the tcp-wrapper rules judge each allowed address; Cyrus itself only needs the libwrap0 library it already depends on.'
            : ''
        }${cyrus && tls ? ` openssl ${tls.selfSigned ? "makes the store's key pair and " : ''}prints the certificate's fingerprint (a minimal Debian system can lack the openssl binary).` : ''}${
          packages.includes('cyrus-murder')
            ? ` cyrus-murder holds the mupdate program that ${c.part?.kind === 'mupdate' ? 'this master runs as "mupdate -m"' : "this frontend's mupdate slave runs"}; cyrus-imapd does not, and a stock host lacks it (it also brings cyrus-pop3d, on which it depends, so the stock cyrus.conf's pop3 line then finds its program and stays on). Backends need none of it.`
            : ''
        } Before any change, apply.sh checks that apt can install every missing package (apt-cache policy shows a candidate); one it cannot is a conflict. The guide's note about the postfix-tls package on sarge is obsolete: SASL support has been part of the postfix package for many releases.`,
        // The sarge note sits in the TCP section; a single host follows the Unix one.
        guideRef: remote ? GUIDE.tcp : GUIDE.unix,
        preflight: [`check_packages ${packages.join(' ')}`],
        commands: [`ensure_packages ${packages.join(' ')}`],
      },
    ];
  },
};
