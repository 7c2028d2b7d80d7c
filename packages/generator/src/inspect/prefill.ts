// prefillFrom(): the answers an inspected server already implies, each with
// the reason, as answer paths of the schema. Only values the schema accepts
// are returned (each is checked by parsing answers that hold it), and only
// what a host said: nothing is guessed from a line the parser did not read.
import {
  MAX_EXTRA_MX,
  parseAnswers,
  RESERVED_CYRUS_SERVICE_NAMES,
  RESERVED_TRANSPORT_NAMES,
} from '@lmtp-wizard/schema';
import type { InspectedHost, Prefill } from './types.ts';

const TRANSPORT_RE = /^[a-z][a-z0-9]{0,30}$/;
const SERVICE_RE = /^[a-z][a-z0-9]{0,15}$/;
const ROUTE_KEYS = ['mailbox_transport', 'virtual_transport', 'default_transport'] as const;

/** A master.cf service that delivers to Cyrus: a copy of lmtp(8) under its own name, or the classic cyrdeliver pipe. */
function cyrusTransports(h: InspectedHost): string[] {
  return h.master
    .filter((m) => m.type === 'unix' && TRANSPORT_RE.test(m.service) && !RESERVED_TRANSPORT_NAMES.includes(m.service))
    .filter(
      (m) =>
        m.command === 'lmtp' || (m.command === 'pipe' && m.args.some((x) => /cyrus\/bin\/deliver|cyrdeliver/.test(x))),
    )
    .map((m) => m.service);
}

const transportOf = (route: string | undefined): string | undefined => route?.split(':')[0];

/** "T:inet:host:port" / "T:inet:[v6]:port" / "T:[host]:port" -> host and port. */
function inetNexthop(route: string): { host: string; port?: number } | undefined {
  const m = /^[a-z0-9]+:(?:inet:)?(\[[^\]]+\]|[^:[\]]+)(?::([0-9]+))?$/.exec(route);
  if (!m?.[1]) return undefined;
  const host = m[1].replace(/^\[|\]$/g, '');
  return m[2] ? { host, port: Number(m[2]) } : { host };
}

function setAt(o: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let n = o;
  path.forEach((k, i) => {
    // a numeric next key ("extraMx", "0", "host") is an item of a list
    if (i === path.length - 1) n[k] = value;
    else n = (n[k] ??= /^[0-9]+$/.test(path[i + 1] ?? '') ? [] : {}) as Record<string, unknown>;
  });
}

type Add = (path: string[], value: unknown, note: string) => void;

/**
 * What the import fills for each shape of hosts it recognises: one host with
 * Postfix and Cyrus (the single-host topology), or Postfix hosts beside a
 * store (the remote topology). A Murder is not imported.
 */
interface Shape {
  /** Answers of the shape that are valid but for the field being checked (accepted()). */
  probe: { topology: 'single-host' | 'remote' } & Record<string, unknown>;
  topologyNote: (
    pf: InspectedHost | undefined,
    store: InspectedHost | undefined,
    both: InspectedHost | undefined,
  ) => string | undefined;
  /** From the route through our transport (NEXTHOP: what follows "transport:"). */
  route: (add: Add, route: string, nexthop: string) => void;
  /**
   * Further Postfix hosts are further MX hosts; the store is named from its
   * own output when no route names it, and its lmtpd maxchild is kept and
   * shared among the MX hosts (issue 24).
   */
  furtherMx: boolean;
  /** From the store's cyrus.conf, imapd.conf and /etc/services. */
  store: (add: Add, store: InspectedHost, out: readonly Prefill[]) => void;
}

