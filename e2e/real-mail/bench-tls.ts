// What TLS costs on the remote LMTP hop (issue 11), measured on real Postfix
// and real Cyrus in throwaway containers, all variants in one run on the same
// two hosts. A benchmark prints figures; it asserts nothing about speed.
//
// The hosts get the remote bundle as the wizard makes it (TLS pinned by
// fingerprint, TLS connections reused through our own tlsproxy service).
// Variants differ only in the -o options of our transport on the Postfix host,
// changed with postconf -P and a reload between rounds:
//   tls           the bundle as generated
//   tls-no-reuse  without lmtp_tls_connection_reuse (Postfix's default: a TLS
//                 connection is never cached)
//   plain         lmtp_tls_security_level=none and no reuse: the same hop
//                 without TLS (SCRAM still authenticates; the store offers it
//                 without TLS)
// Rounds are interleaved (tls, tls-no-reuse, plain, tls, ...), each sending
// MESSAGES messages of 4 kB over 10 mailboxes with smtp-source (20 sessions).
//
//   pnpm bench:tls [--release debian-13|debian-12] [--rounds 5] [--messages 300]
// Root only; uses lane 60 (REAL_MAIL_LANE_OFFSET moves it). The machine's own
// mail configuration is never touched.
import { rmSync } from 'node:fs';
import { POSTFIX_LOG, SYSLOG_FILE } from './lib/base-config.ts';
import { getBundle, bundlesRoot } from './lib/bundle.ts';
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
import { sleep } from './lib/sh.ts';
import { createMailboxes, startHosts, stopHosts, topology, type Lane } from './lib/topology.ts';

const {
  release,
  rounds: ROUNDS,
  count: MESSAGES,
} = benchArgs('bench:tls', { rounds: 5, count: { flag: 'messages', value: 300, step: 10 } });
const LANE = 60 + Number(process.env.REAL_MAIL_LANE_OFFSET ?? 0);
const other = liveRun([LANE]);
if (other) throw new Error(`another run (pid ${other}) uses lane ${LANE}; set REAL_MAIL_LANE_OFFSET`);

const MAILBOXES = Array.from({ length: 10 }, (_, i) => `b${i}`);
const TRANSPORT = 'cyrus/unix';
type Variant = 'tls' | 'tls-no-reuse' | 'plain';
const VARIANTS: Variant[] = ['tls', 'tls-no-reuse', 'plain'];

interface Round {
  variant: Variant;
  seconds: number;
  sent: number;
  deferred: number;
  bounced: number;
  /** LMTP connections Postfix opened: deliveries without conn_use=N (N > 1) */
  connections: number;
  tlsHandshakes: number;
  /** SASL logins lmtpd logged */
  logins: number;
  /** Postfix's delays=a/b/c/d: c is connection setup (TCP, LHLO, TLS, AUTH), d the transmission */
  setupMs: number[];
  transmitMs: number[];
  cpuMs: number;
}

const logFrom = (text: string | undefined, offset: number): string[] => (text ?? '').slice(offset).split('\n');

async function setVariant(h: Hosts, v: Variant): Promise<void> {
  const p = (kv: string) => h.postfix.exec('postconf', ['-P', `${TRANSPORT}/${kv}`]);
  const x = (k: string) => h.postfix.exec('postconf', ['-PX', `${TRANSPORT}/${k}`], { allowFail: true });
  await p(`lmtp_tls_security_level=${v === 'plain' ? 'none' : 'fingerprint'}`);
  if (v === 'tls') await p('lmtp_tls_connection_reuse=yes');
  else await x('lmtp_tls_connection_reuse');
  await h.postfix.exec('postfix', ['reload']);
  await sleep(1500);
}

