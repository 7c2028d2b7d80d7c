// How fast mail flows through the bundles the wizard makes (issue 14), on real
// Postfix and real Cyrus in throwaway containers, every variant in one run.
// A benchmark prints figures; it asserts nothing about speed.
//
// Two lanes: a single host (the bundle for mx.test plus the virtual domain
// v.test, virtdomains off, so both routes reach the same mailboxes) and a
// remote pair (the remote bundle as generated: TCP, SCRAM, pinned TLS with
// reuse). Variants differ in postconf settings, master.cf services and the
// lmtpunix maxchild, set between rounds (cyrus-imapd is restarted only when
// maxchild changes):
//   raw-lmtp       smtp-source -L straight into lmtpd's Unix socket, 10 sessions (the limit)
//   single         the single-host bundle: local recipients, mailbox_transport
//   remote         the remote bundle: local recipients over TCP + SCRAM (+ TLS)
//   cyrdeliver     mailbox_transport through a pipe to cyrdeliver (the guide's slow path)
//   virtual-c20    virtual route, <transport>_destination_concurrency_limit 20
//   virtual-c100   the same at 100 (the old default)
//   virtual-c100-maxchild20  at 100 with stock Debian's lmtpunix maxchild=20
//   rcpt10-virtual / rcpt10-local  10 recipients per message, recipient limit 0
//   <check>-cold / <check>-warm    first-time recipients (issue 25): NEW deliveries
//                  to NEW distinct mailboxes (n0@ … n999@, smtp-source -N), one
//                  each, 20 sessions; "cold" clears Postfix's verify cache first
//                  (postfix stop, rm verify_cache.db, start), "warm" follows it
//                  with the cache full. <check> is how smtpd asks Cyrus:
//                    probe    reject_unverified_recipient alone, poll delay 3 s (the bundle before issue 25)
//                    probe1s  the same with address_verify_poll_delay = 1s (Postfix's least)
//                    export   the bundle's class: the exported mailbox list first (known: DUNNO), the probe for the rest
//                  and plus-cold: NEW distinct plus-addresses of the 10 mailboxes
//                  (b0+0@ …) with the bundle's check, a cold cache and
//                  recipient_delimiter = + (as Debian's own main.cf has it)
//   filter-lmtp / filter-cyrus     the guide's renaming advice: half the mail
//                  goes through a content filter on the stock "lmtp" service (an
//                  smtp-sink -L), the other half to Cyrus through a transport
//                  named "lmtp" (shared with the filter) or "cyrus" (ours)
// Each round sends DELIVERIES deliveries of 4 kB over 10 mailboxes with
// smtp-source (20 sessions) and ends when Cyrus's spool has every one of
// them (read back from the mailboxes' directories, polled every 50 ms), not
// when Postfix says so.
//
//   pnpm bench:mail [--release debian-13|debian-12] [--rounds 3] [--deliveries 300] [--new 1000] [--only variant,...]
// Root only; lanes 70 and 71 (REAL_MAIL_LANE_OFFSET=N uses N and N + 1). The machine's
// own mail configuration is never touched (checked, as in the suite).
import { readFileSync, rmSync } from 'node:fs';
import { POSTFIX_LOG, SYSLOG_FILE } from './lib/base-config.ts';
import { bundlesRoot, getBundle } from './lib/bundle.ts';
import { benchArgs, cpuUsec, fmt, median } from './lib/bench.ts';
import { cleanupAll, installCleanupHandlers } from './lib/containers/cleanup.ts';
import { ensureRootfs, RELEASES } from './lib/containers/rootfs.ts';
import { liveRun } from './lib/containers/stale.ts';
import type { Hosts } from './lib/diagnostics.ts';
import { hashMachineFiles, machineDiff } from './lib/machine.ts';
import { openRun } from './lib/run-dir.ts';
import { createNet, laneNet } from './lib/network.ts';
import { applyAll, waitForDaemons, type Scenario } from './lib/scenario.ts';
import { buildServer, startServer, stopServer, type WizardServer } from './lib/server.ts';
import { sleep, waitFor } from './lib/sh.ts';
import { spoolCount, spoolDirs, spoolFiles, type SpoolFile } from './lib/spool.ts';
import { createMailboxes, HOST_LOGS, startHosts, stopHosts, topology, type Lane } from './lib/topology.ts';

