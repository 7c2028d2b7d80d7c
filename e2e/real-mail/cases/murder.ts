// A Cyrus Murder (issue 15), Debian 13 only: the mupdate master on store.test,
// two backends (be1, be2, each with its own proxy password), one frontend (fe1) running lmtpproxyd, and Postfix
// on mx.test delivering to the frontend over the pinned TLS hop. Every host
// runs its own folder of one bundle from POST /api/bundle. Mail must land on
// the backend that holds the mailbox (read back over IMAP from that backend),
// a mailbox moved with XFER keeps receiving, and a backend or the mupdate
// master down defers mail (never bounces it) while the rest still delivers.
import { apply, verify, type HostId } from '../lib/bundle.ts';
import { ADMIN_PASSWORD } from '../lib/base-config.ts';
import type { Container } from '../lib/containers/container.ts';
import type { Release } from '../lib/containers/rootfs.ts';
import { outcome, postfixLog, postqueue, type Hosts } from '../lib/diagnostics.ts';
import { Imap } from '../lib/imap.ts';
import type { Net } from '../lib/network.ts';
import { assert } from '../lib/runner.ts';
import { printedPin, type Case, type Ctx, type Scenario } from '../lib/scenario.ts';
import { canConnect } from '../lib/endpoint.ts';
import { waitFor } from '../lib/sh.ts';
import { waitForMessage, type Topology } from '../lib/topology.ts';
import { rollbackRestores, secondApplyIsNoop, send } from './common.ts';

const BACKENDS = ['be1', 'be2'] as const;
type Backend = (typeof BACKENDS)[number];
/** Each backend's own proxy password (murder.backendPasswords): the frontend logs in to each with its own. */
const PROXY_PASSWORD: Record<Backend, string> = { be1: 'Be1-pr0xy-secret', be2: 'Be2-pr0xy-secret' };
/** Where each test mailbox starts; carol moves from be1 to be2. */
const HOME: Record<string, Backend> = { 'user.alice': 'be1', 'user.carol': 'be1', 'user.bob': 'be2', 'user.tester': 'be2' };

const backend = (h: Hosts, b: Backend): Container => h.extra[b] as Container;
const frontend = (h: Hosts): Container => h.extra.fe1 as Container;
/** The test client reads each backend directly over IMAP (not through the frontend). */
const on = (c: Ctx, b: Backend): Topology => ({ ...c.t, imap: { host: c.lane.net.hosts[b]?.addr ?? '', port: 143 } });

/** Every folder on its host, in the bundle README's order: master, backends, frontend, Postfix. */
const placement = (h: Hosts): { host: HostId; on: Container }[] => [
  { host: 'mupdate-store.test', on: h.cyrus },
  { host: 'backend-be1.test', on: backend(h, 'be1') },
  { host: 'backend-be2.test', on: backend(h, 'be2') },
  { host: 'frontend-fe1.test', on: frontend(h) },
  { host: 'postfix-host', on: h.postfix },
];

/** Stops, starts or restarts Cyrus on a host; after a start, waits until IMAP answers. */
async function cyrusCtl(c: Container, action: 'stop' | 'start' | 'restart', imapAddr?: string): Promise<void> {
  await c.exec('systemctl', [action, 'cyrus-imapd']);
  if (action !== 'stop' && imapAddr) await waitFor(`IMAP on ${imapAddr}`, () => canConnect({ host: imapAddr, port: 143 }), 30_000, 200);
}
const addr = (c: Ctx, b: Backend | 'store'): string => (b === 'store' ? c.lane.net.cyrus.addr : (c.lane.net.hosts[b]?.addr ?? ''));

/** Mail to one recipient whose delivery must wait: deferred, still queued, never bounced. */
async function deferred(c: Ctx, rcpt: string): Promise<string | undefined> {
  const s = await send(c, [rcpt]);
  const line = await outcome(c.h, s.queueId, /status=(deferred|bounced|sent)/);
  assert(/status=deferred/.test(line), `${rcpt}: expected deferred, got: ${line}`);
  const q = await postqueue(c.h);
  assert(q.includes(s.queueId ?? '?'), `${s.queueId} is not in the queue:\n${q}`);
  return s.messageId;
}

