// TLS on the TCP hop (issue 11): the Postfix host checks the store's
// certificate, the store makes or checks its pair, and prints its fingerprint.
import { GUIDE } from '../../facts.ts';
import { subjectAltName } from '../../files/lmtp-tls.ts';
import { sh, shq, word } from '../../serializers/shell.ts';
import { mxFolder } from '../../topologies/multi-mx.ts';
import { frontendsOf } from '../../topologies/murder/facts.ts';
import type { Step } from '../../types.ts';
import type { StepModule } from './module.ts';

/** The Postfix host: the store's certificate against the pin or the CA, before any change. */
export const storeCertificateCheck: StepModule = {
  id: 'store-certificate',
  steps: ({ c, postfix, cyrus, tls }) => {
    const a = c.remote;
    const steps: Step[] = [];
    if (postfix && tls && a) {
      const port = word(a.tcp.port, 'tcp.port');
      const several = c.stores.length > 1;
      // which folder's apply.sh prints each store's fingerprint
      const folder = c.storesAreFrontends ? 'frontend-%s' : 'cyrus-host';
      const storeField = c.storesAreFrontends ? 'murder.frontends' : 'tcp.storeHost';
      const stores = c.stores.map((h) => shq(h, storeField));
      steps.push({
        title:
          tls.mode === 'fingerprint'
            ? "Check the store's certificate against the pin"
            : "Check the store's certificate against the CA",
        explanation:
          tls.mode === 'fingerprint'
            ? several
              ? `The frontends come first: each one's apply.sh makes its certificate and prints the command for this host, with its own fingerprint in it and a place for each other frontend's. Here apply.sh takes one --store-fingerprint HOST=SHA256 per frontend (${c.stores.join(', ')}); a frontend without one keeps the pin our service already has for it, and apply.sh stops before any change when a frontend has neither. Before any change, posttls-finger (from the postfix package; -S speaks LMTP) does STARTTLS with each frontend as our service will, and each must present its own certificate; a frontend that is down, offers no STARTTLS or presents another certificate is a conflict that names both fingerprints. So failover cannot meet an unpinned frontend, and a typo in a fingerprint cannot defer all mail.`
              : `The store comes first: its apply.sh makes or finds its certificate and prints the command for this host, with the fingerprint. Here apply.sh takes it (--store-fingerprint SHA256), or keeps the pin our service already has, and stops before any change without one. Before any change, posttls-finger (from the postfix package; -S speaks LMTP) does STARTTLS with the store as our service will and must see that very certificate; a store that offers no STARTTLS, or another certificate, is a conflict that names both fingerprints. So the two hosts cannot be done in the wrong order, and a typo in the fingerprint cannot defer all mail.`
            : `Before any change, posttls-finger (from the postfix package; -S speaks LMTP) does STARTTLS with ${several ? `each frontend (${c.stores.join(', ')})` : 'the store'} and verifies its certificate against ${a.tls.caFile} for the name ${several && tls.name === 'hostname' ? 'of that frontend' : tls.name}, as our service will; any failure is a conflict. Run the ${several ? "frontends'" : "store's"} apply.sh first.`,
        guideRef: GUIDE.beyond,
        commands: [],
        inputs: [
          ...(tls.mode === 'fingerprint'
            ? [
                `${sh`check_store_pin ${word(c.transport, 'delivery.transportName')} ${port} ${word(folder)}`} ${stores.join(' ')}`,
              ]
            : c.stores.map(
                (h) =>
                  sh`check_store_ca ${word(c.transport, 'delivery.transportName')} ${word(h, storeField)} ${port} ${word(tls.name === 'hostname' ? h : tls.name, 'tls.verifyName')} ${word(a.tls.caFile, 'tls.caFile')}`,
              )),
        ],
      });
    }
    return steps;
  },
};