const {
  release,
  rounds: ROUNDS,
  count: DELIVERIES,
  extra: values,
} = benchArgs(
  'bench:mail',
  { rounds: 3, count: { flag: 'deliveries', value: 300, step: 100 } },
  { only: '', new: '1000' },
);
/** first-time recipients per cold/warm round, and as many mailboxes n0 … */
const NEW = Number(values.new);
if (!Number.isInteger(NEW) || NEW < 100 || NEW % 100 !== 0) throw new Error('--new: a multiple of 100, at least 100');
// smtp-source -N appends the number on postfix 3.10 (n0@ …) and puts it in front on 3.7 (0n@ …, seen on Debian 12)
const N = Array.from({ length: NEW }, (_, i) => (release === 'debian-12' ? `${i}n` : `n${i}`));
/** Lanes 70 and 71; REAL_MAIL_LANE_OFFSET, when set, names the first lane itself (another run's lanes stay free). */
const FIRST = process.env.REAL_MAIL_LANE_OFFSET === undefined ? 70 : Number(process.env.REAL_MAIL_LANE_OFFSET);
if (!Number.isInteger(FIRST) || FIRST < 0 || FIRST > 200)
  throw new Error('REAL_MAIL_LANE_OFFSET: a whole number from 0 to 200');
const LANES = [FIRST, FIRST + 1];
const other = liveRun(LANES);
if (other) throw new Error(`another run (pid ${other}) uses lanes ${LANES.join(', ')}; set REAL_MAIL_LANE_OFFSET`);

const SOCKET = '/run/cyrus/socket/lmtp';
const ROUTE = `cyrus:unix:${SOCKET}`;
const B = Array.from({ length: 10 }, (_, i) => `b${i}`);
/** smtp-source -r 10 -t r@… numbers its recipients r0@… to r9@… (postfix 3.10), or counts down with the number in front (3.7): mailboxes for both */
const R = ['r', ...Array.from({ length: 11 }, (_, i) => [`r${i}`, `${i}r`]).flat()];
const FILTER_PORT = 10026;

type LaneId = 'single' | 'remote';
interface Config {
  mailbox: string;
  virtual: string;
  concurrency: number;
  maxchild: number;
  /** the recipient check: the bundle's own class, or the probe alone (the bundle before issue 25) */
  check?: 'bundle' | 'probe';
  /** address_verify_poll_delay; unset: the bundle's (Postfix's default) */
  pollDelay?: string;
  /** clear Postfix's verify cache before the round (postfix stop, rm, start) */
  cold?: boolean;
  /** recipient_delimiter, as Debian's own main.cf has it ("+"); unset otherwise, as in the suite's neutral main.cf */
  delimiter?: string;
}
interface Variant {
  name: string;
  lane: LaneId;
  config?: Config;
  /** what smtp-source does: to Postfix (one or ten recipients a message) or LMTP straight into lmtpd */
  send: 'lmtp' | 'local' | 'virtual' | 'local10' | 'virtual10' | 'filter' | 'new' | 'plus';
}
const base: Config = { mailbox: ROUTE, virtual: ROUTE, concurrency: 20, maxchild: 100 };
const ALL: Variant[] = [
  { name: 'raw-lmtp', lane: 'single', send: 'lmtp', config: base },
  { name: 'single', lane: 'single', send: 'local', config: base },
  { name: 'remote', lane: 'remote', send: 'local' },
  { name: 'cyrdeliver', lane: 'single', send: 'local', config: { ...base, mailbox: 'cyrdeliver' } },
  { name: 'virtual-c20', lane: 'single', send: 'virtual', config: base },
  { name: 'virtual-c100', lane: 'single', send: 'virtual', config: { ...base, concurrency: 100 } },
  {
    name: 'virtual-c100-maxchild20',
    lane: 'single',
    send: 'virtual',
    config: { ...base, concurrency: 100, maxchild: 20 },
  },
  { name: 'rcpt10-virtual', lane: 'single', send: 'virtual10', config: base },
  { name: 'rcpt10-local', lane: 'single', send: 'local10', config: base },
  { name: 'filter-lmtp', lane: 'single', send: 'filter', config: { ...base, virtual: `lmtp:unix:${SOCKET}` } },
  { name: 'filter-cyrus', lane: 'single', send: 'filter', config: base },
  ...(['probe', 'probe1s', 'export'] as const).flatMap((k): Variant[] => {
    const c: Config = {
      ...base,
      check: k === 'export' ? 'bundle' : 'probe',
      ...(k === 'probe1s' ? { pollDelay: '1s' } : {}),
    };
    return [
      { name: `${k}-cold`, lane: 'single', send: 'new', config: { ...c, cold: true } },
      { name: `${k}-warm`, lane: 'single', send: 'new', config: c },
    ];
  }),
  { name: 'plus-cold', lane: 'single', send: 'plus', config: { ...base, check: 'bundle', cold: true, delimiter: '+' } },
];
const VARIANTS = ALL.filter((v) => !values.only || values.only.split(',').includes(v.name));

