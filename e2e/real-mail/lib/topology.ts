// Where each daemon runs and how the test client reaches it: the hosts of one
// scenario, booted from a release's root filesystem in the lane's namespaces.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { addCyrusAdmin, ADMIN_PASSWORD, POSTFIX_LOG, SYSLOG_FILE, writeBaseConfig } from './base-config.ts';
import { Container, type BootMode } from './containers/container.ts';
import type { Release } from './containers/rootfs.ts';
import { diagnostics, type Hosts } from './diagnostics.ts';
import { Imap, type ImapEndpoint } from './imap.ts';
import type { Net } from './network.ts';
import { sleep } from './sh.ts';

export type Kind = 'single-host' | 'remote';

/** One release's lane: its root filesystem, its network and where its overlays live. */
export interface Lane {
  release: Release;
  rootfs: string;
  net: Net;
  runDir: string;
}

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

/** Boots the scenario's hosts (the store first) from the base configuration. */
export async function startHosts(lane: Lane, kind: Kind, mode: BootMode, scenario: string): Promise<Hosts> {
  const { net, release, rootfs, runDir } = lane;
  const make = (role: 'cy' | 'mx', h: Net['cyrus']): Container => {
    const c = Container.create({ id: `${release}-${scenario}-${role}`, hostname: h.name, release, rootfs, netns: h.ns, mode, runDir });
    writeBaseConfig(c, { release, net, myhostname: h.name, smtpAddr: h.addr });
    return c;
  };
  const postfix = make('mx', net.postfix);
  const cyrus = kind === 'single-host' ? postfix : make('cy', net.cyrus);
  const hosts = { postfix, cyrus };
  try {
    await Promise.all([...new Set([cyrus, postfix])].map((c) => c.boot()));
    await addCyrusAdmin(cyrus);
  } catch (e) {
    await stopHosts(hosts);
    throw e;
  }
  return hosts;
}

/** Where each host's logs are kept after it is destroyed (the last run only; git ignores it). */
export const HOST_LOGS = new URL('../host-logs/', import.meta.url).pathname;

export async function stopHosts(h: Hosts): Promise<void> {
  for (const c of new Set([h.postfix, h.cyrus])) {
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
export async function waitForMessage(t: Topology, h: Hosts, mailbox: string, messageId: string, timeoutMs = 20_000): Promise<string> {
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
export async function waitForText(t: Topology, h: Hosts, mailbox: string, needle: string, timeoutMs = 20_000): Promise<string> {
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
