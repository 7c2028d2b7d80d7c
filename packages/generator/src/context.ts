// Values derived once from the answers, so every file module agrees on them.
// They are computed on first use: a host folder that never uses the next hop
// then never reads the store host, and the preview's incremental generate()
// keeps that folder while the store host is typed (incremental.ts).
import type { Answers, MurderAnswers, RemoteAnswers, SingleHostAnswers } from '@lmtp-wizard/schema';
import { RELEASES, type Release } from './facts.ts';
import { tlsPlanOf, type TlsPlan } from './files/tls-plan.ts';
import { asHostAnswers, localView, remoteView, type HostAnswers } from './topologies/views.ts';
import type { HostId } from './types.ts';

export type Role = 'postfix' | 'cyrus';

/** The answers one host folder is built from: a Murder is built host by host from remote views (topologies/murder/). */
export type { HostAnswers } from './topologies/views.ts';

/** A Murder host's part (issue 15); absent outside a Murder. */
export interface MurderPart {
  kind: 'mupdate' | 'frontend' | 'backend';
  m: MurderAnswers;
}

export interface Context {
  a: HostAnswers;
  /** This host's part in a Murder (issue 15); undefined on every other host. */
  part: MurderPart | undefined;
  /** The answers when Postfix reaches Cyrus over TCP (this host's remote view); null over the Unix socket. */
  remote: RemoteAnswers | null;
  /** The answers when Postfix reaches Cyrus over the local Unix socket; null over TCP. */
  local: SingleHostAnswers | null;
  /** The TLS plan of the TCP hop, computed once (files/lmtp-tls.ts); null when the hop is plain text. */
  tls: TlsPlan | null;
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
const nexthopOf = (c: Context): string =>
  c.local
    ? `unix:${c.local.unixSocket.path}`
    : `inet:${c.stores.map((h) => `${bracketIpv6(h)}:${c.remote?.tcp.port}`).join(',')}`;

// A class, so that the getters live on one prototype and V8 inlines them.
class LazyContext implements Context {
  #release: Release | undefined;
  #transport: string | undefined;
  #nexthop: string | undefined;
  #stores: readonly string[] | undefined;
  #route: string | undefined;
  #socketDir: string | null | undefined;
  #tls: TlsPlan | null | undefined;
  readonly hostFor: (role: Role) => HostId;
  readonly remote: RemoteAnswers | null;
  readonly local: SingleHostAnswers | null;

  constructor(
    readonly a: HostAnswers,
    readonly part: MurderPart | undefined,
    private readonly storeList: readonly string[] | undefined,
  ) {
    this.remote = remoteView(a);
    this.local = localView(a);
    this.hostFor = (role) => (this.local ? 'mail-host' : role === 'postfix' ? 'postfix-host' : 'cyrus-host');
  }

  get tls(): TlsPlan | null {
    if (this.#tls === undefined) this.#tls = tlsPlanOf(this);
    return this.#tls;
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
    this.#stores ??= !this.remote
      ? []
      : this.storeList && this.storeList.length > 0
        ? this.storeList
        : [this.remote.tcp.storeHost];
    return this.#stores;
  }

  get nexthop(): string {
    this.#nexthop ??= nexthopOf(this);
    return this.#nexthop;
  }

  get route(): string {
    this.#route ??= `${this.transport}:${this.nexthop}`;
    return this.#route;
  }

  get socketDir(): string | null {
    if (this.#socketDir === undefined) {
      const path = this.local?.unixSocket.path;
      this.#socketDir = path === undefined ? null : path.slice(0, path.lastIndexOf('/'));
    }
    return this.#socketDir;
  }
}

/** The answers of one host folder; a Murder's whole answers are refused (topologies/murder.ts splits them). */
export function hostAnswers(a: Answers): HostAnswers {
  const h = asHostAnswers(a);
  if (!h) throw new Error('a Murder is built host by host (topologies/murder.ts)');
  return h;
}

/** STORES: the LMTP servers of a Murder's Postfix host (its frontends, in order); otherwise the store alone. */
export const createContext = (a: Answers, murder?: MurderPart, stores?: readonly string[]): Context =>
  new LazyContext(hostAnswers(a), murder, stores);