interface Round {
  variant: string;
  seconds: number;
  /** new message files in Cyrus's spool (one per recipient) */
  stored: number;
  /** distinct inodes among them: copies Cyrus really stored */
  copies: number;
  deferred: number;
  bounced: number;
  connections: number;
  logins: number;
  delivered: number;
  cpuMs: number;
}

interface LaneRun {
  h: Hosts;
  ids: string[];
  dirs: { b: Map<string, string>; r: Map<string, string>; n: Map<string, string> };
  current?: Config;
  /** the bundle's own values of what the cold/warm variants change */
  bundle: { check: string; pollDelay: string };
}

const CHECK_CLASS = 'cyrus_recipient_check';
const EXPORT_UNIT = 'lmtp-wizard-cyrus-recipients';
const CACHE = '/var/lib/postfix/verify_cache.db';

/** Postfix settings, master.cf and lmtpunix maxchild for a variant; Cyrus restarts only when maxchild changes. */
async function configure(l: LaneRun, c: Config): Promise<void> {
  const pf = l.h.postfix;
  await pf.exec('postconf', [
    '-e',
    `mailbox_transport=${c.mailbox}`,
    `virtual_transport=${c.virtual}`,
    `cyrus_destination_concurrency_limit=${c.concurrency}`,
  ]);
  await pf.exec('postconf', ['-F', `cyrus/unix/process_limit=${c.concurrency}`]);
  if (l.bundle.check) {
    await pf.exec('postconf', [
      '-e',
      `${CHECK_CLASS}=${c.check === 'probe' ? 'reject_unverified_recipient' : l.bundle.check}`,
    ]);
  }
  await pf.exec('postconf', ['-e', `address_verify_poll_delay=${c.pollDelay ?? l.bundle.pollDelay}`]);
  // the bundle's exporter, as its .path unit runs it: the table holds every mailbox the bench made
  if (c.check !== 'probe' && l.bundle.check)
    await pf.exec('systemctl', ['start', `${EXPORT_UNIT}.service`], { timeoutMs: 120_000 });
  await pf.exec('sh', [
    '-c',
    c.delimiter ? `postconf -e recipient_delimiter=${c.delimiter}` : 'postconf -X recipient_delimiter',
  ]);
  if (c.cold) {
    await pf.exec('sh', ['-c', `systemctl stop postfix && rm -f ${CACHE} && systemctl start postfix`]);
    await waitFor(
      'smtpd on port 25 again',
      async () => (await pf.exec('ss', ['-Hltn', 'sport = :25'])).stdout.trim() !== '',
      30_000,
      200,
    );
    // a restarted Postfix has no smtpd, cleanup or proxymap processes yet: start them with mail to one known
    // mailbox (b0, probed once here), so the round measures the recipients and not the process start
    await pf.exec(
      'smtp-source',
      ['-s', '20', '-m', '40', '-l', '4096', '-f', 'bench@mx.test', '-t', 'b0@mx.test', '127.0.0.1:25'],
      { timeoutMs: 60_000 },
    );
  }
  if (l.current?.maxchild !== c.maxchild) {
    const conf = l.h.cyrus.read('/etc/cyrus.conf') ?? '';
    l.h.cyrus.write('/etc/cyrus.conf', conf.replace(/^(\s*lmtpunix\s.*maxchild=)\d+/m, `$1${c.maxchild}`));
    await l.h.cyrus.exec('systemctl', ['restart', 'cyrus-imapd']);
    await waitFor(
      'lmtpd on its socket again',
      async () => (await l.h.cyrus.exec('test', ['-S', SOCKET], { allowFail: true })).code === 0,
      30_000,
      200,
    );
  }
  await pf.exec('postfix', ['reload']);
  l.current = c;
  await sleep(1500);
}

