// The lmtpd service in cyrus.conf, edited in place inside SERVICES.
import { GUIDE } from '../facts.ts';
import type { FileModule } from './module.ts';

export const cyrusConf: FileModule = {
  id: 'cyrus-conf',
  role: 'cyrus',
  applies: () => true,
  target: '/etc/cyrus.conf',
  path: 'files/etc/cyrus.conf.fragment',
  mode: 0o644,
  guideRef: GUIDE.unix,
  explanation: (c) =>
    `The lmtpd service for /etc/cyrus.conf. apply.sh replaces the line of the same service name inside SERVICES, or adds it before the closing brace; other services are kept. ${
      c.a.topology === 'remote'
        ? 'An "lmtp" service that already listens elsewhere (say on 127.0.0.1:2004, for a content filter\'s re-injection) is a conflict: apply.sh stops before any change rather than remove that listener or widen it to every address. '
        : ''
    }${
      c.a.topology === 'remote'
        ? 'listen="lmtp" takes the port from /etc/services, where Debian has no lmtp entry at all: without one cyrmaster starts no listener and says nothing, so apply.sh adds the entry.'
        : 'cyrmaster creates the socket itself with mode 0777, so the directory around it (0750, group ' +
          (c.a.topology === 'single-host' ? c.a.unixSocket.group : 'lmtp') +
          ') is what keeps other users from injecting mail.'
    } Debian's stock cyrus.conf also starts pop3, nntp and http, whose programs come in other packages (cyrus-pop3d, cyrus-nntpd, cyrus-caldav); cyrmaster exits when one is missing. ${
      c.a.cyrus.disableMissingServices
        ? 'apply.sh comments out such services and says which.'
        : 'You chose to keep them; verify.sh reports any whose program is missing.'
    }`,
  body: (c) => ({
    kind: 'cyrus-conf',
    services: [
      c.a.topology === 'single-host'
        ? {
            name: 'lmtpunix',
            cmd: 'lmtpd',
            listen: c.a.unixSocket.path,
            prefork: 0,
            maxchild: c.a.limits.lmtpMaxChild,
            // Debian's own lmtpunix entry is the one Postfix delivers through;
            // moving its socket is what unixSocket.path asks for.
            policy: 'owned',
            source: 'unixSocket.path',
            why: `LMTP on the Unix socket; deliveries here are pre-authenticated as "postman". ${GUIDE.unix}.`,
          }
        : {
            name: 'lmtp',
            cmd: 'lmtpd',
            listen: 'lmtp',
            prefork: 0,
            maxchild: c.a.limits.lmtpMaxChild,
            policy: 'exclusive',
            source: 'tcp.port',
            why: `LMTP over TCP on every address, port ${c.a.tcp.port} from /etc/services; clients must log in as an LMTP admin. ${GUIDE.tcp}.`,
          },
    ],
  }),
};
