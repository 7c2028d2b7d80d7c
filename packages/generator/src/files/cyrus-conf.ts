// The lmtpd service in cyrus.conf, edited in place inside SERVICES.
import { bracketIpv6, type Context } from '../context.ts';
import { GUIDE } from '../facts.ts';
import type { FileModule } from './module.ts';
import { murderServices } from '../topologies/murder/facts.ts';
import { tcpOf } from '../topologies/views.ts';

/** listen= of the TCP service: "lmtp" (every address, port from /etc/services) or "ADDR:lmtp", an IPv6 address in brackets as cyrmaster parses it. */
export const tcpListen = (address: string): string => (address === '' ? 'lmtp' : `${bracketIpv6(address)}:lmtp`);

const SERVICE_RESOLVE =
  'answer tcp.serviceName in the wizard with a name of our own (such as "lmtptcp"), so that both services run side by side; or change that service by hand';

function tcpWhy(c: Context): string {
  if (!c.remote) return '';
  const { port, listenAddress } = c.remote.tcp;
  const where = listenAddress === '' ? 'on every address of the store' : `on ${listenAddress} only`;
  return `LMTP over TCP ${where}, port ${port} from /etc/services; clients must log in as an LMTP admin. ${GUIDE.tcp}.`;
}

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
      c.remote
        ? `The service is named "${c.remote.tcp.serviceName}" (answer tcp.serviceName). Cyrus reads the name three ways: it is the cyrus.conf entry, the prefix of ${c.remote.tcp.serviceName}_admins in imapd.conf (the admins of this service only, checked with cyr_info -n on Cyrus 3.6 and 3.10), and the daemon name tcp wrappers look the rules up under; the bundle keeps all three in step. A service of that name that already listens elsewhere (an "lmtp" on 127.0.0.1:2004 for a content filter's re-injection, say) is a conflict: apply.sh stops before any change rather than remove that listener or widen it to every address. Give ours another name and both run side by side. Another service that already listens on our port (an earlier bundle's "lmtp" on every address, once ours has a name of its own) is a conflict too: cyrmaster could not bind both. `
        : ''
    }${
      c.remote
        ? `listen="${tcpListen(c.remote.tcp.listenAddress)}" takes the port from the lmtp entry of /etc/services, where Debian has no lmtp entry at all: without one cyrmaster starts no listener and says nothing, so apply.sh adds the entry. ${
            c.remote.tcp.listenAddress === ''
              ? 'With no listen address (answer tcp.listenAddress), lmtpd listens on every address of the store.'
              : `lmtpd listens on ${c.remote.tcp.listenAddress} only (answer tcp.listenAddress), not on 127.0.0.1 or any other address${c.remote.tcp.listenAddress.includes(':') ? '; cyrmaster wants an IPv6 address in brackets before the port' : ''}.`
          }`
        : 'cyrmaster creates the socket itself with mode 0777, so the directory around it (0750, group ' +
          (c.local ? c.local.unixSocket.group : 'lmtp') +
          ') is what keeps other users from injecting mail.'
    } Debian's stock cyrus.conf also starts pop3, nntp and http, whose programs come in other packages (cyrus-pop3d, cyrus-nntpd, cyrus-caldav); cyrmaster exits when one is missing. ${
      c.a.cyrus.disableMissingServices
        ? 'apply.sh comments out such services and says which.'
        : 'You chose to keep them; verify.sh reports any whose program is missing.'
    }`,
  body: (c) => ({
    kind: 'cyrus-conf',
    services:
      c.part?.kind === 'mupdate'
        ? murderServices(c)
        : [
            c.local
              ? {
                  name: 'lmtpunix',
                  cmd: 'lmtpd',
                  listen: c.local.unixSocket.path,
                  prefork: 0,
                  maxchild: c.a.limits.lmtpMaxChild,
                  // Debian's own lmtpunix entry is the one Postfix delivers through;
                  // moving its socket is what unixSocket.path asks for.
                  policy: 'owned',
                  source: 'unixSocket.path',
                  why: `LMTP on the Unix socket; deliveries here are pre-authenticated as "postman". ${GUIDE.unix}.`,
                }
              : {
                  name: tcpOf(c).tcp.serviceName,
                  // lmtpd on a Murder's frontend too: it proxies by configuration (murder/facts.ts)
                  cmd: 'lmtpd',
                  listen: tcpListen(tcpOf(c).tcp.listenAddress),
                  prefork: 0,
                  maxchild: c.a.limits.lmtpMaxChild,
                  policy: 'exclusive',
                  resolve: SERVICE_RESOLVE,
                  ports: ['lmtp', String(tcpOf(c).tcp.port)],
                  source: 'tcp.serviceName',
                  why: tcpWhy(c),
                },
            ...murderServices(c),
          ],
  }),
};
