// Real-mail suite: the product's own bundles on real Postfix and real Cyrus
// from Debian's packages, on Debian 13 and Debian 12 side by side. Every host
// is a throwaway container (an overlay on a cached root filesystem per
// release, in network namespaces the suite makes), booted under systemd or
// with the init scripts. Every bundle comes from POST /api/bundle on the built
// server, is applied with its own apply.sh only (its own restart included),
// and must deliver: SMTP in, IMAP out, by Message-ID. The machine's own mail
// configuration is never touched, and the suite checks that.
//   pnpm --filter @lmtp-wizard/e2e run real-mail [filter[,filter...]]   (parts of scenario names)
//   REAL_MAIL_RELEASES=debian-13 ... (default: debian-13,debian-12)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { brownfield } from './cases/brownfield.ts';
import { claims } from './cases/claims.ts';
import { tls } from './cases/tls.ts';
import { faults } from './cases/faults.ts';
import { converge } from './cases/converge.ts';
import { matrix } from './cases/matrix.ts';
import { multiMx } from './cases/multi-mx.ts';
import { recipients } from './cases/recipients.ts';
import { murder } from './cases/murder.ts';
import { upgrade } from './cases/upgrade.ts';
import { breakKind } from './lib/break.ts';
import { bundlesRoot, SCRIPTS_LOG } from './lib/bundle.ts';
import { cleanupAll, installCleanupHandlers } from './lib/containers/cleanup.ts';
import { ensureRootfs, RELEASES, type Release, type RootfsReport } from './lib/containers/rootfs.ts';
import { liveRun } from './lib/containers/stale.ts';
import { hashMachineFiles, machineDiff } from './lib/machine.ts';
import { openRun } from './lib/run-dir.ts';
import { laneLinks, laneNamespaces, laneNet } from './lib/network.ts';
import { allResults, assert, check, summary } from './lib/runner.ts';
import { runScenario } from './lib/scenario.ts';
import { buildServer, startServer, stopServer, type WizardServer } from './lib/server.ts';
import { HOST_LOGS, type Lane } from './lib/topology.ts';

const started = Date.now();
const seconds = (from = started): number => Math.round((Date.now() - from) / 100) / 10;
const report = (r: Record<string, unknown>): void => {
  if (process.env.REAL_MAIL_JSON) writeFileSync(process.env.REAL_MAIL_JSON, `${JSON.stringify(r, null, 2)}\n`);
};

const releases = (process.env.REAL_MAIL_RELEASES ?? 'debian-13,debian-12').split(',').filter(Boolean) as Release[];
for (const r of releases) if (!(r in RELEASES)) throw new Error(`REAL_MAIL_RELEASES: unknown release ${r}`);
/** Lane numbers name the bridges, namespaces and subnets; an offset lets two runs share a machine. */
const LANE_OFFSET = Number(process.env.REAL_MAIL_LANE_OFFSET ?? 0);
if (!Number.isInteger(LANE_OFFSET) || LANE_OFFSET < 0 || LANE_OFFSET > 200)
  throw new Error('REAL_MAIL_LANE_OFFSET: a whole number from 0 to 200');
const LANES = releases.map((_, i) => LANE_OFFSET + i);