function sendScript(v: Variant, n: number): string {
  const each = (fn: (b: string) => string) => `${B.map((b) => `${fn(b)} &`).join('\n')}\nwait`;
  const src = (opts: string, to: string, per: number, host = '127.0.0.1:25') =>
    `smtp-source ${opts} -m ${per} -l 4096 -f bench@mx.test -t ${to} ${host}`;
  const per = n / B.length;
  switch (v.send) {
    case 'lmtp':
      return each((b) => src('-L -s 1', `${b}@mx.test`, per, `unix:${SOCKET}`));
    case 'local':
      return each((b) => src('-s 2', `${b}@mx.test`, per));
    case 'virtual':
      return each((b) => src('-s 2', `${b}@v.test`, per));
    case 'local10':
    case 'virtual10':
      // n deliveries = n / 10 messages of 10 recipients each, from 10 clients one after another: smtp-source numbers
      // the recipients on from one message to the next (r10@, r11@, …), so each run sends one message to r0@…r9@
      return each(
        () =>
          `i=0; while [ $i -lt ${n / 100} ]; do ${src('-s 1 -r 10', `r@${v.send === 'local10' ? 'mx.test' : 'v.test'}`, 1)} || exit 1; i=$((i + 1)); done`,
      );
    case 'new':
      // -N: each recipient gets the next number of the one smtp-source process, n0@ … n<n-1>@
      return `smtp-source -N -s 20 -m ${n} -l 4096 -f bench@mx.test -t n@mx.test 127.0.0.1:25`;
    case 'plus':
      // n distinct plus-addresses spread over the 10 mailboxes (b0+0@ … b9+<n-1>@), numbered from 0 each time
      return each((b) => `smtp-source -N -s 2 -m ${per} -l 4096 -f bench@mx.test -t ${b}+@mx.test 127.0.0.1:25`);
    case 'filter':
      // n deliveries to Cyrus (10 sessions) while n messages go through the content filter (10 sessions)
      return `${B.map((b) => `${src('-s 1', `${b}@v.test`, per)} &\n${src('-s 1', `${b}@v.test`, per, '127.0.0.1:2525')} &`).join('\n')}\nwait`;
  }
}