const SHAPES: Record<'single-host' | 'remote', Shape> = {
  'single-host': {
    probe: { topology: 'single-host', mailHost: 'mail.example.org' },
    topologyNote: (_pf, _store, both) => (both ? `${both.hostname} runs both Postfix and Cyrus` : undefined),
    route: (add, route, nexthop) => {
      const path = /^unix:(\/.+)$/.exec(nexthop)?.[1];
      if (path) add(['unixSocket', 'path'], path, `the route ${route}`);
    },
    furtherMx: false,
    store: (add, store, out) => {
      const unix = store.cyrusServices.find(
        (s) => !s.commented && s.name === 'lmtpunix' && s.options.listen?.startsWith('/'),
      );
      const path = unix?.options.listen ?? store.imapd.lmtpsocket;
      if (path && !out.some((p) => p.path.join('.') === 'unixSocket.path'))
        add(['unixSocket', 'path'], path, unix ? `cyrus.conf lmtpunix listens on ${path}` : `imapd.conf lmtpsocket`);
      const dir = path ? store.socketDirs[path.slice(0, path.lastIndexOf('/'))] : undefined;
      if (dir && !['mail', 'root', 'cyrus'].includes(dir.group) && (store.postfixGroups ?? []).includes(dir.group)) {
        add(
          ['unixSocket', 'group'],
          dir.group,
          `the socket directory belongs to group ${dir.group}, which postfix is in`,
        );
      }
    },
  },
  remote: {
    probe: {
      topology: 'remote',
      mailHost: 'mail.example.org',
      tcp: { storeHost: 'store.example.org' },
      sasl: { password: 'a-Long-enough-Passw0rd' },
    },
    topologyNote: (pf, store) =>
      pf && store ? `Postfix runs on ${pf.hostname}, Cyrus on ${store.hostname}` : undefined,
    route: (add, route, nexthop) => {
      const hop = inetNexthop(nexthop);
      if (!hop) return;
      add(['tcp', 'storeHost'], hop.host, `the route ${route}`);
      if (hop.port) add(['tcp', 'port'], hop.port, `the route ${route}`);
    },
    furtherMx: true,
    store: (add, store, out) => {
      const tcp = store.cyrusServices.filter(
        (s) =>
          !s.commented &&
          (s.options.cmd ?? '').split(' ')[0] === 'lmtpd' &&
          s.options.listen !== undefined &&
          !s.options.listen.startsWith('/'),
      );
      const open = tcp.filter((s) => !/^(127\.|\[::1\]|localhost)/.test(s.options.listen ?? ''));
      const svc = open.length === 1 ? open[0] : undefined;
      if (svc && SERVICE_RE.test(svc.name) && !RESERVED_CYRUS_SERVICE_NAMES.includes(svc.name)) {
        add(
          ['tcp', 'serviceName'],
          svc.name,
          `cyrus.conf runs lmtpd as "${svc.name}" (listen="${svc.options.listen}")`,
        );
        const listen = svc.options.listen ?? '';
        const addr = /^(.*):[^:]+$/.exec(listen)?.[1]?.replace(/^\[|\]$/g, '');
        if (addr) add(['tcp', 'listenAddress'], addr, `cyrus.conf ${svc.name} listen="${listen}"`);
        const maxchild = Number(svc.options.maxchild);
        if (Number.isInteger(maxchild) && maxchild > 0)
          add(['limits', 'lmtpMaxChild'], maxchild, `cyrus.conf ${svc.name} maxchild=${svc.options.maxchild}`);
        const admins = (store.imapd[`${svc.name}_admins`] ?? '').split(/[,\s]+/).filter(Boolean);
        if (admins.length === 1) add(['sasl', 'username'], admins[0], `imapd.conf ${svc.name}_admins`);
      } else {
        const kept = storeMaxChild(store);
        if (kept)
          add(
            ['limits', 'lmtpMaxChild'],
            kept.value,
            `cyrus.conf ${kept.service} maxchild=${kept.value} on ${store.hostname}; the new LMTP service keeps the same limit`,
          );
      }
      const port = store.servicesLmtp
        .map((l) => l.trim().split(/[ \t]+/))
        .find((w) => w[0] === 'lmtp' && /^[0-9]+\/tcp$/.test(w[1] ?? ''))?.[1];
      if (port && !out.some((p) => p.path.join('.') === 'tcp.port'))
        add(['tcp', 'port'], Number(port.replace('/tcp', '')), `/etc/services names lmtp ${port}`);
    },
  },
};

/** The prefills the schema accepts, one at a time on answers that are otherwise valid. */
function accepted(shape: Shape, items: Prefill[]): Prefill[] {
  return items.filter((p) => {
    const base: Record<string, unknown> = structuredClone(shape.probe);
    if (p.path[0] === 'topology') return true;
    // a further MX is checked as a whole item (host and concurrency; its user and password are the admin's to type)
    if (p.path[0] === 'extraMx') {
      const item = {
        ...items
          .filter((q) => q.path[0] === 'extraMx' && q.path[1] === p.path[1])
          .reduce<Record<string, unknown>>((o, q) => ({ ...o, [q.path[2] ?? '']: q.value }), {}),
        username: 'probe-user',
        password: 'a-Long-enough-Passw0rd',
      };
      const index = Number(p.path[1]);
      base.extraMx = Array.from({ length: index + 1 }, (_, i) =>
        i === index
          ? item
          : { host: `probe${i}.example.org`, username: `probe${i}`, password: 'a-Long-enough-Passw0rd' },
      );
      const r = parseAnswers(base);
      return r.ok || !r.errors.some((e) => e.path === p.path.join('.') || e.path.startsWith(`${p.path.join('.')}.`));
    }
    setAt(base, p.path, p.value);
    const r = parseAnswers(base);
    return r.ok || !r.errors.some((e) => e.path === p.path.join('.') || e.path.startsWith(`${p.path.join('.')}.`));
  });
}

