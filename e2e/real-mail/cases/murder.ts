// A Cyrus Murder (issue 15), on Debian 13 and 12: the mupdate master on
// store.test, two backends (be1, be2, each with its own proxy password), two
// frontends (fe1, fe2) whose lmtpd proxies, and Postfix on mx.test delivering
// to the frontends in order over pinned TLS hops (issue 24: one next-hop list,
// one pin per frontend). Every host runs its own folder of one bundle from POST
// /api/bundle, on hosts without cyrus-murder (apply.sh installs it where mupdate
// runs). Mail must land on the backend that holds the mailbox (read back over
// IMAP from that backend), fail over to fe2 when fe1 is down, a mailbox moved
// with XFER keeps receiving, and a backend or the mupdate master down defers
// mail (never bounces it) while the rest still delivers.
import { apply, verify, type HostId } from '../lib/bundle.ts';
import { ADMIN_PASSWORD } from '../lib/base-config.ts';
import type { Container } from '../lib/containers/container.ts';
import type { Release } from '../lib/containers/rootfs.ts';
import { outcome, postfixLog, postqueue, type Hosts } from '../lib/diagnostics.ts';
import { Imap } from '../lib/imap.ts';
import type { Net } from '../lib/network.ts';
import { assert } from '../lib/runner.ts';
import type { Case, Ctx, Scenario } from '../lib/scenario.ts';
import { canConnect } from '../lib/endpoint.ts';
import { waitFor } from '../lib/sh.ts';
import { waitForMessage, type Topology } from '../lib/topology.ts';
import { rollbackRestores, secondApplyIsNoop, send } from './common.ts';

const BACKENDS = ['be1', 'be2'] as const;
type Backend = (typeof BACKENDS)[number];
/** Each backend's own proxy password (murder.backendPasswords): the frontend logs in to each with its own. */
const PROXY_PASSWORD: Record<Backend, string> = { be1: 'Be1-pr0xy-secret', be2: 'Be2-pr0xy-secret' };
/** Where each test mailbox starts; carol moves from be1 to be2. */
const HOME: Record<string, Backend> = {
  'user.alice': 'be1',
  'user.carol': 'be1',
  'user.bob': 'be2',
  'user.tester': 'be2',
};

const FRONTENDS = ['fe1', 'fe2'] as const;
type Frontend = (typeof FRONTENDS)[number];
const backend = (h: Hosts, b: Backend): Container => h.extra[b] as Container;
const frontend = (h: Hosts, f: Frontend = 'fe1'): Container => h.extra[f] as Container;
/** The test client reads each backend directly over IMAP (not through the frontend). */
const on = (c: Ctx, b: Backend): Topology => ({ ...c.t, imap: { host: c.lane.net.hosts[b]?.addr ?? '', port: 143 } });

/** Every folder on its host, in the bundle README's order: master, backends, frontends, Postfix. */
const placement = (h: Hosts): { host: HostId; on: Container }[] => [
  { host: 'mupdate-store.test', on: h.cyrus },
  { host: 'backend-be1.test', on: backend(h, 'be1') },
  { host: 'backend-be2.test', on: backend(h, 'be2') },
  { host: 'frontend-fe1.test', on: frontend(h, 'fe1') },
  { host: 'frontend-fe2.test', on: frontend(h, 'fe2') },
  { host: 'postfix-host', on: h.postfix },
];

/** Whether dpkg has PKG installed on a host. */
const installed = async (c: Container, pkg: string): Promise<boolean> =>
  /ok installed/.test((await c.exec('dpkg-query', ['-W', '-f=${Status}', pkg], { allowFail: true })).stdout);
/** Where mupdate runs, and so where apply.sh must install cyrus-murder: the master and the frontends. */
const MUPDATE_HOSTS = ['mupdate-store.test', 'frontend-fe1.test', 'frontend-fe2.test'];

/**
 * The command a frontend's apply.sh printed for the Postfix host: one
 * --store-fingerprint HOST=... per frontend, its own filled in. Returns the
 * whole printed command and this frontend's own pin.
 */
function printedCommand(out: string | undefined, self: string): { command: string; pin: string | undefined } {
  const command =
    /next, on the Postfix host, in its postfix-host folder: (sh apply\.sh .*)$/m.exec(out ?? '')?.[1] ?? '';
  const pin = new RegExp(`--store-fingerprint ${self.replace(/\./g, '\\.')}=([0-9A-F:]{95})(?: |$)`).exec(command)?.[1];
  return { command, pin };
}

