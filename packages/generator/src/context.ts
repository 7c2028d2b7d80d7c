// Values derived once from the answers, so every file module agrees on them.
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

export function createContext(a: Answers): Context {
  const transport = a.delivery.transportName;
  const nexthop =
    a.topology === 'single-host'
      ? `unix:${a.unixSocket.path}`
      : `inet:${a.tcp.storeHost.includes(':') ? `[${a.tcp.storeHost}]` : a.tcp.storeHost}:${a.tcp.port}`;
  const socketDir =
    a.topology === 'single-host' ? a.unixSocket.path.slice(0, a.unixSocket.path.lastIndexOf('/')) : null;
  return {
    a,
    transport,
    nexthop,
    route: `${transport}:${nexthop}`,
    socketDir,
    hostFor: (role) => (a.topology === 'single-host' ? 'mail-host' : role === 'postfix' ? 'postfix-host' : 'cyrus-host'),
  };
}