/** The maxproc of TRANSPORT's lmtp row in a host's master.cf, when it has one. */
function maxprocOf(h: InspectedHost, transport: string): number | undefined {
  const row = h.master.find((m) => m.service === transport && m.type === 'unix');
  const maxproc = Number(row?.row.split(' ')[6]);
  return row?.command === 'lmtp' && Number.isInteger(maxproc) && maxproc > 0 ? maxproc : undefined;
}

/** The store's lmtpd maxchild (the first lmtpd service that sets one), kept by the import (issue 24). */
function storeMaxChild(store: InspectedHost): { value: number; service: string } | undefined {
  const lmtpd = store.cyrusServices.find(
    (s) => !s.commented && (s.options.cmd ?? '').split(' ')[0] === 'lmtpd' && s.options.maxchild !== undefined,
  );
  const value = Number(lmtpd?.options.maxchild);
  return lmtpd && Number.isInteger(value) && value > 0 ? { value, service: lmtpd.name } : undefined;
}

/** A host's full name: main.cf myhostname, else its hostname when that has a dot. */
function mxName(h: InspectedHost): string | undefined {
  const n = h.postconf.effective.myhostname ?? h.main.myhostname ?? h.hostname;
  return n.includes('.') ? n : h.hostname.includes('.') ? h.hostname : undefined;
}

/**
 * The answers that the inspected hosts imply: topology, target release, mail
 * host, an existing transport (its name, its domains, the store it points
 * to), the socket path and group, and on a store the lmtpd service name,
 * listen address, port and admin; with several Postfix hosts beside the
 * store, the first pasted is mailHost and each further one an extraMx item
 * (its host and concurrency; never its SASL user or password, which
 * inspect.sh does not print). Conflicts are not resolved here: a route
 * to another store stays a conflict in the plan, on its field.
 */
