// The topology picture (issue 13): which hosts the bundle has, what runs on
// each, and how Postfix reaches Cyrus. Every value comes from the same
// Context the file modules read (hostFor, transport, nexthop, route,
// socketDir), so the picture cannot tell a different story from the files.
// The shape is a graph: any number of hosts and links, so that more MX hosts
// or a Cyrus Murder (frontends, backends, mupdate) add rows, not a new picture.
import type { Answers, MurderAnswers } from '@lmtp-wizard/schema';
import { bracketIpv6, createContext, type Context, type Role } from './context.ts';
import { HOST_TITLES } from './generate.ts';
import { answersForMx, mxFolder } from './topologies/multi-mx.ts';
import { murderHosts } from './topologies/murder/bundle.ts';
import { MUPDATE_PORT } from './topologies/murder/facts.ts';
import type { FolderId } from './types.ts';

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

const HOST_ROLES: Record<'mail-host' | 'postfix-host' | 'cyrus-host', Role[]> = {
  'mail-host': ['postfix', 'cyrus'],
  'postfix-host': ['postfix'],
  'cyrus-host': ['cyrus'],
};

const daemonsOf = (c: Context, roles: readonly Role[]): string[] =>
  roles.map((r) =>
    r === 'postfix'
      ? `Postfix: transport ${c.transport} (lmtp)`
      : `Cyrus lmtpd: service ${c.a.topology === 'remote' ? c.a.tcp.serviceName : 'lmtpunix'}`,
  );

const nameOf = (c: Context, id: FolderId): string => (id === 'cyrus-host' && c.a.topology === 'remote' ? c.a.tcp.storeHost : c.a.mailHost);