async function round(h: Hosts, v: Variant, ids: { mx: string; cy: string }): Promise<Round> {
  const pOff = (h.postfix.read(POSTFIX_LOG) ?? '').length;
  const sOff = (h.cyrus.read(SYSLOG_FILE) ?? '').length;
  const cpu0 = cpuUsec(ids.mx) + cpuUsec(ids.cy);
  const t0 = Date.now();
  const per = MESSAGES / MAILBOXES.length;
  const send = MAILBOXES.map(
    (b) => `smtp-source -s 2 -m ${per} -l 4096 -f bench@mx.test -t ${b}@mx.test 127.0.0.1:25 &`,
  ).join('\n');
  await h.postfix.exec('sh', ['-c', `${send}\nwait`], { timeoutMs: 300_000 });
  let lines: string[] = [];
  let end = Date.now();
  const status = (re: RegExp) => lines.filter((l) => /postfix\/lmtp\[/.test(l) && re.test(l));
  for (const deadline = Date.now() + 300_000; Date.now() < deadline; await sleep(100)) {
    lines = logFrom(h.postfix.read(POSTFIX_LOG), pOff);
    end = Date.now();
    if (status(/status=(sent|bounced|deferred)/).length >= MESSAGES) break;
  }
  const cpu1 = cpuUsec(ids.mx) + cpuUsec(ids.cy);
  const sent = status(/status=sent/);
  const delays = sent.map((l) => /delays=[\d.]+\/[\d.]+\/([\d.]+)\/([\d.]+)/.exec(l)).filter((m) => m !== null);
  const store = logFrom(h.cyrus.read(SYSLOG_FILE), sOff);
  return {
    variant: v,
    seconds: (end - t0) / 1000,
    sent: sent.length,
    deferred: status(/status=deferred/).length,
    bounced: status(/status=bounced/).length,
    connections: sent.filter((l) => !/conn_use=\d+/.test(l)).length,
    tlsHandshakes: lines.filter((l) => /postfix\/lmtp\[.*TLS connection established to store/.test(l)).length,
    logins: store.filter((l) => /lmtp\[\d+\]: login: /.test(l)).length,
    setupMs: delays.map((m) => Number(m[1]) * 1000),
    transmitMs: delays.map((m) => Number(m[2]) * 1000),
    cpuMs: (cpu1 - cpu0) / 1000,
  };
}

function table(rounds: Round[]): string {
  const base = median(rounds.filter((r) => r.variant === 'plain').map((r) => r.sent / r.seconds));
  const rows = VARIANTS.map((v) => {
    const rs = rounds.filter((r) => r.variant === v);
    const rates = rs.map((r) => r.sent / r.seconds);
    const total = rs.reduce((a, r) => a + r.sent, 0);
    const sum = (f: (r: Round) => number) => rs.reduce((a, r) => a + f(r), 0);
    const rate = median(rates);
    return `| ${v} | ${fmt(rate)} (${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))}) | ${fmt(1000 / rate, 2)} | ${fmt(rate / base, 2)} | ${fmt(sum((r) => r.cpuMs) / total, 2)} | ${fmt(median(rs.flatMap((r) => r.setupMs)), 0)} / ${fmt(Math.max(...rs.flatMap((r) => r.setupMs)), 0)} | ${fmt(median(rs.flatMap((r) => r.transmitMs)), 0)} | ${fmt(sum((r) => r.connections) / rs.length, 0)} | ${fmt(sum((r) => r.tlsHandshakes) / rs.length, 0)} | ${fmt(sum((r) => r.logins) / rs.length, 0)} | ${sum((r) => r.deferred)} / ${sum((r) => r.bounced)} |`;
  });
  return [
    `| variant | deliveries/s median (min–max) | ms per delivery | × plain | CPU ms per delivery (both hosts) | setup ms median / max (delays c) | transmit ms median (delays d) | LMTP connections per round | TLS handshakes per round | SASL logins per round | deferred / bounced |`,
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

installCleanupHandlers();
const { runDir, machineBefore } = openRun([LANE]);

let server: WizardServer | undefined;
let hosts: Hosts | undefined;
let removeNet: (() => Promise<void>) | undefined;
const rounds: Round[] = [];
try {
  const fs = await ensureRootfs(release);
  await buildServer();
  server = await startServer();
  const net = laneNet(LANE);
  const lane: Lane = { release, rootfs: fs.path, net, runDir: `${runDir}/${release}` };
  const s: Scenario = {
    name: 'bench-tls',
    kind: 'remote',
    answers: {
      topology: 'remote',
      mailHost: 'mx.test',
      tcp: { storeHost: 'store.test' },
      sasl: { password: 'S3cret-bench' },
    },
    mailboxes: MAILBOXES.map((b) => `user.${b}`),
    lmtp: { host: net.cyrus.addr, port: 2003 },
  };
  removeNet = await createNet(net);
  const t = topology('remote', net);
  hosts = await startHosts(lane, 'remote', 'systemd', s.name);
  const h = hosts;
  const bundle = await getBundle(server, release, s.answers, s.name);
  const ctx = { s, h, t, bundle, applied: {} };
  await applyAll(ctx);
  await waitForDaemons(ctx);
  await createMailboxes(t, s.mailboxes);
  // a warm-up round per variant, not counted (first-use caches, page cache)
  const ids = { mx: `${release}-${s.name}-mx`, cy: `${release}-${s.name}-cy` };
  for (const v of VARIANTS) {
    await setVariant(h, v);
    await round(h, v, ids);
  }
  for (let i = 0; i < ROUNDS; i++) {
    for (const v of VARIANTS) {
      await setVariant(h, v);
      const r = await round(h, v, ids);
      rounds.push(r);
      console.log(
        `round ${i + 1} ${v}: ${r.sent} sent in ${r.seconds.toFixed(2)} s, ${r.connections} connections, ${r.tlsHandshakes} TLS handshakes, ${r.logins} logins, ${r.deferred} deferred, ${r.bounced} bounced`,
      );
    }
  }
} finally {
  if (hosts) await stopHosts(hosts);
  await removeNet?.();
  await stopServer(server);
  cleanupAll();
  const dir = bundlesRoot();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
const diff = machineDiff(machineBefore, hashMachineFiles());
if (diff.length > 0) throw new Error(`the benchmark changed this machine's files:\n${diff.join('\n')}`);

console.log(
  `\nTLS on the remote hop, ${RELEASES[release].label}: ${ROUNDS} interleaved rounds × ${MESSAGES} messages of 4 kB per variant, 10 mailboxes, smtp-source 20 sessions, ${new Date().toISOString()}\n`,
);
console.log(table(rounds));
