// Values derived once from the answers, so every file module agrees on them.
// They are computed on first use: a host folder that never uses the next hop
// then never reads the store host, and the preview's incremental generate()
// keeps that folder while the store host is typed (incremental.ts).
import type { Answers, MurderAnswers, RemoteAnswers, SingleHostAnswers } from '@lmtp-wizard/schema';
import { RELEASES, type Release } from './facts.ts';
import type { HostId } from './types.ts';

export type Role = 'postfix' | 'cyrus';

/** The answers one host folder is built from: a Murder is built host by host from remote views (murder.ts). */
export type HostAnswers = SingleHostAnswers | RemoteAnswers;

/** A Murder host's part (issue 15); absent outside a Murder. */
export interface MurderPart {
  kind: 'mupdate' | 'frontend' | 'backend';
  m: MurderAnswers;
}

export interface Context {
  a: HostAnswers;
  murder: MurderPart | undefined;
  /** The facts of the target release. */
  release: Release;
  transport: string;
  /**
   * The LMTP servers our service delivers to, in the order Postfix tries them:
   * the store, or every frontend of a Murder (its Postfix host). Empty on a single host.
   */
  stores: readonly string[];
  /** The stores are a Murder's frontends (its Postfix host), even when there is one. */
  storesAreFrontends: boolean;
  /** lmtp(8) next hop: "unix:/path", "inet:host:port", or "inet:host1:port,host2:port" for several stores. */
  nexthop: string;
  /** transport:nexthop, the value of mailbox_transport and friends. */
  route: string;
  /** Directory holding the Unix socket (single host only). */
  socketDir: string | null;
  hostFor: (role: Role) => HostId;
}

/** An IPv6 literal in brackets, as Postfix next hops and hosts_access(5) want; anything else as is. */
export const bracketIpv6 = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/**
 * Postfix 3.5 and later take a list of next hops, tried in order (checked on
 * Postfix 3.7.11 and 3.10.13). Only the first takes the "inet:" prefix: on a
 * later one lmtp(8) exits with "valid hostname or network address required in
 * server description: inet:fe2.test:2003" (the same on both releases).
 */
const nexthopOf = (a: HostAnswers, stores: readonly string[]): string =>
  a.topology === 'single-host' ? `unix:${a.unixSocket.path}` : `inet:${stores.map((h) => `${bracketIpv6(h)}:${a.tcp.port}`).join(',')}`;

// A class, so that the getters live on one prototype and V8 inlines them.
class LazyContext implements Context {
  #release: Release | undefined;
  #transport: string | undefined;
  #nexthop: string | undefined;
  #stores: readonly string[] | undefined;
  #route: string | undefined;
  #socketDir: string | null | undefined;
  readonly hostFor: (role: Role) => HostId;

  constructor(
    readonly a: HostAnswers,
    readonly murder: MurderPart | undefined,
    private readonly storeList: readonly string[] | undefined,
  ) {
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

  get storesAreFrontends(): boolean {
    return this.storeList !== undefined && this.storeList.length > 0;
  }

  get stores(): readonly string[] {
    this.#stores ??= this.a.topology === 'single-host' ? [] : this.storeList && this.storeList.length > 0 ? this.storeList : [this.a.tcp.storeHost];
    return this.#stores;
  }

  get nexthop(): string {
    this.#nexthop ??= nexthopOf(this.a, this.stores);
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

/** The answers of one host folder; a Murder's whole answers are refused (murder/bundle.ts splits them). */
export function hostAnswers(a: Answers): HostAnswers {
  if (a.topology === 'murder') throw new Error('a Murder is built host by host (murder/bundle.ts)');
  return a;
}

/** STORES: the LMTP servers of a Murder's Postfix host (its frontends, in order); otherwise the store alone. */
export const createContext = (a: Answers, murder?: MurderPart, stores?: readonly string[]): Context => new LazyContext(hostAnswers(a), murder, stores);