/** Stops, starts or restarts Cyrus on a host; after a start, waits until IMAP answers. */
async function cyrusCtl(c: Container, action: 'stop' | 'start' | 'restart', imapAddr?: string): Promise<void> {
  await c.exec('systemctl', [action, 'cyrus-imapd']);
  if (action !== 'stop' && imapAddr)
    await waitFor(`IMAP on ${imapAddr}`, () => canConnect({ host: imapAddr, port: 143 }), 30_000, 200);
}
const addr = (c: Ctx, b: Backend | Frontend | 'store'): string =>
  b === 'store' ? c.lane.net.cyrus.addr : (c.lane.net.hosts[b]?.addr ?? '');

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
  name: 'apply.sh on every host (master and backends at once, then both frontends, then Postfix with every pin the frontends printed); mailboxes made on their backends',
  fn: async (c) => {
    // The hosts start as a stock host: cyrus-murder is reachable from apt
    // (the root filesystem's local repository) but not installed.
    for (const { host, on } of placement(c.h))
      assert(!(await installed(on, 'cyrus-murder')), `${host}: cyrus-murder is installed before apply.sh`);
    // The master and the backends need nothing from each other to start, so
    // they go at once; the frontends need the master (their mupdate slave's
    // first synchronization), and the Postfix host the frontends' printed pins.
    const [master, be1, be2, fe1, fe2, postfix] = placement(c.h);
    const run = async (p: { host: HostId; on: Container } | undefined, args: string[] = []): Promise<void> => {
      if (p) c.applied[p.host] = await apply(c.bundle, p.host, p.on, { args });
    };
    await Promise.all([run(master), run(be1), run(be2)]);
    await Promise.all([run(fe1), run(fe2)]);
    // Each frontend prints the command that pins them all, with its own
    // fingerprint and a placeholder for the other's; the admin puts the two together.
    const args: string[] = [];
    for (const f of FRONTENDS) {
      const out = c.applied[`frontend-${f}.test`]?.out;
      const { command, pin } = printedCommand(out, `${f}.test`);
      assert(pin, `frontend-${f}.test/apply.sh printed no --store-fingerprint ${f}.test=...:\n${out}`);
      for (const other of FRONTENDS)
        assert(
          command.includes(`--store-fingerprint ${other}.test=`),
          `frontend-${f}.test/apply.sh's command does not pin ${other}.test: ${command}`,
        );
      args.push('--store-fingerprint', `${f}.test=${pin}`);
    }
    await run(postfix, args);
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

const packagesPerRole: Case = {
  name: 'apply.sh installed cyrus-murder (mupdate) on the master and both frontends, from apt, and not on the backends or the Postfix host; no service of ours is commented out',
  fn: async (c) => {
    for (const { host, on } of placement(c.h)) {
      const want = MUPDATE_HOSTS.includes(host);
      assert(
        (await installed(on, 'cyrus-murder')) === want,
        `${host}: cyrus-murder ${want ? 'is not' : 'is'} installed after apply.sh`,
      );
      if (want)
        assert(
          /installing:.*cyrus-murder/.test(c.applied[host]?.out ?? ''),
          `${host}/apply.sh did not say it installed cyrus-murder:\n${c.applied[host]?.out}`,
        );
      const conf = on.read('/etc/cyrus.conf') ?? '';
      const ours = conf.split('\n').filter((l) => /^#lmtp-wizard: program not installed:\s+(mupdate|lmtp)\b/.test(l));
      assert(ours.length === 0, `${host}: a service of ours is commented out in cyrus.conf:\n${ours.join('\n')}`);
    }
  },
};

/** The Postfix log lines of a message's deliveries (status=sent), which name the frontend (relay=). */
const sentVia = (c: Ctx, queueId: string | undefined): string[] =>
  postfixLog(c.h, new RegExp(`${queueId}: to=.*status=sent`));

const deliversToTheRightBackend: Case = {
  name: 'alice@ (be1) and bob@ (be2), one message through fe1 (the first frontend): each arrives on its own backend, where the other has no such mailbox',
  fn: async (c) => {
    const s = await send(c, ['alice@mx.test', 'bob@mx.test']);
    await waitForMessage(on(c, 'be1'), c.h, 'user.alice', s.messageId);
    await waitForMessage(on(c, 'be2'), c.h, 'user.bob', s.messageId);
    const via = sentVia(c, s.queueId);
    assert(
      via.length > 0 && via.every((l) => /relay=fe1\.test\[/.test(l)),
      `not delivered through fe1.test:\n${via.join('\n')}`,
    );
    for (const [b, box] of [
      ['be2', 'user.alice'],
      ['be1', 'user.bob'],
    ] as const) {
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
  name: "verify.sh passes on all six hosts; each frontend sees mailboxes on both backends through mupdate; the Postfix host's checks LHLO and the pin of both frontends",
  fn: async (c) => {
    for (const { host, on: where } of placement(c.h)) {
      const v = await verify(c.bundle, host, where);
      assert(v.code === 0 && /all checks passed/.test(v.out), `${host}/verify.sh exited ${v.code}:\n${v.out}`);
      if (host.startsWith('frontend-')) {
        for (const b of BACKENDS)
          assert(
            new RegExp(`ok +this frontend sees [1-9]\\d* mailbox\\(es\\) on ${b}\\.test`).test(v.out),
            `frontend does not see ${b}'s mailboxes:\n${v.out}`,
          );
      }
      if (host === 'postfix-host') {
        for (const f of FRONTENDS)
          assert(
            new RegExp(`ok +${f}\\.test:2003 does STARTTLS and presents a pinned certificate`).test(v.out),
            `postfix-host/verify.sh does not check ${f}.test's pin:\n${v.out}`,
          );
      }
    }
  },
};

// Postfix 3.5 and later try a list of next hops in order (defect 9 of issue
// 24): with fe1 down, the connection is refused and the same delivery goes to
// fe2 at once; nothing waits in the queue and nothing bounces.
const failsOverToFe2: Case = {
  name: 'fe1 stopped: alice@ and bob@ arrive through fe2 (Postfix logs relay=fe2.test for both), nothing deferred, nothing bounced; fe1 started again',
  fn: async (c) => {
    const fe1 = frontend(c.h, 'fe1');
    await cyrusCtl(fe1, 'stop');
    try {
      await waitFor(
        'fe1.test:2003 closed',
        async () => !(await canConnect({ host: addr(c, 'fe1'), port: 2003 })),
        15_000,
        200,
      );
      const s = await send(c, ['alice@mx.test', 'bob@mx.test']);
      await waitForMessage(on(c, 'be1'), c.h, 'user.alice', s.messageId);
      await waitForMessage(on(c, 'be2'), c.h, 'user.bob', s.messageId);
      const via = sentVia(c, s.queueId);
      assert(
        via.length === 2 && via.every((l) => /relay=fe2\.test\[/.test(l)),
        `not both delivered through fe2.test:\n${via.join('\n')}`,
      );
      const held = postfixLog(c.h, new RegExp(`${s.queueId}: .*status=(deferred|bounced)`));
      assert(held.length === 0, `deferred or bounced while fe2 was up:\n${held.join('\n')}`);
    } finally {
      await cyrusCtl(fe1, 'start');
      await waitFor('fe1.test:2003 open again', () => canConnect({ host: addr(c, 'fe1'), port: 2003 }), 40_000, 250);
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
    await waitFor(
      `${s.messageId} in user.carol on be2`,
      async () => {
        const imap = await Imap.login(on(c, 'be2').imap, 'cyrus', ADMIN_PASSWORD).catch(() => undefined);
        const hits = imap ? await imap.search('user.carol', s.messageId).catch(() => []) : [];
        imap?.close();
        if (hits.length > 0) return true;
        await c.h.postfix.exec('postqueue', ['-f']);
        return false;
      },
      40_000,
      2000,
    );
    const bounced = postfixLog(c.h, new RegExp(`${s.queueId}: .*status=bounced`));
    assert(bounced.length === 0, `carol's message bounced:\n${bounced.join('\n')}`);
  },
};

const backendDown: Case = {
  name: "be2 stopped: bob@ is deferred and stays queued; alice@ on be1 still arrives; be2 back, bob's message arrives",
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
  name: "mupdate master stopped: mail for known mailboxes is still delivered through the frontend's copy of the list, nothing bounces, the frontend's verify.sh fails naming the master, and creating a mailbox is refused until the master is back",
  fn: async (c) => {
    await cyrusCtl(c.h.cyrus, 'stop');
    try {
      const s = await send(c, ['alice@mx.test', 'bob@mx.test']);
      await waitForMessage(on(c, 'be1'), c.h, 'user.alice', s.messageId);
      await waitForMessage(on(c, 'be2'), c.h, 'user.bob', s.messageId);
      // the frontend's verify.sh names the missing master
      const v = await verify(c.bundle, 'frontend-fe1.test', frontend(c.h));
      assert(
        v.code !== 0 && /FAIL +no mupdate master at store\.test:3905/.test(v.out),
        `frontend verify.sh with the master down exited ${v.code}:\n${v.out}`,
      );
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
      await waitFor(
        'CREATE user.dave once the master is back',
        async () => (last = await create()) === '',
        30_000,
        1000,
      ).catch((e: Error) => {
        throw new Error(`${e.message}; first refusal: ${refused}; last: ${last}`);
      });
      const bounced = postfixLog(c.h, /status=bounced/);
      assert(bounced.length === 0, `something bounced:\n${bounced.join('\n')}`);
    } finally {
      await cyrusCtl(c.h.cyrus, 'start', addr(c, 'store'));
    }
  },
};

export function murder(n: Net, _release: Release): { s: Scenario; cases: Case[] }[] {
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
            frontends: FRONTENDS.map((f) => `${f}.test`),
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
          { name: 'fe2', role: 'cyrus' },
        ],
        placement,
      },
      cases: [
        setUp,
        packagesPerRole,
        deliversToTheRightBackend,
        ownProxyPasswords,
        verifyEverywhere,
        failsOverToFe2,
        xferKeepsDelivering,
        backendDown,
        mupdateDown,
        secondApplyIsNoop,
        rollbackRestores,
      ],
    },
  ];
}
