// The network of one lane (one Debian release): two host namespaces on a bridge
// in the root namespace, which is the test client (client.test) and speaks SMTP
// and IMAP to both without entering them. Each lane has its own bridge,
// subnets and names, so the releases run side by side. No default route exists
// and the bridge has no physical port, so nothing leaves the machine. Each host
// also has a ULA IPv6 address (nodad, so it is usable at once). Name lookups
// inside a host read the host's own /etc/hosts (see hostsFile), which names
// only the IPv4 addresses.
//
// A scenario may ask for more hosts than the store and the Postfix host (a
// second MX, the roles of a Cyrus Murder): extra host i (0-based) gets the
// address 10.200.N.(3+i) and fd00:200:N+1::(3+i), the namespace lwzN-h(3+i)
// and the name <short>.test, and every host's /etc/hosts names them all.
import { existsSync, readdirSync } from 'node:fs';
import { onCleanup, runSync } from './containers/cleanup.ts';
import { run, waitFor } from './sh.ts';

export interface HostNet {
  ns: string;
  addr: string;
  addr6: string;
  name: string;
  veth: string;
}

export interface Net {
  lane: number;
  bridge: string;
  prefix: number;
  prefix6: number;
  client: { addr: string; addr6: string; name: string };
  cyrus: HostNet;
  postfix: HostNet;
  /** the scenario's extra hosts, by short name (e.g. mx2 -> mx2.test, 10.200.N.3); none by default */
  hosts: Record<string, HostNet>;
}

/** Extra hosts use the addresses 10.200.N.3 .. 10.200.N.(3 + MAX_EXTRA_HOSTS - 1). */
export const MAX_EXTRA_HOSTS = 16;
const SHORT_NAME = /^[a-z][a-z0-9]{0,15}$/;
// taken by the store, the Postfix host and the client, or by the container ids of the first two
const RESERVED = new Set(['store', 'mx', 'cy', 'client', 'localhost']);

/** Lane n: 10.200.n.0/24 and fd00:200:(n+1)::/64, bridge lwz-brn, namespaces lwzn-cy and lwzn-pf. */
export function laneNet(lane: number): Net {
  const v4 = (h: number): string => `10.200.${lane}.${h}`;
  // lane + 1: a zero group would be written back compressed (fd00:200::1) in the logs
  const v6 = (h: number): string => `fd00:200:${lane + 1}::${h}`;
  return {
    lane,
    bridge: `lwz-br${lane}`,
    prefix: 24,
    prefix6: 64,
    client: { addr: v4(254), addr6: v6(254), name: 'client.test' },
    cyrus: { ns: `lwz${lane}-cy`, addr: v4(1), addr6: v6(1), name: 'store.test', veth: `lwz${lane}cy0` },
    postfix: { ns: `lwz${lane}-pf`, addr: v4(2), addr6: v6(2), name: 'mx.test', veth: `lwz${lane}pf0` },
    hosts: {},
  };
}

/** Extra host number `index` (0-based) of lane `lane`, named `<short>.test`. */
export function extraHost(lane: number, short: string, index: number): HostNet {
  if (!SHORT_NAME.test(short) || RESERVED.has(short))
    throw new Error(
      `extra host name ${JSON.stringify(short)}: lower-case letters and digits, not ${[...RESERVED].join(', ')}`,
    );
  if (!Number.isInteger(index) || index < 0 || index >= MAX_EXTRA_HOSTS)
    throw new Error(`extra host ${short}: index ${index} outside 0..${MAX_EXTRA_HOSTS - 1}`);
  const octet = 3 + index;
  return {
    ns: `lwz${lane}-h${octet}`,
    addr: `10.200.${lane}.${octet}`,
    addr6: `fd00:200:${lane + 1}::${octet}`,
    name: `${short}.test`,
    veth: `lwz${lane}h${octet}`,
  };
}

/** The lane's network with these extra hosts, in this order (the first gets 10.200.N.3). */
export function withHosts(n: Net, shorts: readonly string[]): Net {
  if (new Set(shorts).size !== shorts.length) throw new Error(`extra hosts named twice: ${shorts.join(', ')}`);
  return { ...n, hosts: Object.fromEntries(shorts.map((s, i) => [s, extraHost(n.lane, s, i)])) };
}

/** Every host namespace of the net: the store, the Postfix host, then the extra hosts. */
export const hostNets = (n: Net): HostNet[] => [n.cyrus, n.postfix, ...Object.values(n.hosts)];

