// Values derived once from the answers, so every file module agrees on them.
// They are computed on first use: a host folder that never uses the next hop
// then never reads the store host, and the preview's incremental generate()
// keeps that folder while the store host is typed (incremental.ts).
import type { Answers } from '@lmtp-wizard/schema';
import { RELEASES, type Release } from './facts.ts';
import type { HostId } from './types.ts';

export type Role = 'postfix' | 'cyrus';

export interface Context {
  a: Answers;
  /** The facts of the target release. */
  release: Release;
  transport: string;
  /** lmtp(8) next hop: "unix:/path" or "inet:host:port". */
  nexthop: string;
  /** transport:nexthop, the value of mailbox_transport and friends. */
  route: string;
  /** Directory holding the Unix socket (single host only). */
  socketDir: string | null;
  hostFor: (role: Role) => HostId;
}

/** An IPv6 literal in brackets, as Postfix next hops and hosts_access(5) want; anything else as is. */
export const bracketIpv6 = (host: string): string => (host.includes(':') ? `[${host}]` : host);

const nexthopOf = (a: Answers): string =>
  a.topology === 'single-host' ? `unix:${a.unixSocket.path}` : `inet:${bracketIpv6(a.tcp.storeHost)}:${a.tcp.port}`;

// A class, so that the getters live on one prototype and V8 inlines them.
class LazyContext implements Context {
  #release: Release | undefined;
  #transport: string | undefined;
  #nexthop: string | undefined;
  #route: string | undefined;
  #socketDir: string | null | undefined;
  readonly hostFor: (role: Role) => HostId;

  constructor(readonly a: Answers) {
    this.hostFor = (role) => (a.topology === 'single-host' ? 'mail-host' : role === 'postfix' ? 'postfix-host' : 'cyrus-host');
  }

  get release(): Release {
    this.#release ??= RELEASES[this.a.target];
    return this.#release;
  }

  get transport(): string {
    this.#transport ??= this.a.delivery.transportName;
    return this.#transport;
  }

  get nexthop(): string {
    this.#nexthop ??= nexthopOf(this.a);
    return this.#nexthop;
  }

  get route(): string {
    this.#route ??= `${this.transport}:${this.nexthop}`;
    return this.#route;
  }

  get socketDir(): string | null {
    if (this.#socketDir === undefined) {
      const { a } = this;
      this.#socketDir = a.topology === 'single-host' ? a.unixSocket.path.slice(0, a.unixSocket.path.lastIndexOf('/')) : null;
    }
    return this.#socketDir;
  }
}

export const createContext = (a: Answers): Context => new LazyContext(a);