function precondition(): string | undefined {
  if (process.platform !== 'linux') return `platform is ${process.platform}, not linux`;
  if (process.getuid?.() !== 0) return 'not running as root';
  for (const tool of ['mmdebstrap', 'systemd-nspawn', 'nsenter', 'unshare', 'ip', 'mount']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is missing (npm test installs it)`;
  }
  if (!readFileSync('/proc/filesystems', 'utf8').includes('overlay')) return 'the kernel has no overlayfs';
  const other = liveRun(LANES);
  if (other)
    return `another real-mail run (pid ${other}) uses lanes ${LANES.join(', ')}; wait for it, or set REAL_MAIL_LANE_OFFSET`;
  return undefined;
}

const why = precondition();
if (why) {
  if (process.env.CI === 'true') {
    console.error(`real-mail: cannot run under CI=true: ${why}`);
    report({ passed: 0, failed: 1, seconds: seconds(), skipped: false, reason: why });
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  console.log(`SKIPPED: ${why}`);
  report({ passed: 0, failed: 0, skipped: true, reason: why });
  process.exit(0);
}

installCleanupHandlers();
writeFileSync(SCRIPTS_LOG, '');
rmSync(HOST_LOGS, { recursive: true, force: true });
const broken = breakKind();
if (broken) console.log(`REAL_MAIL_BREAK=${broken}: one generated line of every bundle is corrupted before apply.sh`);
const filters = (process.argv[2] ?? '').split(',').filter(Boolean);

const { runDir, machineBefore } = openRun(LANES);
const perRelease: Record<string, { rootfs?: RootfsReport; seconds?: number }> = {};

/** One lane per release: its root filesystem, then its scenarios one after another. */
async function runLane(release: Release, index: number, server: WizardServer): Promise<void> {
  const t0 = Date.now();
  const info: { rootfs?: RootfsReport; seconds?: number } = {};
  perRelease[release] = info;
  const ok = await check(
    `${release}: root filesystem (${RELEASES[release].label}, cached or built with mmdebstrap)`,
    async () => {
      info.rootfs = await ensureRootfs(release);
    },
  );
  if (!ok || !info.rootfs) return;
  const net = laneNet(index);
  const lane: Lane = { release, rootfs: info.rootfs.path, net, runDir: `${runDir}/${release}` };
  // Debian 12 -> 13 (issue 23) takes minutes per host: only with UPGRADE=1, or when a filter names it (pnpm test:upgrade)
  const upgrades = process.env.UPGRADE === '1' || filters.some((f) => f.includes('upgrade')) ? upgrade(net) : [];
  for (const { s, cases } of [
    ...matrix(net),
    ...claims(net),
    ...recipients(net),
    ...faults(net),
    ...converge(net),
    ...tls(net),
    ...brownfield(net),
    ...multiMx(net),
    ...murder(net, release),
    ...upgrades,
  ]) {
    if (s.releases && !s.releases.includes(release)) continue;
    if (filters.length === 0 || filters.some((f) => s.name.includes(f))) await runScenario(lane, server, s, cases);
  }
  info.seconds = seconds(t0);
}

let server: WizardServer | undefined;
try {
  await check('build and start the wizard server (POST /api/bundle)', async () => {
    await buildServer();
    server = await startServer();
  });
  const s = server;
  if (s) await Promise.all(releases.map((r, i) => runLane(r, LANES[i] ?? i, s)));
} finally {
  await stopServer(server);
  cleanupAll();
  const dir = bundlesRoot();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
await check("the machine's own mail configuration is unchanged (sha256 before and after)", async () => {
  const diff = machineDiff(machineBefore, hashMachineFiles());
  assert(diff.length === 0, `the suite changed this machine's files:\n${diff.join('\n')}`);
});
await check(
  'nothing of this run is left: no overlay mount, run dir, network namespace or link (extra hosts included)',
  async () => {
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .filter((l) => l.includes(runDir));
    const net = LANES.flatMap((l) => [...laneNamespaces(l), ...laneLinks(l)]);
    assert(
      mounts.length === 0 && !existsSync(runDir) && net.length === 0,
      `left behind: ${[...mounts, ...net, existsSync(runDir) ? runDir : ''].join(', ')}`,
    );
  },
);

const { passed, failed } = summary();
console.log('\n| case | result | seconds |\n|---|---|---|');
for (const r of allResults()) console.log(`| ${r.name} | ${r.ok ? 'ok' : 'FAIL'} | ${(r.ms / 1000).toFixed(1)} |`);
for (const [r, i] of Object.entries(perRelease)) {
  const fs = i.rootfs;
  console.log(
    `${r}: root filesystem ${fs?.built ? `built in ${fs.seconds.toFixed(1)} s (mail packages ${fs.installSeconds?.toFixed(1)} s)` : 'cached'}; scenarios ${i.seconds ?? '?'} s`,
  );
}
report({
  passed,
  failed,
  seconds: seconds(),
  releases: perRelease,
  ...(broken ? { break: broken } : {}),
  cases: allResults().map(({ name, ok, ms }) => ({ name, ok, ms })),
});
console.log(`\nreal-mail: total ${seconds().toFixed(1)} s${broken ? ` (REAL_MAIL_BREAK=${broken})` : ''}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
