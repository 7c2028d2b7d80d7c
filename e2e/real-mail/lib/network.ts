// The network of one lane (one Debian release): two host namespaces on a bridge
// in the root namespace, which is the test client (client.test) and speaks SMTP
// and IMAP to both without entering them. Each lane has its own bridge,
// subnets and names, so the releases run side by side. No default route exists
// and the bridge has no physical port, so nothing leaves the machine. Each host
// also has a ULA IPv6 address (nodad, so it is usable at once). Name lookups
// inside a host read the host's own /etc/hosts (see hostsFile), which names
// only the IPv4 addresses.
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
}

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
  };
}

/** /etc/hosts of every host in the lane. */
export function hostsFile(n: Net): string {
  return [
    '127.0.0.1\tlocalhost',
    `${n.cyrus.addr}\t${n.cyrus.name} store`,
    `${n.postfix.addr}\t${n.postfix.name} mx`,
    `${n.client.addr}\t${n.client.name} client`,
    '',
  ].join('\n');
}

const ip = (...args: string[]): Promise<unknown> => run('ip', args);

function destroySync(n: Net): void {
  for (const h of [n.cyrus, n.postfix]) {
    runSync('ip', ['link', 'del', h.veth]);
    runSync('ip', ['netns', 'del', h.ns]);
  }
  runSync('ip', ['link', 'del', n.bridge]);
}

/** Creates the lane's bridge and both host namespaces; returns how to remove them. */
export async function createNet(n: Net): Promise<() => Promise<void>> {
  destroySync(n); // leftovers of a run that was killed with SIGKILL
  const drop = onCleanup(`network of lane ${n.lane}`, () => destroySync(n));
  await ip('link', 'add', n.bridge, 'type', 'bridge');
  await ip('addr', 'add', `${n.client.addr}/${n.prefix}`, 'dev', n.bridge);
  await ip('-6', 'addr', 'add', `${n.client.addr6}/${n.prefix6}`, 'dev', n.bridge, 'nodad');
  await ip('link', 'set', n.bridge, 'up');
  for (const h of [n.cyrus, n.postfix]) {
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
    const gone = async (name: string): Promise<boolean> => (await run('ip', ['link', 'show', name], { allowFail: true })).code !== 0;
    for (const name of [n.cyrus.veth, n.postfix.veth, n.bridge]) await waitFor(`link ${name} to disappear`, () => gone(name), 10_000);
  };
}