async function round(l: LaneRun, v: Variant, n: number): Promise<Round> {
  const pf = l.h.postfix;
  const pOff = (pf.read(POSTFIX_LOG) ?? '').length;
  const sOff = (l.h.cyrus.read(SYSLOG_FILE) ?? '').length;
  const dirs = v.send === 'local10' || v.send === 'virtual10' ? l.dirs.r : v.send === 'new' ? l.dirs.n : l.dirs.b;
  const key = (f: SpoolFile) => `${f.mailbox}/${f.name}`;
  const had = new Set(spoolFiles(l.h.cyrus, dirs).map(key));
  const cpu0 = l.ids.reduce((a, id) => a + cpuUsec(id), 0);
  const t0 = Date.now();
  const sender = pf.exec('sh', ['-c', sendScript(v, n)], { timeoutMs: 600_000 });
  // Cyrus sets a message file's mtime to its internal date (whole seconds), so the end is the poll that saw the last file
  let end = Date.now();
  let sentAt = 0;
  void sender.then(
    () => (sentAt = Date.now()),
    () => (sentAt = Date.now()),
  );
  // until Cyrus has every delivery, or 2 minutes after the last message was sent (then the table shows what is missing)
  for (;;) {
    end = Date.now();
    if (
      spoolCount(l.h.cyrus, dirs) >= had.size + n ||
      (sentAt && end - sentAt > (v.send === 'new' || v.send === 'plus' ? 30_000 : 120_000))
    )
      break;
    await sleep(50);
  }
  const cpu1 = l.ids.reduce((a, id) => a + cpuUsec(id), 0);
  await sender;
  const files = spoolFiles(l.h.cyrus, dirs).filter((f) => !had.has(key(f)));
  // the filter's half is logged too; wait until Postfix has logged every delivery of the round
  const expectLines = v.send === 'lmtp' ? 0 : v.send === 'filter' ? 2 * n : n;
  let lines: string[] = [];
  const status = (re: RegExp) =>
    lines.filter((x) => / postfix\/[\w/-]+\[\d+\]: \w+: to=</.test(x) && re.test(x) && !/relay=local,/.test(x));
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(100)) {
    lines = (pf.read(POSTFIX_LOG) ?? '').slice(pOff).split('\n');
    if (status(/status=(sent|bounced|deferred)/).length >= expectLines) break;
  }
  const toCyrus = status(/status=sent/).filter((x) => !x.includes(`:${FILTER_PORT}`));
  const store = (l.h.cyrus.read(SYSLOG_FILE) ?? '').slice(sOff).split('\n');
  return {
    variant: v.name,
    seconds: (end - t0) / 1000,
    stored: files.length,
    copies: new Set(files.map((f) => f.ino)).size,
    deferred: status(/status=deferred/).length,
    bounced: status(/status=bounced/).length,
    // a delivery without conn_use=N reused no cached connection: it opened one (raw: smtp-source's 10 sessions)
    // (the status lines of one multi-recipient delivery share its process and queue id)
    connections:
      v.send === 'lmtp'
        ? B.length
        : new Set(
            toCyrus.filter((x) => !/conn_use=\d+/.test(x)).map((x) => /\[(\d+)\]: (\w+):/.exec(x)?.slice(1).join(':')),
          ).size,
    logins: store.filter((x) => /lmtp\w*\[\d+\]: login: /.test(x)).length,
    delivered: store.filter((x) => /lmtp\w*\[\d+\]: Delivered: /.test(x)).length,
    cpuMs: (cpu1 - cpu0) / 1000,
  };
}