const setUp: Case = {
  name: 'apply.sh on every host (master and backends at once, then the frontend, then Postfix with the pin the frontend printed); mailboxes made on their backends',
  fn: async (c) => {
    // The master and the backends need nothing from each other to start, so
    // they go at once; the frontend needs the master (its mupdate slave's first
    // synchronization), and the Postfix host the frontend's printed pin.
    const [master, be1, be2, fe1, postfix] = placement(c.h);
    const run = async (p: { host: HostId; on: Container } | undefined, args: string[] = []): Promise<void> => {
      if (p) c.applied[p.host] = await apply(c.bundle, p.host, p.on, { args });
    };
    await Promise.all([run(master), run(be1), run(be2)]);
    await run(fe1);
    const pin = printedPin(c.applied['frontend-fe1.test']?.out);
    assert(pin, `frontend-fe1.test/apply.sh printed no --store-fingerprint:\n${c.applied['frontend-fe1.test']?.out}`);
    await run(postfix, ['--store-fingerprint', pin]);
    for (const [box, b] of Object.entries(HOME)) {
      const imap = await Imap.login(on(c, b).imap, 'cyrus', ADMIN_PASSWORD);
      try {
        await imap.createMailbox(box);
      } finally {
        imap.close();
      }
    }
  },
};

const deliversToTheRightBackend: Case = {
  name: 'alice@ (be1) and bob@ (be2), one message: each arrives on its own backend, where the other has no such mailbox',
  fn: async (c) => {
    const s = await send(c, ['alice@mx.test', 'bob@mx.test']);
    await waitForMessage(on(c, 'be1'), c.h, 'user.alice', s.messageId);
    await waitForMessage(on(c, 'be2'), c.h, 'user.bob', s.messageId);
    for (const [b, box] of [['be2', 'user.alice'], ['be1', 'user.bob']] as const) {
      const imap = await Imap.login(on(c, b).imap, 'cyrus', ADMIN_PASSWORD);
      try {
        const r = await imap.run(`SELECT ${box}`);
        assert(!r.ok, `${box} exists on ${b} too (${r.status})`);
      } finally {
        imap.close();
      }
    }
  },
};

const ownProxyPasswords: Case = {
  name: "each backend takes the proxy user with its own password only: be1's does not log in on be2, nor be2's on be1",
  fn: async (c) => {
    for (const b of BACKENDS) {
      const other: Backend = b === 'be1' ? 'be2' : 'be1';
      const imap = await Imap.login(on(c, b).imap, 'mailproxy', PROXY_PASSWORD[b]);
      imap.close();
      const wrong = await Imap.login(on(c, b).imap, 'mailproxy', PROXY_PASSWORD[other]).then(
        (i) => (i.close(), 'logged in'),
        (e: Error) => e.message,
      );
      assert(/LOGIN mailproxy failed/.test(wrong), `${other}'s proxy password on ${b}: ${wrong}`);
    }
  },
};

const verifyEverywhere: Case = {
  name: 'verify.sh passes on all five hosts; the frontend sees mailboxes on both backends through mupdate',
  fn: async (c) => {
    for (const { host, on: where } of placement(c.h)) {
      const v = await verify(c.bundle, host, where);
      assert(v.code === 0 && /all checks passed/.test(v.out), `${host}/verify.sh exited ${v.code}:\n${v.out}`);
      if (host.startsWith('frontend-')) {
        for (const b of BACKENDS) assert(new RegExp(`ok +this frontend sees [1-9]\\d* mailbox\\(es\\) on ${b}\\.test`).test(v.out), `frontend does not see ${b}'s mailboxes:\n${v.out}`);
      }
    }
  },
};

const xferKeepsDelivering: Case = {
  name: 'user.carol moved from be1 to be2 with XFER: the next message arrives on be2 (a delivery during the move is deferred, not lost)',
  fn: async (c) => {
    // Test setup, the admin's own move credentials (the bundle gives backends
    // none): be1 logs in to be2 as the Cyrus admin for the transfer. Taken out
    // again afterwards, so that rollback.sh finds the file apply.sh left.
    const be1 = backend(c.h, 'be1');
    const original = be1.read('/etc/imapd.conf') ?? '';
    be1.write('/etc/imapd.conf', `${original}proxy_authname: cyrus\nbe2_password: ${ADMIN_PASSWORD}\n`);
    try {
      await cyrusCtl(be1, 'restart', addr(c, 'be1')); // imapd processes are reused (-U 30) and keep the old configuration
      const imap = await Imap.login(on(c, 'be1').imap, 'cyrus', ADMIN_PASSWORD);
      try {
        await imap.must('XFER user.carol be2.test');
      } finally {
        imap.close();
      }
    } finally {
      be1.write('/etc/imapd.conf', original);
    }
    const s = await send(c, ['carol@mx.test']);
    // Right after the move the frontend may answer 451 "Retry operation" while
    // its copy of the list catches up; Postfix keeps the message, and a queue
    // run delivers it.
    await waitFor(`${s.messageId} in user.carol on be2`, async () => {
      const imap = await Imap.login(on(c, 'be2').imap, 'cyrus', ADMIN_PASSWORD).catch(() => undefined);
      const hits = imap ? await imap.search('user.carol', s.messageId).catch(() => []) : [];
      imap?.close();
      if (hits.length > 0) return true;
      await c.h.postfix.exec('postqueue', ['-f']);
      return false;
    }, 40_000, 2000);
    const bounced = postfixLog(c.h, new RegExp(`${s.queueId}: .*status=bounced`));
    assert(bounced.length === 0, `carol's message bounced:\n${bounced.join('\n')}`);
  },
};