export function prefillFrom(hosts: readonly InspectedHost[]): Prefill[] {
  const out: Prefill[] = [];
  const add = (path: string[], value: unknown, note: string) =>
    out.push({ path, value, note: `from your server: ${note}` });
  // One host with both: a single host. Two hosts: the store is the one with
  // Cyrus (without Postfix, or else the one whose lmtpd listens on TCP).
  const tcpLmtpd = (h: InspectedHost) =>
    h.cyrusServices.some(
      (s) => !s.commented && (s.options.cmd ?? '').startsWith('lmtpd') && !(s.options.listen ?? '/').startsWith('/'),
    );
  const withCyrus = hosts.filter((h) => h.cyrus.installed);
  const withPostfix = hosts.filter((h) => h.postfix.installed);
  const single = hosts.length === 1 || withCyrus.length === 0 || withPostfix.length === 0;
  const both = single ? hosts.find((h) => h.postfix.installed && h.cyrus.installed) : undefined;
  const store = single
    ? (both ?? withCyrus[0])
    : (withCyrus.find((h) => !h.postfix.installed) ?? withCyrus.find(tcpLmtpd) ?? withCyrus[0]);
  // The MX hosts, in the order pasted: the first without Cyrus (else the
  // first) is mailHost, folder postfix-host/; each further one, in the order
  // pasted, an item of extraMx, folder postfix-host-<host>/.
  const mxHosts = single ? [] : withPostfix.filter((h) => h !== store);
  const pf = single ? (both ?? withPostfix[0]) : (mxHosts.find((h) => !h.cyrus.installed) ?? mxHosts[0]);
  if (!pf && !store) return [];
  const shape = SHAPES[single || !pf || !store ? 'single-host' : 'remote'];
  const topologyNote = shape.topologyNote(pf, store, both);
  if (topologyNote) add(['topology'], shape.probe.topology, topologyNote);
  const first = pf ?? store;
  if (first) add(['target'], first.release, `${first.hostname} runs Debian ${first.debianVersion}`);

  if (pf) {
    const myhostname = pf.postconf.effective.myhostname ?? pf.main.myhostname;
    if (myhostname?.includes('.')) add(['mailHost'], myhostname, `main.cf myhostname on ${pf.hostname}`);
    // The stock "lmtp" service counts only where a route through it names a Cyrus socket.
    const candidates = cyrusTransports(pf).filter((t) => t !== 'lmtp');
    const lmtpToCyrus = ROUTE_KEYS.some((k) => /^lmtp:unix:.*cyrus/.test(pf.main[k] ?? ''));
    const routed = ROUTE_KEYS.map((k) => transportOf(pf.main[k])).find(
      (t) => t !== undefined && (candidates.includes(t) || (t === 'lmtp' && lmtpToCyrus)),
    );
    const transport = routed ?? (candidates.length === 1 ? candidates[0] : undefined);
    if (transport) {
      const from = routed
        ? `main.cf routes mail through the master.cf service "${transport}"`
        : `master.cf has the delivery service "${transport}"`;
      add(['delivery', 'transportName'], transport, from);
      const isOurs = (route: string | undefined) => transportOf(route) === transport;
      if (isOurs(pf.main.mailbox_transport))
        add(['delivery', 'localRecipients'], true, `main.cf mailbox_transport = ${pf.main.mailbox_transport}`);
      if (isOurs(pf.main.default_transport))
        add(['delivery', 'defaultTransport'], true, `main.cf default_transport = ${pf.main.default_transport}`);
      const vdomains = (pf.main.virtual_mailbox_domains ?? '')
        .split(/[,\s]+/)
        .filter((d) => /^[a-z0-9.-]+\.[a-z]+$/i.test(d));
      if (isOurs(pf.main.virtual_transport) && vdomains.length > 0 && !pf.main.virtual_mailbox_maps) {
        add(
          ['delivery', 'virtualDomains'],
          vdomains,
          `main.cf virtual_mailbox_domains, delivered through virtual_transport = ${pf.main.virtual_transport}`,
        );
      }
      const mapped = (pf.transportMaps['/etc/postfix/transport'] ?? [])
        .filter((e) => transportOf(e.value) === transport)
        .map((e) => e.key);
      if (mapped.length > 0)
        add(['delivery', 'transportMapDomains'], mapped, `/etc/postfix/transport routes them through "${transport}"`);
      const maxproc = maxprocOf(pf, transport);
      if (maxproc !== undefined)
        add(['limits', 'concurrency'], maxproc, `master.cf "${transport}" runs at most ${maxproc} processes`);
      const route =
        ROUTE_KEYS.map((k) => pf.main[k]).find((r) => r !== undefined && isOurs(r)) ??
        pf.transportMaps['/etc/postfix/transport']?.find((e) => isOurs(e.value))?.value;
      if (route) shape.route(add, route, route.slice(transport.length + 1));
    }
  }
  if (pf && store && shape.furtherMx && !out.some((p) => p.path.join('.') === 'tcp.storeHost')) {
    // No route names the store yet: the store's own output names it (issue 24).
    const name = mxName(store);
    if (name)
      add(
        ['tcp', 'storeHost'],
        name,
        `${store.hostname} runs Cyrus (its own name, main.cf myhostname or its host name)`,
      );
  }
  // The store's lmtpd maxchild, kept (issue 24): the bundle would otherwise
  // give its LMTP service 100. With several MX hosts, their parallel
  // deliveries share it, so each gets its part unless its master.cf says more.
  const keptMaxChild = store && shape.furtherMx ? storeMaxChild(store) : undefined;
  if (pf && shape.furtherMx) {
    // Each further MX: its name and its concurrency. Its SASL user and
    // password are never in inspect.sh's output (it prints only the keys of
    // the password maps), so the admin types them.
    const transport = out.find((p) => p.path.join('.') === 'delivery.transportName')?.value as string | undefined;
    const further = mxHosts
      .filter((h) => h !== pf)
      .flatMap((h) => {
        const name = mxName(h);
        return name ? [{ h, name }] : [];
      });
    further.slice(0, MAX_EXTRA_MX).forEach(({ h, name }, i) => {
      add(
        ['extraMx', String(i), 'host'],
        name,
        `${h.hostname} is MX host ${i + 2} (further Postfix hosts count in the order pasted): main.cf myhostname`,
      );
      const maxproc = transport ? maxprocOf(h, transport) : undefined;
      if (transport && maxproc !== undefined)
        add(
          ['extraMx', String(i), 'concurrency'],
          maxproc,
          `master.cf "${transport}" on ${h.hostname} runs at most ${maxproc} processes`,
        );
    });
    if (keptMaxChild && store) {
      const n = 1 + Math.min(further.length, MAX_EXTRA_MX);
      const share = Math.max(1, Math.floor(keptMaxChild.value / n));
      const reason = `lmtpd maxchild on ${store.hostname} is ${keptMaxChild.value}, shared by ${n} MX ${n === 1 ? 'host' : 'hosts'}`;
      if (!out.some((p) => p.path.join('.') === 'limits.concurrency') && share < 20)
        add(['limits', 'concurrency'], share, reason);
      further.slice(0, MAX_EXTRA_MX).forEach((_, i) => {
        if (!out.some((p) => p.path.join('.') === `extraMx.${i}.concurrency`) && share < 20)
          add(['extraMx', String(i), 'concurrency'], share, reason);
      });
    }
  }
  if (store) {
    shape.store(add, store, out);
    if (store.imapd.virtdomains === 'userid' || store.imapd.virtdomains === 'off') {
      add(
        ['cyrus', 'virtdomains'],
        'keep',
        `imapd.conf virtdomains is "${store.imapd.virtdomains}"; "keep" leaves it so`,
      );
    }
  }
  return accepted(shape, out);
}
