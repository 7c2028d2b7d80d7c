// The remote store (the guide's second topology): Postfix on one host, Cyrus
// on another, LMTP over TCP with SASL (and TLS). Several MX hosts are part of
// it (issue 15): each further MX is a folder of its own, postfix-host-<host>/,
// built as a Postfix host from the answers as that MX sees them (multi-mx.ts).
import type { RemoteAnswers } from '@lmtp-wizard/schema';
import { createContext } from '../context.ts';
import { FINGERPRINT_ARGS, PIN_NOTE } from '../docs/run-order.ts';
import type { FolderId } from '../types.ts';
import { answersForMx, mxFolder, mxPasswordStandIn, mxUserStandIn } from './multi-mx.ts';
import { daemonsOf, linkOf, viewPicture } from './picture.ts';
import type { Topology, TopologyHost } from './types.ts';
import { asRemote, HOST_TITLES } from './views.ts';

const mxHost = (m: RemoteAnswers['extraMx'][number], i: number): TopologyHost => ({
  folder: mxFolder(m),
  role: 'postfix-host',
  title: `Postfix host ${m.host} (MX ${i + 2})`,
  view: (a) => {
    const r = asRemote(a);
    const mx = r.extraMx[i];
    if (!mx) throw new Error(`no further MX number ${i}`);
    return answersForMx(r, mx);
  },
});

export const remote: Topology<RemoteAnswers> = {
  id: 'remote',
  hosts: (a) => [
    { folder: 'cyrus-host', role: 'cyrus-host', title: HOST_TITLES['cyrus-host'], view: asRemote },
    { folder: 'postfix-host', role: 'postfix-host', title: HOST_TITLES['postfix-host'], view: asRemote },
    ...a.extraMx.map(mxHost),
  ],
  runOrder: (a, named) => {
    const pin = a.tls.mode === 'fingerprint';
    const many = a.extraMx.length > 0;
    return [
      {
        where: 'the Cyrus store',
        folders: [{ folder: 'cyrus-host', on: named ? a.tcp.storeHost : 'the Cyrus store' }],
        args: [],
        ...(pin
          ? { note: "It ends by printing the command for step 2, with its certificate's SHA-256 fingerprint." }
          : {}),
      },
      {
        where: many ? 'each MX host' : 'the Postfix host',
        folders: [
          { folder: 'postfix-host', on: named ? a.mailHost : 'the Postfix host' },
          ...a.extraMx.map((m) => ({ folder: mxFolder(m), on: m.host })),
        ],
        args: pin ? FINGERPRINT_ARGS : [],
        ...(pin
          ? { note: PIN_NOTE('step 1') }
          : a.tls.mode === 'ca'
            ? {
                note: "Before any change, apply.sh checks the store's certificate against the CA, so the store must be done first.",
              }
            : {}),
      },
    ];
  },
  picture: (a) => {
    const { hosts, links, notes } = viewPicture(a);
    // each further MX (issue 15): a host of its own, and its own link to the store with its own user
    a.extraMx.forEach((m, i) => {
      const id: FolderId = mxFolder(m);
      const mx = createContext(answersForMx(a, m));
      // in the order mail flows: every MX before the store
      hosts.splice(hosts.length - 1, 0, {
        id,
        folder: `${id}/`,
        name: m.host,
        role: `Postfix host, MX ${i + 2}`,
        daemons: daemonsOf(mx, ['postfix']),
      });
      links.push({ ...linkOf(mx), from: id });
    });
    if (a.extraMx.length > 0)
      notes.push(
        `${a.extraMx.length + 1} MX hosts deliver to the store; their concurrency adds up to ${a.extraMx.reduce((n, m) => n + m.concurrency, a.limits.concurrency)} of lmtpd's maxchild ${a.limits.lmtpMaxChild}`,
      );
    return { hosts, links, notes };
  },
  matchHosts: (a, hosts) => {
    const out: ReturnType<Topology['matchHosts']> = {};
    // by name first (a host may have both packages installed), then by what runs there
    const named = (n: string) => hosts.find((x) => x.hostname === n || x.hostname === n.split('.')[0]);
    const store =
      named(a.tcp.storeHost) ??
      hosts.find((x) => x.cyrus.installed && !x.postfix.installed) ??
      hosts.find((x) => x.cyrus.installed);
    const pf =
      [named(a.mailHost)].find((x) => x && x !== store) ??
      hosts.find((x) => x !== store && x.postfix.installed) ??
      hosts.find((x) => x !== store);
    if (store) out['cyrus-host'] = store;
    if (pf) out['postfix-host'] = pf;
    // each further MX (postfix-host-<host>/) by its name, else the next Postfix host not yet matched, in the order pasted
    const taken = new Set([store, pf]);
    const byName = a.extraMx.map((m) => [named(m.host)].find((x) => x && !taken.has(x)));
    for (const x of byName) if (x) taken.add(x);
    a.extraMx.forEach((m, i) => {
      const h = byName[i] ?? hosts.find((x) => !taken.has(x) && x.postfix.installed);
      if (!h) return;
      taken.add(h);
      out[mxFolder(m)] = h;
    });
    return out;
  },
  incremental: true,
  // a further MX without its own SASL user or password yet (issue 24)
  previewStandIns: (a) => {
    if (a.sasl.sharedUser || a.extraMx.every((m) => m.username !== '' && m.password !== '')) return a;
    return {
      ...a,
      extraMx: a.extraMx.map((m, i) => ({
        ...m,
        username: m.username || mxUserStandIn(i),
        password: m.password || mxPasswordStandIn(i),
      })),
    };
  },
  readme: {
    title: 'remote Cyrus store over TCP + SASL',
    differencesView: (a) => a,
    afterOrder: () => [],
    sections: (a) => [
      '## Secrets',
      '',
      'The SASL password is only in `postfix-host/files/etc/postfix/<transport>_sasl_passwd` and `cyrus-host/secrets/sasl-password`, both mode 0600. Delete the bundle once applied.',
      ...(a.extraMx.length > 0
        ? [
            '',
            a.sasl.sharedUser
              ? 'Every MX logs in as the one shared user, so its password is in each `postfix-host-<host>/files/etc/postfix/<transport>_sasl_passwd` too (0600).'
              : 'Each further MX has its own user: its password is only in its own `postfix-host-<host>/files/etc/postfix/<transport>_sasl_passwd` and in `cyrus-host/secrets/sasl-password-<host>`, both 0600. To stop one MX, remove its user on the store (`saslpasswd2 -d <user>`): its mail waits in its queue, and the others still deliver.',
          ]
        : []),
      '',
    ],
  },
};