const backendDown: Case = {
  name: 'be2 stopped: bob@ is deferred and stays queued; alice@ on be1 still arrives; be2 back, bob\'s message arrives',
  fn: async (c) => {
    await cyrusCtl(backend(c.h, 'be2'), 'stop');
    try {
      const held = await deferred(c, 'bob@mx.test');
      const s = await send(c, ['alice@mx.test']);
      await waitForMessage(on(c, 'be1'), c.h, 'user.alice', s.messageId);
      await cyrusCtl(backend(c.h, 'be2'), 'start', addr(c, 'be2'));
      await c.h.postfix.exec('postqueue', ['-f']);
      await waitForMessage(on(c, 'be2'), c.h, 'user.bob', held ?? '', 40_000);
    } finally {
      await cyrusCtl(backend(c.h, 'be2'), 'start', addr(c, 'be2'));
    }
  },
};

// Cyrus 3.10's lmtpd on a frontend looks each mailbox up in the frontend's own
// mailboxes.db, which its mupdate slave keeps in step (proxy.c: proxy_mlookup
// asks the slave only for a name it does not know). So with the master down,
// mail for known mailboxes still flows; what stops is every change to the
// mailbox list, which the master must confirm.
const mupdateDown: Case = {
  name: 'mupdate master stopped: mail for known mailboxes is still delivered through the frontend\'s copy of the list, nothing bounces, the frontend\'s verify.sh fails naming the master, and creating a mailbox is refused until the master is back',
  fn: async (c) => {
    await cyrusCtl(c.h.cyrus, 'stop');
    try {
      const s = await send(c, ['alice@mx.test', 'bob@mx.test']);
      await waitForMessage(on(c, 'be1'), c.h, 'user.alice', s.messageId);
      await waitForMessage(on(c, 'be2'), c.h, 'user.bob', s.messageId);
      // the frontend's verify.sh names the missing master
      const v = await verify(c.bundle, 'frontend-fe1.test', frontend(c.h));
      assert(v.code !== 0 && /FAIL +no mupdate master at store\.test:3905/.test(v.out), `frontend verify.sh with the master down exited ${v.code}:\n${v.out}`);
      const create = async (): Promise<string> => {
        const imap = await Imap.login(on(c, 'be1').imap, 'cyrus', ADMIN_PASSWORD);
        try {
          const r = await imap.run('CREATE user.dave');
          return r.ok ? '' : r.status;
        } finally {
          imap.close();
        }
      };
      const refused = await create();
      assert(refused !== '', 'CREATE user.dave succeeded with the mupdate master down');
      await cyrusCtl(c.h.cyrus, 'start', addr(c, 'store'));
      let last = refused;
      await waitFor('CREATE user.dave once the master is back', async () => (last = await create()) === '', 30_000, 1000).catch((e: Error) => {
        throw new Error(`${e.message}; first refusal: ${refused}; last: ${last}`);
      });
      const bounced = postfixLog(c.h, /status=bounced/);
      assert(bounced.length === 0, `something bounced:\n${bounced.join('\n')}`);
    } finally {
      await cyrusCtl(c.h.cyrus, 'start', addr(c, 'store'));
    }
  },
};

export function murder(n: Net, release: Release): { s: Scenario; cases: Case[] }[] {
  if (release !== 'debian-13') return [];
  return [
    {
      s: {
        name: 'murder',
        kind: 'remote',
        answers: {
          topology: 'murder',
          mailHost: 'mx.test',
          murder: {
            mupdateHost: 'store.test',
            frontends: ['fe1.test'],
            backends: ['be1.test', 'be2.test'],
            backendPasswords: BACKENDS.map((b) => ({ password: PROXY_PASSWORD[b] })),
            mupdatePassword: 'Mupd4te-secret',
          },
          sasl: { password: 'S3cret-lmtp' },
        },
        mailboxes: [],
        lmtp: { host: n.cyrus.addr, port: 2003 },
        applyAtSetup: false,
        extraHosts: [
          { name: 'be1', role: 'cyrus' },
          { name: 'be2', role: 'cyrus' },
          { name: 'fe1', role: 'cyrus' },
        ],
        placement,
      },
      cases: [setUp, deliversToTheRightBackend, ownProxyPasswords, verifyEverywhere, xferKeepsDelivering, backendDown, mupdateDown, secondApplyIsNoop, rollbackRestores],
    },
  ];
}
