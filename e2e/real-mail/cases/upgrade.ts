// Debian 12 -> 13 without losing a message (issue 23), on Debian 12 hosts
// configured by the debian-12 bundle: mail in Cyrus and in the Postfix queue,
// apply.sh --pre-upgrade, the upgrade inside each host in the order of the
// bundle's UPGRADE.md (the store first), with or without a reboot, verify.sh
// at each broken point in between, the debian-13 bundle's apply.sh, and every
// message delivered: none lost, none bounced. Slow (one apt full-upgrade per
// host), so it runs when UPGRADE=1 or when a filter names it (pnpm test:upgrade).
import { apply, getBundle, script, verify, type Bundle, type HostId } from '../lib/bundle.ts';
import type { Container } from '../lib/containers/container.ts';
import { outcome, postfixLog, postqueue } from '../lib/diagnostics.ts';
import { sendMail, type SendResult } from '../lib/mail.ts';
import type { Net } from '../lib/network.ts';
import { assert } from '../lib/runner.ts';
import { hostsOf, waitForDaemons, type Case, type Ctx, type Scenario } from '../lib/scenario.ts';
import { waitFor } from '../lib/sh.ts';
import { diffSnapshots, snapshot } from '../lib/snapshot.ts';
import { waitForMessage } from '../lib/topology.ts';
import { ensureUpgradeCache, upgradeHost, type UpgradeCache } from '../lib/upgrade.ts';
import { SENDER } from './common.ts';

const PASSWORD = 'S3cret-upgrade';

interface State {
  cache?: UpgradeCache;
  bundle13?: Bundle;
  /** every message the SMTP server accepted, by Message-ID: each must arrive in user.alice or user.carol */
  accepted: { id: string; queueId?: string; mailbox: string; when: string }[];
  /** seconds per phase, for the report */
  timing: Record<string, number>;
  /** verify.sh failures seen at the broken points (host: first failing line) */
  brokenVerify: string[];
}
const states = new WeakMap<Ctx, State>();
const st = (c: Ctx): State => {
  let s = states.get(c);
  if (!s) states.set(c, (s = { accepted: [], timing: {}, brokenVerify: [] }));
  return s;
};

async function sendTo(c: Ctx, to: string, when: string): Promise<SendResult> {
  const s = await sendMail({ host: c.t.smtp.host, from: SENDER, to: [to], subject: `upgrade: ${when}` });
  if (s.rcpt[to]?.code === 250 && s.queueId)
    st(c).accepted.push({ id: s.messageId, queueId: s.queueId, mailbox: `user.${to.split('@')[0]}`, when });
  return s;
}

const storeOf = (c: Ctx): { host: HostId; on: Container } | undefined =>
  hostsOf(c).find((x) => x.host === 'cyrus-host');
const postfixOf = (c: Ctx): { host: HostId; on: Container } =>
  hostsOf(c).find((x) => x.host !== 'cyrus-host') ?? { host: 'mail-host', on: c.h.postfix };

async function timed<T>(c: Ctx, what: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    st(c).timing[what] = Math.round((Date.now() - t0) / 100) / 10;
  }
}

/** verify.sh must fail here: the host is broken in between. */
async function verifyFails(c: Ctx, b: Bundle, host: HostId, on: Container, why: RegExp, label: string): Promise<void> {
  const v = await verify(b, host, on);
  assert(v.code !== 0, `${label}: ${host}/verify.sh exited 0 on a broken host:\n${v.out}`);
  const line = v.out.split('\n').find((l) => why.test(l));
  assert(line, `${label}: ${host}/verify.sh failed, but not with ${why}:\n${v.out}`);
  st(c).brokenVerify.push(`${label}: ${host}: ${line.trim()}`);
}

async function upgradeOne(c: Ctx, on: Container, reboot: boolean, label: string): Promise<void> {
  const s = st(c);
  s.cache ??= await timed(c, 'trixie packages (cache)', () => ensureUpgradeCache(c.lane.rootfs, c.lane.runDir));
  await timed(c, `${label}: apt upgrade`, () => upgradeHost(on, s.cache as UpgradeCache));
  const v = on.read('/etc/debian_version') ?? '';
  assert(/^13\./.test(v), `${on.name}: /etc/debian_version is "${v.trim()}" after the upgrade`);
  if (reboot) await timed(c, `${label}: reboot`, () => on.reboot());
}