/** The store: its key pair, made or checked. */
export const tlsPair: StepModule = {
  id: 'tls-pair',
  steps: ({ c, cyrus, tls }) => {
    const r = c.release;
    const a = c.remote;
    const steps: Step[] = [];
    if (cyrus && tls && a) {
      const cert = word(tls.cert, 'tls.certPath');
      const key = word(tls.key, 'tls.keyPath');
      steps.push({
        title: tls.selfSigned
          ? `Make the store's TLS key pair in ${r.tlsDir}`
          : `Check the certificate ${tls.cert} and key ${tls.key}`,
        explanation: tls.selfSigned
          ? `lmtpd offers STARTTLS only with a certificate and key. apply.sh makes a self-signed pair here with openssl (EC P-256, valid ten years, for ${subjectAltName(a.tcp.storeHost)}): ${tls.cert} (0644) and ${tls.key}. The key is made on the store and never leaves it; it is not in the bundle. It belongs to cyrus, mode 0600: lmtpd runs as cyrus, Debian has no cyrus group (cyrus's group is "mail", which other mail programs share), so ownership is the narrowest grant that works. ${r.tlsDir} is a directory of our own, so rollback.sh removes it whole, and no other daemon's certificates are near it. A re-run keeps the pair; to renew it, remove both files and run apply.sh again, then the Postfix host's apply.sh with the new fingerprint.`
          : `Your certificate and key stay where they are. Before any change, apply.sh checks that both exist and that the cyrus user can read the key.`,
        guideRef: GUIDE.beyond,
        preflight: [sh`check_tls_pair ${cert} ${key} ${tls.selfSigned ? '1' : '0'}`],
        commands: tls.selfSigned
          ? [
              sh`ensure_tls_pair ${cert} ${key} ${word(a.tcp.storeHost, 'tcp.storeHost')} ${word(subjectAltName(a.tcp.storeHost), 'tcp.storeHost')}`,
            ]
          : [],
      });
    }
    return steps;
  },
};

/** The store (or each frontend): its fingerprint and the Postfix host's next command. */
export const fingerprintNextStep: StepModule = {
  id: 'fingerprint',
  steps: ({ c, postfix, cyrus, tls }) => {
    const a = c.remote;
    const steps: Step[] = [];
    if (cyrus && tls && tls.mode === 'fingerprint') {
      steps.push({
        title: "Print the certificate's fingerprint and the next command",
        explanation:
          c.part?.kind === 'frontend'
            ? `The Postfix host pins the certificate of every frontend, since its mail fails over from one to the next. apply.sh prints this frontend's SHA-256 fingerprint (openssl x509 -fingerprint -sha256) and the whole command for the postfix-host folder: sh apply.sh ${frontendsOf(
                c.part,
              )
                .map((f) => `--store-fingerprint ${f}=${f === c.stores[0] ? 'AB:CD:...' : `FINGERPRINT-OF-${f}`}`)
                .join(
                  ' ',
                )}, where each FINGERPRINT-OF-<frontend> is what that frontend's apply.sh prints. The fingerprint is not secret; the key stays here.`
            : `The Postfix host pins this certificate. apply.sh prints its SHA-256 fingerprint (openssl x509 -fingerprint -sha256) and the exact command to run next in the postfix-host folder: sh apply.sh --store-fingerprint AB:CD:... The fingerprint is not secret; the key stays here.`,
        guideRef: GUIDE.beyond,
        commands: [
          c.part?.kind === 'frontend'
            ? `${sh`tls_next_step ${word(tls.cert, 'tls.certPath')} ${word(c.stores[0] ?? '', 'murder.frontends')}`} ${frontendsOf(
                c.part,
              )
                .map((f) => shq(f, 'murder.frontends'))
                .join(' ')}`
            : sh`tls_next_step ${word(tls.cert, 'tls.certPath')}`,
          ...(a && a.extraMx.length > 0
            ? [
                sh`say ${word(`the same command on every further MX host, in its own folder: ${a.extraMx.map((m) => `${mxFolder(m)}/`).join(', ')}`)}`,
              ]
            : []),
        ],
      });
    }
    return steps;
  },
};
