// Values derived once from the answers, so every file module agrees on them.
// They are computed on first use: a host folder that never uses the next hop
// then never reads the store host, and the preview's incremental generate()
// keeps that folder while the store host is typed (incremental.ts).
import type { Answers } from '@lmtp-wizard/schema';
import type { HostId } from './types.ts';

export type Role = 'postfix' | 'cyrus';

export interface Context {
  a: Answers;
  transport: string;
  /** lmtp(8) next hop: "unix:/path" or "inet:host:port". */
  nexthop: string;
  /** transport:nexthop, the value of mailbox_transport and friends. */
  route: string;
  /** Directory holding the Unix socket (single host only). */
  socketDir: string | null;
  hostFor: (role: Role) => HostId;
}

const nexthopOf = (a: Answers): string =>
  a.topology === 'single-host'
    ? `unix:${a.unixSocket.path}`
    : `inet:${a.tcp.storeHost.includes(':') ? `[${a.tcp.storeHost}]` : a.tcp.storeHost}:${a.tcp.port}`;

export function createContext(a: Answers): Context {
  let nexthop: string | undefined;
  return {
    a,
    get transport() {
      return a.delivery.transportName;
    },
    get nexthop() {
      nexthop ??= nexthopOf(a);
      return nexthop;
    },
    get route() {
      return `${this.transport}:${this.nexthop}`;
    },
    get socketDir() {
      return a.topology === 'single-host' ? a.unixSocket.path.slice(0, a.unixSocket.path.lastIndexOf('/')) : null;
    },
    hostFor: (role) => (a.topology === 'single-host' ? 'mail-host' : role === 'postfix' ? 'postfix-host' : 'cyrus-host'),
  };
}