function table(rounds: Round[]): string {
  const rate = (r: Round) => r.stored / r.seconds;
  const base = median(rounds.filter((r) => r.variant === 'raw-lmtp').map(rate));
  const rows = VARIANTS.map((v) => {
    const rs = rounds.filter((r) => r.variant === v.name);
    const rates = rs.map(rate);
    const total = rs.reduce((a, r) => a + r.stored, 0);
    const sum = (f: (r: Round) => number) => rs.reduce((a, r) => a + f(r), 0);
    const m = median(rates);
    return `| ${v.name} | ${fmt(m)} (${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))}) | ${fmt(m / base, 2)} | ${fmt(sum((r) => r.cpuMs) / total, 1)} | ${fmt(sum((r) => r.connections) / rs.length)} | ${fmt(sum((r) => r.logins) / rs.length)} | ${fmt(sum((r) => r.copies) / total, 2)} | ${sum((r) => r.deferred)} / ${sum((r) => r.bounced)} |`;
  });
  return [
    '| variant | deliveries/s median (min–max) | × raw LMTP | CPU ms per delivery | LMTP connections per round | SASL logins per round | stored copies per delivery | deferred / bounced |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

installCleanupHandlers();
const { runDir, machineBefore } = openRun(LANES);

let server: WizardServer | undefined;
const hostsToStop: Hosts[] = [];
const removeNets: (() => Promise<void>)[] = [];
const rounds: Round[] = [];
const loads: string[] = [];
const started = Date.now();
try {
  const fs = await ensureRootfs(release);
  await buildServer();
  server = await startServer();
  const srv = server;
  const answers: Record<LaneId, Record<string, unknown>> = {
    single: { topology: 'single-host', mailHost: 'mx.test', delivery: { virtualDomains: ['v.test'] } },
    remote: {
      topology: 'remote',
      mailHost: 'mx.test',
      tcp: { storeHost: 'store.test' },
      sasl: { password: 'S3cret-bench' },
    },
  };
  const needed = new Set(VARIANTS.map((v) => v.lane));
  const setUp = async (id: LaneId, laneNo: number): Promise<LaneRun> => {
    const net = laneNet(laneNo);
    const lane: Lane = { release, rootfs: fs.path, net, runDir: `${runDir}/${id}` };
    const kind = id === 'single' ? 'single-host' : 'remote';
    const s: Scenario = {
      name: `bench-${id}`,
      kind,
      answers: answers[id],
      mailboxes: [...B, ...R, ...(id === 'single' ? N : [])].map((b) => `user.${b}`),
      lmtp: id === 'single' ? { path: SOCKET } : { host: net.cyrus.addr, port: 2003 },
    };
    removeNets.push(await createNet(net));
    const t = topology(kind, net);
    const h = await startHosts(lane, kind, 'systemd', s.name);
    hostsToStop.push(h);
    const bundle = await getBundle(srv, release, s.answers, s.name);
    const ctx = { s, h, t, bundle, applied: {} };
    await applyAll(ctx);
    await waitForDaemons(ctx);
    await createMailboxes(t, s.mailboxes);
    if (id === 'single') {
      // the guide's slow path, and a content filter on the stock lmtp service (an LMTP sink), for the variants that need them
      await h.postfix.exec('postconf', [
        '-M',
        'cyrdeliver/unix=cyrdeliver unix - n n - - pipe flags=R user=cyrus argv=/usr/sbin/cyrdeliver -e -m ${extension} ${user}',
      ]);
      await h.postfix.exec('postconf', ['-e', 'cyrdeliver_destination_recipient_limit=1']);
      await h.postfix.exec('postconf', [
        '-M',
        `127.0.0.1:2525/inet=127.0.0.1:2525 inet n - n - - smtpd -o content_filter=lmtp:inet:127.0.0.1:${FILTER_PORT}`,
      ]);
      // the stock lmtp service runs chrooted; a transport named "lmtp" for Cyrus's socket in /run needs it outside, as ours is
      await h.postfix.exec('postconf', ['-F', 'lmtp/unix/chroot=n']);
      await h.postfix.exec('sh', [
        '-c',
        `smtp-sink -u postfix -L 127.0.0.1:${FILTER_PORT} 256 </dev/null >/var/log/lwz-sink.log 2>&1 &`,
      ]);
      await waitFor(
        'the content filter sink on its port',
        async () => (await h.postfix.exec('ss', ['-Hltn', `sport = :${FILTER_PORT}`])).stdout.trim() !== '',
        10_000,
        200,
      ).catch((e: Error) => {
        throw new Error(`${e.message}\n${h.postfix.read('/var/log/lwz-sink.log') ?? ''}`);
      });
      await h.postfix.exec('postfix', ['reload']);
    }
    const roles = kind === 'single-host' ? ['mx'] : ['mx', 'cy'];
    return {
      h,
      ids: roles.map((r) => `${release}-${s.name}-${r}`),
      dirs: {
        b: await spoolDirs(
          h.cyrus,
          B.map((b) => `user.${b}`),
        ),
        r: await spoolDirs(
          h.cyrus,
          R.map((b) => `user.${b}`),
        ),
        n:
          id === 'single'
            ? await spoolDirs(
                h.cyrus,
                N.map((b) => `user.${b}`),
              )
            : new Map(),
      },
      current: id === 'single' ? { ...base, concurrency: -1 } : undefined,
      bundle: {
        check: id === 'single' ? (await h.postfix.exec('postconf', ['-nh', CHECK_CLASS])).stdout.trim() : '',
        pollDelay: (await h.postfix.exec('postconf', ['-h', 'address_verify_poll_delay'])).stdout.trim(),
      },
    };
  };
  /**
   * What this release's smtpd makes of a poll delay below one second, asked of the daemon itself: "0.5s" and
   * "0s" (a fatal error at smtpd's start, so the one message is refused at once). Not "500ms": conv_time()
   * reads the first letter of the unit only, so that is 500 minutes, and the message would wait for them.
   */
  const pollFloor = async (h: Hosts): Promise<string> => {
    const pf = h.postfix;
    const was = (await pf.exec('postconf', ['-h', 'address_verify_poll_delay'])).stdout.trim();
    const out: string[] = [];
    for (const v of ['0.5s', '0s']) {
      const before = (pf.read(POSTFIX_LOG) ?? '').length;
      await pf.exec('sh', ['-c', `postconf -e address_verify_poll_delay=${v} && postfix reload && sleep 2`]);
      const sent = await pf.exec(
        'timeout',
        ['20', 'smtp-source', '-m', '1', '-f', 'bench@mx.test', '-t', 'b0@mx.test', '127.0.0.1:25'],
        { allowFail: true },
      );
      await sleep(1000);
      const said = (pf.read(POSTFIX_LOG) ?? '')
        .slice(before)
        .split('\n')
        .filter((l) => /address_verify_poll_delay/.test(l));
      out.push(
        `address_verify_poll_delay = ${v}: smtp-source exit ${sent.code}; postfix log: ${said[0]?.replace(/^.*?postfix\//, 'postfix/') ?? '(nothing)'}`,
      );
      await pf.exec('sh', [
        '-c',
        `postconf -e address_verify_poll_delay=${was} && systemctl restart postfix && sleep 2`,
      ]);
    }
    return out.join('\n');
  };
  const ids = [...needed];
  const runs = Object.fromEntries(
    await Promise.all(
      ids.map(
        async (id) => [id, await setUp(id, id === 'single' ? (LANES[0] as number) : (LANES[1] as number))] as const,
      ),
    ),
  ) as Partial<Record<LaneId, LaneRun>>;
  console.log(`set up in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (runs.single && VARIANTS.some((v) => v.send === 'new')) console.log(await pollFloor(runs.single.h));
  const one = async (v: Variant, n: number): Promise<Round> => {
    const l = runs[v.lane] as LaneRun;
    if (v.config) await configure(l, v.config);
    return round(l, v, n);
  };
  // a warm-up round per variant, not counted (recipient probes, first-use caches, page cache)
  for (const v of VARIANTS) {
    const r = await one(v, 100);
    console.log(
      `warm-up ${v.name}: ${r.stored} stored in ${r.seconds.toFixed(2)} s, ${r.deferred} deferred, ${r.bounced} bounced`,
    );
  }
  for (let i = 0; i < ROUNDS; i++) {
    for (const v of VARIANTS) {
      const r = await one(v, v.send === 'new' || v.send === 'plus' ? NEW : DELIVERIES);
      rounds.push(r);
      console.log(
        `round ${i + 1} ${v.name}: ${r.stored} stored (${r.copies} copies, ${r.delivered} "Delivered:") in ${r.seconds.toFixed(2)} s, ${r.connections} connections, ${r.logins} logins, ${r.deferred} deferred, ${r.bounced} bounced, ${(r.cpuMs / r.stored).toFixed(1)} CPU ms each`,
      );
    }
    loads.push(readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '));
  }
} finally {
  for (const h of hostsToStop) await stopHosts(h);
  for (const r of removeNets) await r();
  await stopServer(server);
  cleanupAll();
  const dir = bundlesRoot();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
const diff = machineDiff(machineBefore, hashMachineFiles());
if (diff.length > 0) throw new Error(`the benchmark changed this machine's files:\n${diff.join('\n')}`);

console.log(
  `\nMail delivery, ${RELEASES[release].label}: ${ROUNDS} interleaved rounds × ${DELIVERIES} deliveries of 4 kB per variant, 10 mailboxes, smtp-source 20 sessions (raw LMTP: 10; cold/warm and plus: ${NEW} first-time recipients), ${new Date().toISOString()}, ${Math.round((Date.now() - started) / 1000)} s; load average after each round: ${loads.join(' | ')}; host logs in ${HOST_LOGS}\n`,
);
console.log(table(rounds));