/** Is this namespace (a name under /run/netns) one of lane `lane`'s, whatever extra hosts a run had? */
export const isLaneNamespace = (lane: number, ns: string): boolean => ns.startsWith(`lwz${lane}-`);
/** Is this link one of lane `lane`'s host veths or its bridge? */
export const isLaneLink = (lane: number, link: string): boolean =>
  new RegExp(`^lwz${lane}(cy0|pf0|h\\d+)$`).test(link) || link === `lwz-br${lane}`;

/** The lane's namespaces that exist now (e.g. left by a run killed with SIGKILL). */
export function laneNamespaces(lane: number): string[] {
  return existsSync('/run/netns') ? readdirSync('/run/netns').filter((ns) => isLaneNamespace(lane, ns)) : [];
}

/** The lane's links in the root namespace that exist now (host veths, bridge). */
export function laneLinks(lane: number): string[] {
  const r = runSync('ip', ['-o', 'link', 'show']);
  // "12: lwz0cy0@if11: <...>": the name, without the peer's index
  return r.out
    .split('\n')
    .map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1] ?? '')
    .filter((name) => isLaneLink(lane, name));
}

/** /etc/hosts of every host in the lane. */
export function hostsFile(n: Net): string {
  return [
    '127.0.0.1\tlocalhost',
    `${n.cyrus.addr}\t${n.cyrus.name} store`,
    `${n.postfix.addr}\t${n.postfix.name} mx`,
    ...Object.entries(n.hosts).map(([short, h]) => `${h.addr}\t${h.name} ${short}`),
    `${n.client.addr}\t${n.client.name} client`,
    '',
  ].join('\n');
}

const ip = (...args: string[]): Promise<unknown> => run('ip', args);

/**
 * Removes every host veth and namespace and the bridge of lane `lane`,
 * whichever hosts the run that made them had (extra hosts of a killed run
 * too). Deleting a namespace that a live process still holds only unmounts its
 * name, so the veths are deleted first: that ends the pair at once.
 */
export function removeLaneNetSync(lane: number, n?: Net): void {
  const links = new Set([...(n ? hostNets(n).map((h) => h.veth) : []), ...laneLinks(lane)]);
  const spaces = new Set([...(n ? hostNets(n).map((h) => h.ns) : []), ...laneNamespaces(lane)]);
  links.delete(`lwz-br${lane}`);
  for (const l of links) runSync('ip', ['link', 'del', l]);
  for (const ns of spaces) runSync('ip', ['netns', 'del', ns]);
  runSync('ip', ['link', 'del', `lwz-br${lane}`]);
}

const destroySync = (n: Net): void => removeLaneNetSync(n.lane, n);

/** Creates the lane's bridge and every host namespace of the net; returns how to remove them. */
export async function createNet(n: Net): Promise<() => Promise<void>> {
  destroySync(n); // leftovers of a run that was killed with SIGKILL
  const drop = onCleanup(`network of lane ${n.lane}`, () => destroySync(n));
  await ip('link', 'add', n.bridge, 'type', 'bridge');
  await ip('addr', 'add', `${n.client.addr}/${n.prefix}`, 'dev', n.bridge);
  await ip('-6', 'addr', 'add', `${n.client.addr6}/${n.prefix6}`, 'dev', n.bridge, 'nodad');
  await ip('link', 'set', n.bridge, 'up');
  for (const h of hostNets(n)) {
    await ip('netns', 'add', h.ns);
    await ip('link', 'add', h.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', h.ns);
    await ip('link', 'set', h.veth, 'master', n.bridge, 'up');
    await ip('-n', h.ns, 'link', 'set', 'lo', 'up');
    await ip('-n', h.ns, 'addr', 'add', `${h.addr}/${n.prefix}`, 'dev', 'eth0');
    await ip('-n', h.ns, '-6', 'addr', 'add', `${h.addr6}/${n.prefix6}`, 'dev', 'eth0', 'nodad');
    await ip('-n', h.ns, 'link', 'set', 'eth0', 'up');
  }
  return async () => {
    destroySync(n);
    drop();
    const gone = async (name: string): Promise<boolean> =>
      (await run('ip', ['link', 'show', name], { allowFail: true })).code !== 0;
    for (const name of [...hostNets(n).map((h) => h.veth), n.bridge])
      await waitFor(`link ${name} to disappear`, () => gone(name), 10_000);
  };
}
