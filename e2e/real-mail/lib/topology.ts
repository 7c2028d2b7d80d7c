// Where each daemon runs and how the test client reaches it: the hosts of one
// scenario, booted from a release's root filesystem in the lane's namespaces.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { addCyrusAdmin, ADMIN_PASSWORD, POSTFIX_LOG, SYSLOG_FILE, writeBaseConfig } from './base-config.ts';
import { Container, type BootMode } from './containers/container.ts';
import type { Release } from './containers/rootfs.ts';
import { allHosts, diagnostics, type Hosts } from './diagnostics.ts';
import { Imap, type ImapEndpoint } from './imap.ts';
import { withHosts, type HostNet, type Net } from './network.ts';
import { sleep } from './sh.ts';

export type Kind = 'single-host' | 'remote';

/** One release's lane: its root filesystem, its network and where its overlays live. */
export interface Lane {
  release: Release;
  rootfs: string;
  net: Net;
  runDir: string;
}

/**
 * A host a scenario needs besides the store and the Postfix host (a second MX,
 * a Murder frontend or backend): its short name (mx2 -> mx2.test, namespace
 * lwzN-h3, 10.200.N.3 for the first) and its role. Every extra host boots
 * from the same root filesystem with the same neutral base; a "cyrus" host
 * also gets the suite's Cyrus admin, as the store does.
 */
export interface ExtraHost {
  name: string;
  role: 'postfix' | 'cyrus';
}

/** The lane with the scenario's extra hosts in its network (the net cases see as c.lane.net). */
export const laneWith = (lane: Lane, extra: readonly ExtraHost[] = []): Lane => ({
  ...lane,
  net: withHosts(
    lane.net,
    extra.map((e) => e.name),
  ),
});

export interface Topology {
  kind: Kind;
  myhostname: string;
  smtp: { host: string; port: number };
  imap: ImapEndpoint;
}

export function topology(kind: Kind, net: Net): Topology {
  return {
    kind,
    myhostname: net.postfix.name,
    smtp: { host: net.postfix.addr, port: 25 },
    imap: { host: kind === 'single-host' ? net.postfix.addr : net.cyrus.addr, port: 143 },
  };
}

/**
 * Boots the scenario's hosts (the store first) from the base configuration.
 * `extra` hosts must be in lane.net (see laneWith); they boot alongside.
 */
export async function startHosts(
  lane: Lane,
  kind: Kind,
  mode: BootMode,
  scenario: string,
  extra: readonly ExtraHost[] = [],
): Promise<Hosts> {
  const { net, release, rootfs, runDir } = lane;
  const make = (role: string, h: HostNet): Container => {
    const c = Container.create({
      id: `${release}-${scenario}-${role}`,
      hostname: h.name,
      release,
      rootfs,
      netns: h.ns,
      mode,
      runDir,
    });
    writeBaseConfig(c, { release, net, myhostname: h.name, smtpAddr: h.addr });
    return c;
  };
  const postfix = make('mx', net.postfix);
  const cyrus = kind === 'single-host' ? postfix : make('cy', net.cyrus);
  const hosts: Hosts = { postfix, cyrus, extra: {} };
  try {
    for (const e of extra) {
      const h = net.hosts[e.name];
      if (!h) throw new Error(`extra host ${e.name} is not in the lane's network (use laneWith)`);
      hosts.extra[e.name] = make(e.name, h);
    }
    await Promise.all(allHosts(hosts).map((c) => c.boot()));
    for (const c of [cyrus, ...extra.filter((e) => e.role === 'cyrus').map((e) => hosts.extra[e.name] as Container)])
      await addCyrusAdmin(c);
  } catch (e) {
    await stopHosts(hosts);
    throw e;
  }
  return hosts;
}

/** Where each host's logs are kept after it is destroyed (the last run only; git ignores it). */
export const HOST_LOGS = new URL('../host-logs/', import.meta.url).pathname;

export async function stopHosts(h: Hosts): Promise<void> {
  for (const c of allHosts(h)) {
    const dir = join(HOST_LOGS, c.id);
    mkdirSync(dir, { recursive: true });
    for (const log of [SYSLOG_FILE, POSTFIX_LOG]) writeFileSync(join(dir, basename(log)), c.read(log) ?? '');
    await c.destroy();
  }
}

export async function adminImap(t: Topology): Promise<Imap> {
  return Imap.login(t.imap, 'cyrus', ADMIN_PASSWORD);
}

export async function createMailboxes(t: Topology, names: string[]): Promise<void> {
  const c = await adminImap(t);
  try {
    for (const n of names) await c.createMailbox(n);
  } finally {
    c.close();
  }
}

/** Poll the mailbox until the Message-ID is there; returns the whole message. */
export async function waitForMessage(
  t: Topology,
  h: Hosts,
  mailbox: string,
  messageId: string,
  timeoutMs = 20_000,
): Promise<string> {
  const end = Date.now() + timeoutMs;
  const c = await adminImap(t);
  try {
    for (;;) {
      const hits = await c.search(mailbox, messageId);
      if (hits[0] !== undefined) return await c.fetch(hits[0]);
      if (Date.now() > end) break;
      await sleep(250);
    }
  } finally {
    c.close();
  }
  throw new Error(`${messageId} not in ${mailbox} after ${timeoutMs} ms\n${await diagnostics(h)}`);
}

/** Poll until some message in the mailbox contains `needle` (e.g. a bounce quoting a Message-ID). */
export async function waitForText(
  t: Topology,
  h: Hosts,
  mailbox: string,
  needle: string,
  timeoutMs = 20_000,
): Promise<string> {
  const end = Date.now() + timeoutMs;
  const c = await adminImap(t);
  try {
    for (;;) {
      const text = await c.all(mailbox);
      if (text.includes(needle)) return text;
      if (Date.now() > end) break;
      await sleep(250);
    }
  } finally {
    c.close();
  }
  throw new Error(`no message containing ${needle} in ${mailbox} after ${timeoutMs} ms\n${await diagnostics(h)}`);
}
