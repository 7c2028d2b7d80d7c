// A Cyrus Murder (issue 15): the names, ports and settings every Murder host
// agrees on. Postfix delivers to lmtpproxyd on a frontend; lmtpproxyd asks
// the mupdate master where the mailbox lives ("the standard way" of Cyrus's
// murder-mail-delivery.rst) and proxies the delivery to lmtpd on that backend.
import type { Context, MurderPart } from '../../context.ts';
import type { CyrusService } from '../../serializers/cyrus-conf.ts';
import type { CyrusSetting } from '../../serializers/cyrus-kv.ts';

export const MURDER_DOC = 'Cyrus documentation, murder-installation.rst';
export const MURDER_DELIVERY_DOC = 'Cyrus documentation, murder-mail-delivery.rst ("Standard Way")';
/** mupdate's port; the bundle adds the "mupdate" entry of /etc/services that Debian lacks (services-file.ts). */
export const MUPDATE_PORT = 3905;
/** The file of our own, cyrus 0600, that holds the Murder's passwords; imapd.conf includes it. */
export const MURDER_SECRETS = '/etc/imapd-murder.conf';

/**
 * The Postfix host's next hop with several frontends: what it does, for the
 * texts of every setting that names it (empty with one store).
 */
export function failoverNote(c: Context): string {
  if (c.stores.length < 2) return '';
  return ` The next hop lists every frontend in order (${c.stores.join(', ')}): Postfix ${c.release.postfixVersion} tries the next one when a frontend does not answer or answers with a temporary error, so mail fails over instead of waiting in the queue (Postfix 3.5 and later take such a list; only the first entry carries "inet:", lmtp(8) refuses the prefix on the others).`;
}

/** Every frontend of the Murder, in the order Postfix tries them. */
export const frontendsOf = (part: MurderPart): readonly string[] => part.m.murder.frontends;

/** Cyrus finds a backend's password under "<first label of its name>_password" (backend.c). */
export const shortName = (host: string): string => host.split('.')[0] ?? host;

/** cyrus.conf services of a Murder host, other than the store's own lmtp line. */
export function murderServices(c: Context): CyrusService[] {
  if (!c.part || c.part.kind === 'backend') return [];
  const master = c.part.kind === 'mupdate';
  return [
    {
      name: 'mupdate',
      cmd: master ? 'mupdate -m' : 'mupdate',
      listen: String(MUPDATE_PORT),
      prefork: 1,
      maxchild: c.a.limits.lmtpMaxChild,
      policy: 'owned',
      source: 'murder.mupdateHost',
      why: master
        ? `The mupdate master: the one list of which backend holds which mailbox. Backends report every mailbox they create or delete here, and lmtpproxyd on the frontends asks here for each recipient. "-m" is master mode; prefork=1 so that it is up before the first question. ${MURDER_DOC}, "Configuring the MUPDATE Master".`
        : `A mupdate slave: keeps this frontend's copy of the mailbox list in step with the master (the frontend's IMAP proxy and ctl_mboxlist read it). prefork=1 so that it synchronizes when Cyrus starts. ${MURDER_DOC}, "Configuring the front ends".`,
    },
  ];
}

/** imapd.conf keys of a frontend or backend (the passwords go to MURDER_SECRETS instead). */
export function murderImapdSettings(c: Context): CyrusSetting[] {
  if (!c.part || c.part.kind === 'mupdate' || !c.remote) return [];
  const { m, kind } = c.part;
  const own = (key: string, value: string, source: string, why: string): CyrusSetting => ({
    key,
    value,
    policy: 'owned',
    source,
    why,
  });
  const out: CyrusSetting[] = [
    own(
      'mupdate_server',
      m.murder.mupdateHost,
      'murder.mupdateHost',
      `The mupdate master. ${kind === 'backend' ? 'This backend reports its mailboxes there.' : "lmtpproxyd asks it where each recipient's mailbox lives, and the local mupdate slave copies its list."} ${MURDER_DOC}.`,
    ),
    own(
      'mupdate_username',
      m.murder.mupdateUser,
      'murder.mupdateUser',
      `Who this host logs in as on the mupdate master; the master lists the user in mupdate_admins. The password is in ${MURDER_SECRETS} (cyrus, 0600). ${MURDER_DOC}.`,
    ),
    own(
      'mupdate_authname',
      m.murder.mupdateUser,
      'murder.mupdateUser',
      `The same user authenticates (no proxying to another identity). ${MURDER_DOC}.`,
    ),
  ];
  if (kind === 'backend') {
    out.push(
      own(
        'servername',
        c.remote.tcp.storeHost,
        'murder.backends',
        `The name this backend gives the mupdate master for its mailboxes; the frontends connect to it by that name, and look its password up by its first label ("${shortName(c.remote.tcp.storeHost)}_password"). ${MURDER_DOC}.`,
      ),
      {
        key: 'proxyservers',
        value: m.murder.proxyUser,
        policy: 'merged',
        source: 'murder.proxyUser',
        why: `The frontends' user may act for others here; it is also in lmtp_admins, which LMTP through a frontend needs. It is not an admin. ${MURDER_DOC}, "Setting up the backends".`,
      },
      own(
        'allowusermoves',
        'yes',
        'murder.backends',
        `Lets an admin move a user's mailboxes to another backend (XFER, or RENAME to "backend!partition"); Cyrus refuses to move a user's INBOX otherwise. ${MURDER_DOC}, "Moving Mailboxes between backends".`,
      ),
    );
  } else {
    out.push(
      own(
        'proxy_authname',
        m.murder.proxyUser,
        'murder.proxyUser',
        `Who the frontend logs in as on the backends (their proxyservers and lmtp_admins). Its password on each backend, "<first label of the backend>_password", is in ${MURDER_SECRETS}. No "lmtpproxyd" is needed or shipped on Debian: lmtpd itself proxies every delivery when mupdate_server is set and proxyservers is not (lmtpd.c; upstream installs lmtpproxyd as a mere link to lmtpd, and the commented lmtpproxyd line in Debian's cyrus.conf names a program cyrus-murder does not contain). ${MURDER_DOC}, "Configuring the front ends".`,
      ),
    );
  }
  return out;
}
