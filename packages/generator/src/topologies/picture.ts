// The topology picture's parts (issue 13), shared by the topology modules:
// what runs on a host and how Postfix reaches Cyrus, each read from the same
// Context the file modules read (hostFor, transport, nexthop, route,
// socketDir), so the picture cannot tell a different story from the files.
import { bracketIpv6, createContext, type Context, type HostAnswers, type Role } from '../context.ts';
import type { FolderId } from '../types.ts';
import { HOST_TITLES, tcpOf } from './views.ts';

export interface PictureHost {
  id: FolderId;
  /** The bundle folder of this host ("<id>/" in the tarball). */
  folder: string;
  /** The host's name as answered (the Postfix host name, the store host). */
  name: string;
  /** What the host is, as the bundle's README titles it. */
  role: string;
  /** The daemons the bundle configures there, in the order mail passes them. */
  daemons: string[];
}

export type PictureTls = 'fingerprint' | 'ca' | 'off' | 'local';

export interface PictureLink {
  from: FolderId;
  to: FolderId;
  /** What the Postfix side dials: the transport's route ("cyrus:unix:/run/…", "cyrus:inet:store:2003"). */
  route: string;
  /** The end point alone: the socket path, or host:port. */
  label: string;
  /** How the receiving side knows who delivers, in short ("socket group lmtp", "SASL user postman"). */
  auth: string;
  tls: PictureTls;
  /** The TLS mode in short words. */
  tlsText: string;
  /** The same facts in full sentences' worth, for a text alternative. */
  details: string[];
}

export interface TopologyPicture {
  hosts: PictureHost[];
  links: PictureLink[];
  /** Facts about the picture as a whole, in words. */
  notes: string[];
}

export const HOST_ROLES: Record<'mail-host' | 'postfix-host' | 'cyrus-host', Role[]> = {
  'mail-host': ['postfix', 'cyrus'],
  'postfix-host': ['postfix'],
  'cyrus-host': ['cyrus'],
};

export const daemonsOf = (c: Context, roles: readonly Role[]): string[] =>
  roles.map((r) =>
    r === 'postfix'
      ? `Postfix: transport ${c.transport} (lmtp)`
      : `Cyrus lmtpd: service ${c.remote ? c.remote.tcp.serviceName : 'lmtpunix'}`,
  );

const nameOf = (c: Context, id: FolderId): string =>
  id === 'cyrus-host' && c.remote ? c.remote.tcp.storeHost : c.a.mailHost;

export function linkOf(c: Context): PictureLink {
  const from = c.hostFor('postfix');
  const to = c.hostFor('cyrus');
  if (c.local) {
    const { path, group, postfixUser } = c.local.unixSocket;
    return {
      from,
      to,
      route: c.route,
      label: path,
      auth: `socket group ${group}`,
      tls: 'local',
      tlsText: 'no TLS needed: local socket',
      details: [
        `Postfix delivers over the Unix socket ${path} (route ${c.route})`,
        `the socket directory ${c.socketDir} is 0750 and belongs to group ${group}, which holds user ${postfixUser}`,
        'deliveries on the socket are pre-authenticated as postman; the socket never leaves the host, so no TLS is needed',
      ],
    };
  }
  const a = tcpOf(c);
  const t = c.tls;
  const label = `${bracketIpv6(a.tcp.storeHost)}:${a.tcp.port}`;
  const tlsText =
    t === null
      ? 'TLS off: plain text'
      : t.mode === 'fingerprint'
        ? 'TLS: fingerprint pin (SHA-256)'
        : `TLS: CA ${a.tls.caFile}`;
  const tlsDetail =
    t === null
      ? 'TLS is off: the hop is plain text on the network'
      : t.mode === 'fingerprint'
        ? "STARTTLS, with the store's certificate pinned by its SHA-256 fingerprint"
        : `STARTTLS, with the store's certificate verified against the CA file ${a.tls.caFile} for the name ${t.name}`;
  return {
    from,
    to,
    route: c.route,
    label,
    auth: `SASL user ${a.sasl.username}`,
    tls: t === null ? 'off' : t.mode,
    tlsText,
    details: [
      `Postfix connects over TCP to ${label} (route ${c.route})`,
      `it logs in with SASL as ${a.sasl.username}, who is in lmtp_admins of the Cyrus service ${a.tcp.serviceName}`,
      tlsDetail,
    ],
  };
}

/**
 * The hosts and link of one host view's own folders, in the order mail flows
 * (the host that runs Postfix first): one mail host, or a Postfix host and
 * its store. The remote topology adds its further MX hosts (remote.ts).
 */
export function viewPicture(a: HostAnswers): TopologyPicture {
  const c = createContext(a);
  const ids: FolderId[] = [];
  for (const role of ['postfix', 'cyrus'] as const) if (!ids.includes(c.hostFor(role))) ids.push(c.hostFor(role));
  const hosts = ids.map((id) => ({
    id,
    folder: `${id}/`,
    name: nameOf(c, id),
    role: HOST_TITLES[id as keyof typeof HOST_TITLES],
    daemons: daemonsOf(c, HOST_ROLES[id as keyof typeof HOST_ROLES]),
  }));
  const notes = [`${c.release.label}: postfix ${c.release.postfixVersion}, cyrus-imapd ${c.release.cyrusVersion}`];
  if (c.remote && c.remote.tcp.allowFrom.length > 0)
    notes.push(`tcp wrappers on the store admit ${c.remote.tcp.allowFrom.join(', ')}`);
  return { hosts, links: [linkOf(c)], notes };
}