function linkOf(c: Context): PictureLink {
  const from = c.hostFor('postfix');
  const to = c.hostFor('cyrus');
  const { a } = c;
  if (a.topology === 'single-host') {
    const { path, group, postfixUser } = a.unixSocket;
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
  const t = c.tls;
  const label = `${bracketIpv6(a.tcp.storeHost)}:${a.tcp.port}`;
  const tlsText = t === null ? 'TLS off: plain text' : t.mode === 'fingerprint' ? 'TLS: fingerprint pin (SHA-256)' : `TLS: CA ${a.tls.caFile}`;
  const tlsDetail =
    t === null
      ? 'TLS is off: the hop is plain text on the network'
      : t.mode === 'fingerprint'
        ? 'STARTTLS, with the store\'s certificate pinned by its SHA-256 fingerprint'
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
 * A Murder (issue 15), from the same host list murder/bundle.ts builds its
 * folders from: Postfix, the frontends, the backends, the mupdate master.
 */
function murderPicture(m: MurderAnswers): TopologyPicture {
  const all = murderHosts(m);
  const { proxyUser, mupdateUser, mupdateHost } = m.murder;
  const kind = (k: string) => all.filter((h) => h.part?.kind === k);
  const postfix = all.filter((h) => h.part === undefined);
  const frontends = kind('frontend');
  const backends = kind('backend');
  const masters = kind('mupdate');
  const hosts: PictureHost[] = [...postfix, ...frontends, ...backends, ...masters].map((h) => ({
    id: h.folder,
    folder: `${h.folder}/`,
    name: h.part === undefined ? m.mailHost : h.answers.tcp.storeHost,
    // short: the host's name is on the line above (the folder's README title repeats it)
    role: h.part === undefined ? 'Postfix host' : { mupdate: 'mupdate master', frontend: 'Frontend', backend: 'Backend' }[h.part.kind],
    daemons:
      h.part === undefined
        ? daemonsOf(createContext(h.answers), ['postfix'])
        : h.part.kind === 'mupdate'
          ? [`Cyrus mupdate master: port ${MUPDATE_PORT}`]
          : h.part.kind === 'frontend'
            ? ['Cyrus lmtpd: looks each mailbox up and proxies to its backend']
            : ['Cyrus lmtpd: stores the mail'],
  }));
  const links: PictureLink[] = [];
  // Postfix → every frontend, in the order its one next hop lists them (failover)
  for (const p of postfix) {
    const c = createContext(p.answers, undefined, p.stores);
    const base = linkOf(c);
    frontends.forEach((f, i) => {
      const label = `${bracketIpv6(f.answers.tcp.storeHost)}:${m.port}`;
      links.push({
        ...base,
        from: p.folder,
        to: f.folder,
        label,
        details:
          frontends.length > 1
            ? [`Postfix connects over TCP to ${label}, ${i === 0 ? 'first' : `when ${frontends.slice(0, i).map((x) => x.answers.tcp.storeHost).join(' and ')} ${i === 1 ? 'is' : 'are'} down (failover)`} (route ${c.route})`, ...base.details.slice(1)]
            : base.details,
      });
    });
  }
  const plain = (from: FolderId, to: FolderId, label: string, auth: string, route: string, what: string): PictureLink => ({
    from, to, route, label, auth, tls: 'off', tlsText: 'inside the site: no TLS', details: [what],
  });
  for (const f of frontends) {
    for (const b of backends) {
      const label = `${bracketIpv6(b.answers.tcp.storeHost)}:${m.port}`;
      links.push(plain(f.folder, b.folder, label, `proxy user ${proxyUser}`, `lmtp proxy to ${label}`, `${f.answers.tcp.storeHost} proxies LMTP to ${label} as ${proxyUser}, who is in the backend's proxyservers and lmtp_admins`));
    }
  }
  for (const h of [...backends, ...frontends]) {
    for (const mu of masters) {
      const label = `${bracketIpv6(mupdateHost)}:${MUPDATE_PORT}`;
      const what = h.part?.kind === 'backend' ? 'sends its mailbox list to' : 'reads the mailbox list from';
      links.push(plain(h.folder, mu.folder, label, `mupdate user ${mupdateUser}`, `mupdate ${label}`, `${h.answers.tcp.storeHost} ${what} the mupdate master ${label} as ${mupdateUser}`));
    }
  }
  const notes = [`${createContext(all[0]!.answers).release.label}: a Cyrus Murder of ${frontends.length} frontend(s) and ${backends.length} backend(s)`];
  return { hosts, links, notes };
}

/** The hosts and links of the answers, drawn from the generator's own context. */
export function topologyPicture(a: Answers): TopologyPicture {
  if (a.topology === 'murder') return murderPicture(a);
  const c = createContext(a);
  const ids: FolderId[] = [];
  // In the order mail flows: the host that runs Postfix first.
  for (const role of ['postfix', 'cyrus'] as const) if (!ids.includes(c.hostFor(role))) ids.push(c.hostFor(role));
  const hosts = ids.map((id) => ({
    id,
    folder: `${id}/`,
    name: nameOf(c, id),
    role: HOST_TITLES[id as keyof typeof HOST_TITLES],
    daemons: daemonsOf(c, HOST_ROLES[id as keyof typeof HOST_ROLES]),
  }));
  const notes = [`${c.release.label}: postfix ${c.release.postfixVersion}, cyrus-imapd ${c.release.cyrusVersion}`];
  if (a.topology === 'remote' && a.tcp.allowFrom.length > 0) notes.push(`tcp wrappers on the store admit ${a.tcp.allowFrom.join(', ')}`);
  const links = [linkOf(c)];
  // each further MX (issue 15): a host of its own, and its own link to the store with its own user
  if (a.topology === 'remote') {
    a.extraMx.forEach((m, i) => {
      const id = mxFolder(m);
      const mx = createContext(answersForMx(a, m));
      // in the order mail flows: every MX before the store
      hosts.splice(hosts.length - 1, 0, { id, folder: `${id}/`, name: m.host, role: `Postfix host, MX ${i + 2}`, daemons: daemonsOf(mx, ['postfix']) });
      links.push({ ...linkOf(mx), from: id });
    });
    if (a.extraMx.length > 0) notes.push(`${a.extraMx.length + 1} MX hosts deliver to the store; their concurrency adds up to ${a.extraMx.reduce((n, m) => n + m.concurrency, a.limits.concurrency)} of lmtpd's maxchild ${a.limits.lmtpMaxChild}`);
  }
  return { hosts, links, notes };
}
