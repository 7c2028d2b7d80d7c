// Two "hosts" in network namespaces for the remote topology. Each namespace
// has one veth into a bridge in the root namespace; the root namespace sits on
// the same /24 as a third host (the test client, 10.200.0.254), so node can
// speak SMTP and IMAP to both without ip netns exec. No default route exists
// anywhere in 10.200.0.0/24 and the bridge has no physical port, so nothing
// can leave the machine. Each host also has a ULA IPv6 address on the same
// bridge (fd00:200::/64, added with nodad so it is usable at once), with no
// IPv6 route beyond that prefix. The hosts files name only the IPv4
// addresses, so the scenarios that use a host name stay on IPv4.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { run, waitFor } from './sh.ts';

export const NET = {
  bridge: 'lwz-br',
  prefix: 24,
  prefix6: 64,
  client: { addr: '10.200.0.254', addr6: 'fd00:200::254', name: 'client.test' },
  cyrus: { ns: 'lwz-cy', addr: '10.200.0.1', addr6: 'fd00:200::1', name: 'store.test', veth: 'lwzcy0' },
  postfix: { ns: 'lwz-pf', addr: '10.200.0.2', addr6: 'fd00:200::2', name: 'mx.test', veth: 'lwzpf0' },
} as const;

const HOSTS = [
  '127.0.0.1\tlocalhost',
  `${NET.cyrus.addr}\t${NET.cyrus.name} store`,
  `${NET.postfix.addr}\t${NET.postfix.name} mx`,
  `${NET.client.addr}\t${NET.client.name} client`,
  '',
].join('\n');

const ip = (...args: string[]): Promise<unknown> => run('ip', args);

export async function createNetns(): Promise<void> {
  await destroyNetns();
  await ip('link', 'add', NET.bridge, 'type', 'bridge');
  await ip('addr', 'add', `${NET.client.addr}/${NET.prefix}`, 'dev', NET.bridge);
  await ip('-6', 'addr', 'add', `${NET.client.addr6}/${NET.prefix6}`, 'dev', NET.bridge, 'nodad');
  await ip('link', 'set', NET.bridge, 'up');
  for (const host of [NET.cyrus, NET.postfix]) {
    await ip('netns', 'add', host.ns);
    await ip('link', 'add', host.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.ns);
    await ip('link', 'set', host.veth, 'master', NET.bridge, 'up');
    await ip('-n', host.ns, 'link', 'set', 'lo', 'up');
    await ip('-n', host.ns, 'addr', 'add', `${host.addr}/${NET.prefix}`, 'dev', 'eth0');
    await ip('-n', host.ns, '-6', 'addr', 'add', `${host.addr6}/${NET.prefix6}`, 'dev', 'eth0', 'nodad');
    await ip('-n', host.ns, 'link', 'set', 'eth0', 'up');
    // ip netns exec bind-mounts these over /etc/hosts and /etc/resolv.conf
    const dir = `/etc/netns/${host.ns}`;
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/hosts`, HOSTS);
    writeFileSync(`${dir}/resolv.conf`, '');
  }
}

const linkExists = async (name: string): Promise<boolean> =>
  (await run('ip', ['link', 'show', name], { allowFail: true })).code === 0;

export async function destroyNetns(): Promise<void> {
  for (const host of [NET.cyrus, NET.postfix]) {
    // deleting the root-side veth first: netns deletion frees its peer lazily
    await run('ip', ['link', 'del', host.veth], { allowFail: true });
    await run('ip', ['netns', 'del', host.ns], { allowFail: true });
    rmSync(`/etc/netns/${host.ns}`, { recursive: true, force: true });
  }
  await run('ip', ['link', 'del', NET.bridge], { allowFail: true });
  for (const name of [NET.cyrus.veth, NET.postfix.veth, NET.bridge]) {
    await waitFor(`link ${name} to disappear`, async () => !(await linkExists(name)), 10_000);
  }
}
