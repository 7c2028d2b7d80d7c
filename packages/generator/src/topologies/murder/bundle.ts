// A Murder's bundle: one folder per host, each built by the remote topology's
// own modules from a "remote view" of the answers (this host as the store, and
// the login that reaches it), plus its Murder part (murder/facts.ts). So the
// Postfix host is exactly a remote Postfix host whose store is the first
// frontend, and every Cyrus host gets the same apply.sh, verify.sh and rollback.
// Its one difference: its LMTP next hop lists every frontend, in order, so
// that mail fails over to the next frontend when one is down (stores).
import { backendPassword, type MurderAnswers, type RemoteAnswers } from '@lmtp-wizard/schema';
import type { MurderPart } from '../../context.ts';
import type { FolderId, HostId } from '../../types.ts';

/** The remote answers of one host: STORE takes LMTP logins from USER (or, on the master, mupdate logins). */
function remoteView(
  m: MurderAnswers,
  store: string,
  login: { username: string; password: string },
  tls: RemoteAnswers['tls'],
  serviceName = 'lmtp',
): RemoteAnswers {
  const { target, upgradeFrom, mailHost, delivery, limits, cyrus, port } = m;
  return {
    topology: 'remote',
    target,
    upgradeFrom,
    mailHost,
    delivery,
    limits,
    cyrus,
    tcp: { storeHost: store, port, allowFrom: [], serviceName, listenAddress: '' },
    // one login per hop; several MX hosts are the remote topology's (extraMx), not a Murder's
    sasl: { ...login, sharedUser: false },
    tls,
    extraMx: [],
  };
}

/** The frontend → backend and host → mupdate hops stay inside the site; lmtpproxyd cannot pin a certificate. */
const PLAIN: RemoteAnswers['tls'] = {
  mode: 'off',
  storeCert: 'self-signed',
  certPath: '',
  keyPath: '',
  caFile: '',
  verifyName: '',
};

export interface MurderHost {
  folder: FolderId;
  title: string;
  answers: RemoteAnswers;
  role: HostId;
  part: MurderPart | undefined;
  /** The Postfix host's LMTP servers: every frontend, in the order Postfix tries them. */
  stores?: readonly string[];
}

/** Every host of the Murder, in the order they are applied: master, backends, frontends, Postfix. */
export function murderHosts(m: MurderAnswers): MurderHost[] {
  const { mupdateHost, frontends, backends, mupdateUser, mupdatePassword, proxyUser } = m.murder;
  const first = frontends[0] ?? '';
  return [
    {
      folder: `mupdate-${mupdateHost}`,
      title: `mupdate master ${mupdateHost}`,
      answers: remoteView(m, mupdateHost, { username: mupdateUser, password: mupdatePassword }, PLAIN, 'mupdate'),
      role: 'cyrus-host',
      part: { kind: 'mupdate', m },
    },
    ...backends.map(
      (b, i): MurderHost => ({
        folder: `backend-${b}`,
        title: `Backend ${b} (lmtpd)`,
        // its own proxy password only: no backend's folder holds another's
        answers: remoteView(m, b, { username: proxyUser, password: backendPassword(m.murder, i) }, PLAIN),
        role: 'cyrus-host',
        part: { kind: 'backend', m },
      }),
    ),
    ...frontends.map(
      (f): MurderHost => ({
        folder: `frontend-${f}`,
        title: `Frontend ${f} (lmtpd proxying to the backends)`,
        answers: remoteView(m, f, m.sasl, m.tls),
        role: 'cyrus-host',
        part: { kind: 'frontend', m },
      }),
    ),
    {
      folder: 'postfix-host',
      title: `Postfix host ${m.mailHost} (delivers to ${frontends.length > 1 ? `${frontends.join(', then ')}` : first})`,
      answers: remoteView(m, first, m.sasl, m.tls),
      role: 'postfix-host',
      part: undefined,
      stores: frontends,
    },
  ];
}