/** Every accepted message is in its mailbox, none bounced, the queue is empty. */
async function allArrived(c: Ctx): Promise<void> {
  const s = st(c);
  for (const m of s.accepted) await waitForMessage(c.t, c.h, m.mailbox, m.id, 60_000);
  const bounced = postfixLog(c.h, /status=bounced/);
  assert(bounced.length === 0, `bounced:\n${bounced.join('\n')}`);
  await waitFor('an empty Postfix queue', async () => /Mail queue is empty/.test(await postqueue(c.h)), 30_000).catch(
    async (e: Error) => {
      throw new Error(`${e.message}:\n${await postqueue(c.h)}`);
    },
  );
}

function cases(kind: 'single-host' | 'remote', reboot: boolean): Case[] {
  const remote = kind === 'remote';
  // the rebooted remote pair takes the early write (--prepare-upgrade); the other keeps the STARTTLS trap
  const early = remote && reboot;
  return [
    ...(remote
      ? [
          {
            // Could the debian-12 bundle write the 3.10 key early, so the hop never goes down? Only if 3.6 ignores it.
            name: 'Cyrus 3.6 with lmtp_allowstarttls: on (test setup, then taken out): conf-lint says nothing of it, lmtpd still offers STARTTLS, mail still arrives',
            fn: async (c: Ctx) => {
              const store = (storeOf(c) as { on: Container }).on;
              const conf = store.read('/etc/imapd.conf') ?? '';
              store.write('/etc/imapd.conf', `${conf}lmtp_allowstarttls: on\n`);
              try {
                await store.exec('systemctl', ['restart', 'cyrus-imapd']);
                await waitForDaemons(c);
                const lint = await store.exec('/usr/lib/cyrus/bin/cyr_info', ['conf-lint'], { allowFail: true });
                st(c).brokenVerify.push(
                  `Cyrus 3.6 conf-lint with lmtp_allowstarttls: ${(lint.stdout + lint.stderr).trim() || '(nothing)'}`,
                );
                const probe = await store.exec(
                  'sh',
                  [
                    '-c',
                    `printf 'LHLO x\\r\\nQUIT\\r\\n' | timeout 5 perl -MIO::Socket::IP -e '$s=IO::Socket::IP->new("${c.lane.net.cyrus.addr}:2003") or die; print $s <STDIN>; shutdown($s,1); print while <$s>'`,
                  ],
                  { allowFail: true },
                );
                assert(
                  /250.STARTTLS/.test(probe.stdout),
                  `Cyrus 3.6 with lmtp_allowstarttls offers no STARTTLS:\n${probe.stdout}${probe.stderr}`,
                );
                const m = await sendTo(c, 'alice@mx.test', 'Cyrus 3.6 with lmtp_allowstarttls');
                await waitForMessage(c.t, c.h, 'user.alice', m.messageId);
              } finally {
                store.write('/etc/imapd.conf', conf);
                await store.exec('systemctl', ['restart', 'cyrus-imapd']);
                await waitForDaemons(c);
              }
            },
          } satisfies Case,
        ]
      : []),
    {
      name: 'Debian 12, debian-12 bundle: a message arrives in Cyrus; with Cyrus stopped, another waits in the Postfix queue',
      fn: async (c) => {
        const a = await sendTo(c, 'alice@mx.test', 'before, delivered');
        await waitForMessage(c.t, c.h, 'user.alice', a.messageId);
        const store = storeOf(c)?.on ?? c.h.postfix;
        await store.exec('systemctl', ['stop', 'cyrus-imapd']);
        const b = await sendTo(c, 'alice@mx.test', 'before, queued');
        assert(b.queueId, `not accepted with Cyrus stopped:\n${b.transcript.join('\n')}`);
        await outcome(c.h, b.queueId, /status=deferred/);
      },
    },
    {
      name: 'apply.sh --pre-upgrade (debian-12 bundle) names the traps of each host and changes nothing',
      fn: async (c) => {
        for (const { host, on } of hostsOf(c)) {
          const before = await snapshot(on);
          const r = await script(c.bundle, host, on, 'apply.sh', ['--pre-upgrade']);
          assert(r.code === 0, `${host}: --pre-upgrade exited ${r.code}:\n${r.out}`);
          const want: RegExp[] = [];
          if (host !== 'postfix-host')
            want.push(
              /Cyrus databases and mailboxes/,
              /reconstruct -V max/,
              /tar -C \/ -czf/,
              /conffile prompts for \/etc\/imapd\.conf/,
            );
          if (host === 'cyrus-host')
            want.push(
              /STARTTLS on the LMTP service lmtp/,
              /TLS is required/,
              /\/etc\/services has our line 'lmtp 2003\/tcp'/,
              /answer N/,
            );
          if (host !== 'cyrus-host')
            want.push(
              /Postfix runs as postfix@-\.service/,
              /1 message\(s\) in the Postfix queue/,
              /address verification/,
            );
          if (host === 'postfix-host') want.push(/the store's certificate is pinned/);
          for (const w of want) assert(w.test(r.out), `${host}: --pre-upgrade does not say ${w}:\n${r.out}`);
          const diff = diffSnapshots(before, await snapshot(on));
          assert(diff.length === 0, `${host}: --pre-upgrade changed files:\n${diff.join('\n')}`);
        }
      },
    },
    ...(early
      ? [
          {
            name: "the store's debian-12 apply.sh --prepare-upgrade: writes lmtp_allowstarttls (Cyrus 3.6 ignores it); verify.sh passes",
            fn: async (c: Ctx) => {
              const store = storeOf(c) as { host: HostId; on: Container };
              const r = await apply(c.bundle, store.host, store.on, { args: ['--prepare-upgrade'] });
              assert(
                /--prepare-upgrade: lmtp_allowstarttls: on/.test(r.out),
                `apply.sh --prepare-upgrade said:\n${r.out}`,
              );
              assert(
                /^lmtp_allowstarttls: on$/m.test(store.on.read('/etc/imapd.conf') ?? ''),
                'imapd.conf has no lmtp_allowstarttls: on',
              );
              c.applied['cyrus-host'] = r;
              const v = await verify(c.bundle, store.host, store.on);
              assert(v.code === 0, `the store's debian-12 verify.sh after --prepare-upgrade:\n${v.out}`);
            },
          } satisfies Case,
        ]
      : []),
    ...(remote
      ? [
          {
            name: `the store first: apt-get upgrade --without-new-pkgs, full-upgrade (--force-confold)${reboot ? ', reboot' : ''}; our /etc/services line is kept`,
            fn: async (c: Ctx) => {
              const store = storeOf(c)?.on as Container;
              await upgradeOne(c, store, reboot, 'store');
              assert(
                /^lmtp\s+2003\/tcp/m.test(store.read('/etc/services') ?? ''),
                'the upgrade dropped our lmtp line from /etc/services',
              );
            },
          } satisfies Case,
          early
            ? ({
                name: 'in between (lmtp_allowstarttls written early): the hop stays up, mail arrives at once, a new recipient is accepted; verify.sh passes on the MX',
                fn: async (c: Ctx) => {
                  const s = st(c);
                  s.bundle13 ??= await getBundle(
                    c.server,
                    'debian-13',
                    { ...c.s.answers, upgradeFrom: 'debian-12' },
                    `${c.s.name}-13`,
                  );
                  const m = await sendTo(c, 'alice@mx.test', 'store upgraded, key written early');
                  await waitForMessage(c.t, c.h, 'user.alice', m.messageId);
                  const carol = await sendTo(c, 'carol@mx.test', 'store upgraded, key written early');
                  assert(
                    carol.rcpt['carol@mx.test']?.code === 250,
                    `carol@mx.test: ${carol.rcpt['carol@mx.test']?.code} ${carol.rcpt['carol@mx.test']?.text}`,
                  );
                  const pf = postfixOf(c);
                  const v = await verify(c.bundle, pf.host, pf.on);
                  assert(v.code === 0, `the MX's debian-12 verify.sh with the store on 13:\n${v.out}`);
                },
              } satisfies Case)
            : ({
                name: 'in between: the hop defers with "TLS is required", mail waits, a new recipient gets 450 (never 5xx); verify.sh fails on both hosts',
                fn: async (c: Ctx) => {
                  const s = st(c);
                  s.bundle13 ??= await getBundle(
                    c.server,
                    'debian-13',
                    { ...c.s.answers, upgradeFrom: 'debian-12' },
                    `${c.s.name}-13`,
                  );
                  const m = await sendTo(c, 'alice@mx.test', 'store upgraded, hop down');
                  const line = await outcome(c.h, m.queueId, /status=(deferred|sent|bounced)/);
                  assert(
                    /status=deferred/.test(line) && /TLS is required, but was not offered/.test(line),
                    `expected the STARTTLS deferral: ${line}`,
                  );
                  const carol = await sendMail({ host: c.t.smtp.host, from: SENDER, to: ['carol@mx.test'] });
                  const code = carol.rcpt['carol@mx.test']?.code ?? 0;
                  assert(
                    code >= 400 && code < 500,
                    `carol@mx.test (never probed) during the outage: ${code} ${carol.rcpt['carol@mx.test']?.text}`,
                  );
                  const pf = postfixOf(c);
                  await verifyFails(c, c.bundle, pf.host, pf.on, /TLS|STARTTLS/, 'store upgraded, MX on 12');
                  const store = storeOf(c) as { host: HostId; on: Container };
                  await verifyFails(
                    c,
                    s.bundle13,
                    store.host,
                    store.on,
                    /allowstarttls|STARTTLS/,
                    'store upgraded, before its debian-13 apply.sh',
                  );
                },
              } satisfies Case),
          {
            name: "the store's debian-13 apply.sh: its plan names the earlier bundle and labels lmtp_allowstarttls a release change; the hop is back",
            fn: async (c: Ctx) => {
              const s = st(c);
              const store = storeOf(c) as { host: HostId; on: Container };
              const b = s.bundle13 as Bundle;
              const dry = await script(b, store.host, store.on, 'apply.sh', ['--dry-run']);
              assert(dry.code === 0, `dry run exited ${dry.code}:\n${dry.out}`);
              const labels = [
                /earlier bundle for Debian 12/,
                /release change \(Debian 12 -> 13\): \/etc\/imapd\.conf master_pid_file/,
              ];
              if (!early)
                labels.push(
                  /release change \(Debian 12 -> 13\): \/etc\/imapd\.conf lmtp_allowstarttls: on\..*brings the hop back/,
                );
              else
                assert(
                  !/release change[^\n]*allowstarttls/.test(dry.out),
                  `lmtp_allowstarttls, written early, is labelled again:\n${dry.out}`,
                );
              for (const w of labels) {
                assert(w.test(dry.out), `the store's dry run does not say ${w}:\n${dry.out}`);
              }
              c.applied['cyrus-host-13'] = await apply(b, store.host, store.on);
              const v = await verify(b, store.host, store.on);
              assert(v.code === 0, `the store's debian-13 verify.sh:\n${v.out}`);
              const pf = postfixOf(c);
              const v12 = await verify(c.bundle, pf.host, pf.on);
              assert(v12.code === 0, `the MX (still Debian 12) verify.sh with the hop back:\n${v12.out}`);
            },
          } satisfies Case,
        ]
      : []),
    {
      name: `${remote ? 'then the MX' : 'the host'}: apt-get upgrade --without-new-pkgs, full-upgrade (--force-confold)${reboot ? ', reboot' : ' (no reboot)'}; verify.sh fails until the debian-13 apply.sh`,
      fn: async (c) => {
        const s = st(c);
        s.bundle13 ??= await getBundle(
          c.server,
          'debian-13',
          { ...c.s.answers, upgradeFrom: 'debian-12' },
          `${c.s.name}-13`,
        );
        const pf = postfixOf(c);
        await upgradeOne(c, pf.on, reboot, remote ? 'MX' : 'host');
        if (!reboot) {
          // the trap: the old master runs on from the deleted binary; systemd says active
          const active = await pf.on.exec('systemctl', ['is-active', 'postfix@-.service'], { allowFail: true });
          const exe = await pf.on.exec(
            'sh',
            ['-c', 'readlink /proc/$(tr -dc 0-9 </var/spool/postfix/pid/master.pid)/exe'],
            { allowFail: true },
          );
          s.timing['postfix@- after the upgrade'] = 0;
          st(c).brokenVerify.push(
            `after the upgrade: postfix@-.service ${active.stdout.trim()}, master exe ${exe.stdout.trim()}`,
          );
          await verifyFails(
            c,
            s.bundle13,
            pf.host,
            pf.on,
            /deleted program file|Postfix is not running/,
            `${remote ? 'MX' : 'host'} upgraded, not rebooted`,
          );
        } else {
          await verifyFails(
            c,
            s.bundle13,
            pf.host,
            pf.on,
            /FAIL/,
            `${remote ? 'MX' : 'host'} upgraded and rebooted, before its debian-13 apply.sh`,
          );
        }
        // what port 25 does now: accepted mail must arrive in the end
        const m = await sendTo(
          c,
          'alice@mx.test',
          `${remote ? 'MX' : 'host'} upgraded${reboot ? ' and rebooted' : ''}`,
        );
        st(c).brokenVerify.push(
          `SMTP after the upgrade: ${m.rcpt['alice@mx.test']?.code ?? 'no'} ${m.queueId ? `queued as ${m.queueId}` : 'not queued'}`,
        );
      },
    },
    {
      name: `the ${remote ? "MX's" : "host's"} debian-13 apply.sh: the plan labels the release changes${reboot ? '' : ', it takes over from postfix@-.service before any change'}, ends with postqueue -f; every message arrives, none bounced`,
      fn: async (c) => {
        const s = st(c);
        const pf = postfixOf(c);
        const b = s.bundle13 as Bundle;
        const dry = await script(b, pf.host, pf.on, 'apply.sh', ['--dry-run']);
        assert(dry.code === 0, `dry run exited ${dry.code}:\n${dry.out}`);
        const want = [
          /earlier bundle for Debian 12/,
          remote
            ? /release change \(Debian 12 -> 13\): master\.cf cyrus\/unix -o tls_required_enable=no/
            : /release change \(Debian 12 -> 13\): \/etc\/imapd\.conf master_pid_file/,
        ];
        if (!reboot) want.push(/would stop postfix@-\.service/);
        for (const w of want) assert(w.test(dry.out), `the dry run does not say ${w}:\n${dry.out}`);
        const r = await timed(c, `${remote ? 'MX' : 'host'}: debian-13 apply.sh`, () => apply(b, pf.host, pf.on));
        const wantRun = [
          /postqueue -f/,
          ...(reboot ? [] : [/postfix@-\.service from Debian 12 still runs/, /postfix\.service runs: master pid/]),
        ];
        for (const w of wantRun) assert(w.test(r.out), `apply.sh does not say ${w}:\n${r.out}`);
        await waitForDaemons(c);
        await allArrived(c);
        if (remote) {
          // the verify cache forgot carol's failed probe: accepted at once
          const carol = await sendTo(c, 'carol@mx.test', 'after, the recipient that got 450');
          assert(
            carol.rcpt['carol@mx.test']?.code === 250,
            `carol@mx.test after the MX's apply.sh: ${carol.rcpt['carol@mx.test']?.code} ${carol.rcpt['carol@mx.test']?.text}`,
          );
        }
        const last = await sendTo(c, 'alice@mx.test', 'after');
        assert(last.queueId, `not accepted after the upgrade:\n${last.transcript.join('\n')}`);
        await allArrived(c);
      },
    },
    {
      name: 'verify.sh (debian-13 bundle) passes on every host; the debian-12 rollback.sh refuses across releases',
      fn: async (c) => {
        const b = st(c).bundle13 as Bundle;
        for (const { host, on } of hostsOf(c)) {
          const v = await verify(b, host, on);
          assert(v.code === 0 && /all checks passed/.test(v.out), `${host}/verify.sh exited ${v.code}:\n${v.out}`);
          const backup = c.applied[host]?.backup;
          assert(backup, `${host}: the debian-12 apply.sh announced no backup`);
          const rb = await on.exec('sh', [`${backup}/rollback.sh`], { allowFail: true });
          assert(
            rb.code !== 0 && /made on Debian 12/.test(rb.stderr),
            `${host}: the debian-12 rollback.sh on Debian 13 (exit ${rb.code}):\n${rb.stdout}${rb.stderr}`,
          );
        }
        const s = st(c);
        console.log(
          `    ${c.lane.release} ${c.s.name}: ${s.accepted.length} messages accepted, all delivered, 0 bounced; timing ${JSON.stringify(s.timing)}`,
        );
        for (const l of s.brokenVerify) console.log(`    ${l}`);
      },
    },
  ];
}

// The richest first (the remote pair without a reboot: every trap), then a reboot, should a run be cut short.
const ORDER = [
  'upgrade-remote-tls-noreboot',
  'upgrade-single-reboot',
  'upgrade-single-noreboot',
  'upgrade-remote-tls-reboot',
];

export const upgrade = (n: Net): { s: Scenario; cases: Case[] }[] =>
  all(n).sort((x, y) => ORDER.indexOf(x.s.name) - ORDER.indexOf(y.s.name));

const all = (n: Net): { s: Scenario; cases: Case[] }[] =>
  [false, true].flatMap((reboot) => {
    const suffix = reboot ? 'reboot' : 'noreboot';
    return [
      {
        s: {
          name: `upgrade-single-${suffix}`,
          kind: 'single-host' as const,
          answers: { topology: 'single-host', mailHost: 'mx.test' },
          mailboxes: ['user.alice', 'user.carol', 'user.tester'],
          lmtp: { path: '/run/cyrus/socket/lmtp' },
          releases: ['debian-12' as const],
        },
        cases: cases('single-host', reboot),
      },
      {
        s: {
          name: `upgrade-remote-tls-${suffix}`,
          kind: 'remote' as const,
          answers: {
            topology: 'remote',
            mailHost: 'mx.test',
            tcp: { storeHost: 'store.test' },
            sasl: { password: PASSWORD },
          },
          mailboxes: ['user.alice', 'user.carol', 'user.tester'],
          lmtp: { host: n.cyrus.addr, port: 2003 },
          releases: ['debian-12' as const],
        },
        cases: cases('remote', reboot),
      },
    ];
  });
