// A Cyrus Murder (issue 15): a mupdate master, backends, frontends and the
// Postfix host, each folder built by the remote topology's own modules from
// a remote view of the answers (bundle.ts) and its Murder part (facts.ts).
import { STAND_INS, type MurderAnswers } from '@lmtp-wizard/schema';
import { bracketIpv6, createContext } from '../../context.ts';
import { PIN_NOTE } from '../../docs/run-order.ts';
import type { FolderId } from '../../types.ts';
import { daemonsOf, linkOf, type PictureHost, type PictureLink, type TopologyPicture } from '../picture.ts';
import type { Topology } from '../types.ts';
import { murderHosts } from './bundle.ts';
import { MUPDATE_PORT } from './facts.ts';
import { murderOrder, murderRunOrder, murderSection, murderTitle } from './readme.ts';

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
    role:
      h.part === undefined
        ? 'Postfix host'
        : { mupdate: 'mupdate master', frontend: 'Frontend', backend: 'Backend' }[h.part.kind],
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
            ? [
                `Postfix connects over TCP to ${label}, ${
                  i === 0
                    ? 'first'
                    : `when ${frontends
                        .slice(0, i)
                        .map((x) => x.answers.tcp.storeHost)
                        .join(' and ')} ${i === 1 ? 'is' : 'are'} down (failover)`
                } (route ${c.route})`,
                ...base.details.slice(1),
              ]
            : base.details,
      });
    });
  }
  const plain = (
    from: FolderId,
    to: FolderId,
    label: string,
    auth: string,
    route: string,
    what: string,
  ): PictureLink => ({
    from,
    to,
    route,
    label,
    auth,
    tls: 'off',
    tlsText: 'inside the site: no TLS',
    details: [what],
  });
  for (const f of frontends) {
    for (const b of backends) {
      const label = `${bracketIpv6(b.answers.tcp.storeHost)}:${m.port}`;
      links.push(
        plain(
          f.folder,
          b.folder,
          label,
          `proxy user ${proxyUser}`,
          `lmtp proxy to ${label}`,
          `${f.answers.tcp.storeHost} proxies LMTP to ${label} as ${proxyUser}, who is in the backend's proxyservers and lmtp_admins`,
        ),
      );
    }
  }
  for (const h of [...backends, ...frontends]) {
    for (const mu of masters) {
      const label = `${bracketIpv6(mupdateHost)}:${MUPDATE_PORT}`;
      const what = h.part?.kind === 'backend' ? 'sends its mailbox list to' : 'reads the mailbox list from';
      links.push(
        plain(
          h.folder,
          mu.folder,
          label,
          `mupdate user ${mupdateUser}`,
          `mupdate ${label}`,
          `${h.answers.tcp.storeHost} ${what} the mupdate master ${label} as ${mupdateUser}`,
        ),
      );
    }
  }
  const notes = [
    `${createContext(all[0]!.answers).release.label}: a Cyrus Murder of ${frontends.length} frontend(s) and ${backends.length} backend(s)`,
  ];
  return { hosts, links, notes };
}

/** The Postfix host's view: a Murder's README lists the guide differences of a remote Postfix host. */
function postfixView(m: MurderAnswers) {
  const last = murderHosts(m).at(-1);
  if (!last) throw new Error('a Murder always has its Postfix host');
  return last.answers;
}

export const murder: Topology<MurderAnswers> = {
  id: 'murder',
  hosts: (m) =>
    murderHosts(m).map((h) => ({
      folder: h.folder,
      role: h.role,
      title: h.title,
      // built afresh at each call (incremental: false), from the views made here
      view: () => h.answers,
      ...(h.part ? { part: h.part } : {}),
      ...(h.stores ? { stores: h.stores } : {}),
    })),
  runOrder: (m) => murderRunOrder(m, PIN_NOTE),
  picture: murderPicture,
  // inspect.sh and the plan cover the two-host topologies only
  matchHosts: () => ({}),
  incremental: false,
  // a backend with no proxy password yet, neither its own nor the shared one
  previewStandIns: (a) => {
    if (a.murder.proxyPassword !== '') return a;
    if (a.murder.backends.every((_, i) => (a.murder.backendPasswords[i]?.password ?? '') !== '')) return a;
    return { ...a, murder: { ...a.murder, proxyPassword: String(STAND_INS['murder.proxyPassword']?.value ?? '') } };
  },
  readme: {
    title: murderTitle,
    differencesView: postfixView,
    afterOrder: (m) => [murderOrder(m), ''],
    sections: murderSection,
  },
};
