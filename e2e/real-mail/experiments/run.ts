// Phase-1 EXPERIMENTS (hand-written configs, see ../FINDINGS.md), kept runnable
// outside the default run: pnpm --filter @lmtp-wizard/e2e run real-mail:experiments
import { installDaemons, checkPreconditions } from '../lib/install.ts';
import { savePristine, restorePristine } from '../lib/pristine.ts';
import { stopSyslog } from '../lib/daemons.ts';
import { destroyNetns } from '../lib/netns.ts';
import { resetState } from '../lib/base-config.ts';
import { summary } from '../lib/runner.ts';
import { singleHostExperiments } from './single-host.ts';
import { remoteExperiments } from './remote.ts';
import { writeEvidence } from './evidence.ts';

const started = Date.now();
const pre = checkPreconditions();
if (!pre.ok) {
  if (process.env.CI === 'true') {
    console.error(`real-mail: cannot run under CI=true: ${pre.reason}`);
    process.exit(1);
  }
  console.log(`SKIPPED: ${pre.reason}`);
  process.exit(0);
}

const only = process.argv[2];
const install = await installDaemons(process.env.REAL_MAIL_FORCE_APT === '1');
await savePristine();
const t0 = Date.now();
try {
  if (!only || only === 'single') await singleHostExperiments();
  const t1 = Date.now();
  if (!only || only === 'remote') await remoteExperiments();
  console.log(`timing: install ${install.seconds.toFixed(1)} s, single-host ${((t1 - t0) / 1000).toFixed(1)} s, remote ${((Date.now() - t1) / 1000).toFixed(1)} s`);
} finally {
  await stopSyslog();
  await destroyNetns();
  await resetState();
  await restorePristine();
  writeEvidence(new URL('../evidence.log.md', import.meta.url).pathname);
}
const { passed, failed } = summary();
console.log(`real-mail: total ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
