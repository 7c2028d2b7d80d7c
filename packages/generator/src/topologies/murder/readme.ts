// The top README's parts for a Murder: the order of the folders, how mail
// flows, what was found on the real daemons, and where the passwords are.
import type { MurderAnswers } from '@lmtp-wizard/schema';
import type { RunStep } from '../../docs/run-order.ts';
import { murderHosts } from './bundle.ts';
import { MURDER_DELIVERY_DOC, MURDER_DOC, MURDER_SECRETS, MUPDATE_PORT } from './facts.ts';

export const murderTitle = 'Cyrus Murder (mupdate master, frontends, backends) behind Postfix';

/** The Murder's folders in the order they are applied (docs/run-order.ts): master, backends, frontends, Postfix. */
export function murderRunOrder(m: MurderAnswers, pinNote: (from: string, peer: string) => string): RunStep[] {
  const hosts = murderHosts(m);
  const of = (kind: string) =>
    hosts
      .filter((h) => (h.part?.kind ?? 'postfix') === kind)
      .map((h) => ({ folder: h.folder, on: h.answers.tcp.storeHost }));
  const pin = m.tls.mode === 'fingerprint';
  const backends = of('backend');
  const frontends = of('frontend');
  return [
    { where: 'the mupdate master', folders: of('mupdate'), args: [], note: 'The backends and frontends log in to it.' },
    { where: backends.length > 1 ? 'each backend' : 'the backend', folders: backends, args: [] },
    {
      where: frontends.length > 1 ? 'each frontend' : 'the frontend',
      folders: frontends,
      args: [],
      note: `A frontend starts listening for LMTP only once its mupdate slave has copied the master's mailbox list.${pin ? " Its apply.sh ends by printing the command for step 4, with its certificate's SHA-256 fingerprint." : ''}`,
    },
    {
      where: 'the Postfix host',
      folders: [{ folder: 'postfix-host', on: m.mailHost }],
      // one pin per frontend, HOST=SHA256, when Postfix fails over between several
      args: pin
        ? frontends.length > 1
          ? frontends.flatMap((f) => ['--store-fingerprint', `${f.on}=SHA256`])
          : ['--store-fingerprint', 'SHA256']
        : [],
      ...(pin
        ? {
            note:
              frontends.length > 1
                ? "Each SHA256 is that frontend's fingerprint. Each frontend's apply.sh prints this whole command with its own fingerprint filled in and FINGERPRINT-OF-<host> for the others: put the printed fingerprints together. Before any change, apply.sh checks that every frontend presents its own certificate; a later run keeps the pins and needs no option."
                : pinNote(`${frontends[0]?.folder ?? 'frontend'}/`, 'the frontend'),
          }
        : {}),
    },
  ];
}

/** What follows the order in the bundle's README: where mailboxes are made. */
export function murderOrder(m: MurderAnswers): string {
  const { backends, frontends } = m.murder;
  return `Create mailboxes on the backend that should hold them (${backends.join(', ')}), by IMAP or cyradm on that backend; the backend reports each one to the master, and the frontends${frontends.length > 1 ? '' : ` (${frontends[0] ?? ''})`} learn it from there. Then run verify.sh on every host: the frontend's lists how many mailboxes it sees on each backend.`;
}

export function murderSection(m: MurderAnswers): string[] {
  const { mupdateHost, frontends, backends, proxyUser, mupdateUser } = m.murder;
  return [
    '## How mail flows',
    '',
    `Postfix on ${m.mailHost} delivers over LMTP (TLS, SASL user "${m.sasl.username}") to lmtpd on ${frontends.length > 1 ? `the frontends in order, ${frontends.join(', then ')}: one next hop lists them all (Postfix 3.5 and later), so when a frontend is down or answers with a temporary error the same delivery goes to the next one, and mail waits in the queue only when every frontend fails. Each frontend's certificate is pinned` : (frontends[0] ?? '')}. On a frontend, lmtpd only proxies: it finds the recipient's backend in its own copy of the mailbox list, which its mupdate slave keeps in step with the master on ${mupdateHost}:${MUPDATE_PORT}, and hands the message to lmtpd on that backend (${backends.join(', ')}) as "${proxyUser}". Backends and frontends log in to the master as "${mupdateUser}". ${MURDER_DOC}; ${MURDER_DELIVERY_DOC}.`,
    '',
    'What the real daemons (Debian 13, cyrus-imapd 3.10.2 with cyrus-murder) showed, and the bundle follows:',
    '',
    "- mupdate is in the cyrus-murder package, which a host with cyrus-imapd lacks: the master's and the frontends' apply.sh install it (it brings cyrus-pop3d, on which it depends); the backends do not need it. Without it the master's mupdate line cannot run, and nothing answers on port 3905.",
    '- Postfix (3.7 and 3.10 alike) takes several LMTP next hops in one transport, tried in order, but only the first carries "inet:": "inet:fe1:2003,fe2:2003"; with "inet:" on the second, lmtp(8) exits with "valid hostname or network address required".',
    '- There is no lmtpproxyd or proxyd in Debian\'s packages, although the stock cyrus.conf has a commented `lmtp cmd="lmtpproxyd"` line: lmtpd and imapd proxy by themselves when mupdate_server is set and proxyservers is not. The frontend keeps `cmd="lmtpd"`.',
    `- Cyrus resolves mupdate's port by the name "mupdate", which Debian's /etc/services lacks; every host gets the line \`mupdate ${MUPDATE_PORT}/tcp\`. Without it nothing reaches the master, and a frontend never opens its LMTP port.`,
    '- A frontend reads its local copy of the mailbox list for each delivery, so with the master down mail for existing mailboxes still flows; creating, deleting or moving a mailbox waits for the master.',
    "- A backend that is down defers only its own users' mail; Postfix keeps it queued and delivers it when the backend is back.",
    '- Moving a mailbox between backends (XFER) needs the source backend to log in to the target as an admin; the bundle gives backends no such credentials (the proxy user is deliberately not an admin). Add them for the move only.',
    '',
    '## Secrets',
    '',
    `Each password is only in 0600 files of the hosts that use it: "${m.sasl.username}"'s in postfix-host/ and the frontends' secrets/sasl-password; "${proxyUser}"'s, one per backend, in that backend's secrets/sasl-password and the frontends' secrets/proxy-password-<first label> (no backend's folder holds another backend's); "${mupdateUser}"'s in the master's secrets/sasl-password and every other Cyrus host's secrets/mupdate-password. On the hosts, apply.sh puts the Murder's passwords in ${MURDER_SECRETS} (cyrus, 0600), which imapd.conf includes: Debian's imapd.conf is world-readable. Delete the bundle once applied.`,
    '',
  ];
}
