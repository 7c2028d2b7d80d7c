// Where each daemon runs and how the test client reaches it, per topology.
import { writeBaseConfig, resetState, ADMIN_PASSWORD } from './base-config.ts';
import { startCyrus, startPostfix, startSyslog, stopCyrus, stopPostfix, type CyrusHandle, type Endpoint, type PostfixHandle } from './daemons.ts';
import { diagnostics } from './diagnostics.ts';
import { Imap, type ImapEndpoint } from './imap.ts';
import { createNetns, NET } from './netns.ts';
import { sleep } from './sh.ts';

export interface Topology {
  kind: 'single-host' | 'remote';
  myhostname: string;
  smtp: { host: string; port: number };
  imap: ImapEndpoint;
  postfixNs?: string;
  cyrusNs?: string;
}

export const SINGLE_HOST: Topology = {
  kind: 'single-host',
  myhostname: 'mx.test',
  smtp: { host: '127.0.0.1', port: 25 },
  imap: { host: '127.0.0.1', port: 143 },
};

export const REMOTE: Topology = {
  kind: 'remote',
  myhostname: NET.postfix.name,
  smtp: { host: NET.postfix.addr, port: 25 },
  imap: { host: NET.cyrus.addr, port: 143 },
  postfixNs: NET.postfix.ns,
  cyrusNs: NET.cyrus.ns,
};

/** Reset the machine to the neutral base for this topology. Daemons must be down. */
export async function prepareBase(t: Topology, cyrusConf: 'stock' | 'minimal' = 'minimal'): Promise<void> {
  await resetState();
  if (t.kind === 'remote') await createNetns();
  await writeBaseConfig({
    myhostname: t.myhostname,
    inetInterfaces: t.kind === 'remote' ? `127.0.0.1, ${NET.postfix.addr}` : '127.0.0.1',
    mynetworks: t.kind === 'remote' ? `127.0.0.0/8, ${NET.client.addr}/32` : '127.0.0.0/8',
    cyrusConf,
  });
}

export interface Running {
  t: Topology;
  cyrus?: CyrusHandle;
  postfix?: PostfixHandle;
}

/** Start Cyrus (waiting for IMAP plus `lmtp` endpoints) and then Postfix. */
export async function startDaemons(t: Topology, lmtp: Endpoint[]): Promise<Running> {
  await startSyslog();
  const r: Running = { t };
  try {
    r.cyrus = await startCyrus([{ host: t.imap.host, port: t.imap.port ?? 143 }, ...lmtp], t.cyrusNs);
    r.postfix = await startPostfix(t.smtp, t.postfixNs);
  } catch (e) {
    await stopDaemons(r);
    throw new Error(`${(e as Error).message}\n${await diagnostics(t.postfixNs)}`);
  }
  return r;
}

export async function stopDaemons(r: Running): Promise<void> {
  await stopPostfix(r.postfix);
  r.postfix = undefined;
  await stopCyrus(r.cyrus);
  r.cyrus = undefined;
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
export async function waitForMessage(t: Topology, mailbox: string, messageId: string, timeoutMs = 20_000): Promise<string> {
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
  throw new Error(`${messageId} not in ${mailbox} after ${timeoutMs} ms\n${await diagnostics(t.postfixNs)}`);
}

/** Poll until some message in the mailbox contains `needle` (e.g. a bounce quoting a Message-ID). */
export async function waitForText(t: Topology, mailbox: string, needle: string, timeoutMs = 20_000): Promise<string> {
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
  throw new Error(`no message containing ${needle} in ${mailbox} after ${timeoutMs} ms\n${await diagnostics(t.postfixNs)}`);
}
