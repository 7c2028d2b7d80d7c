// Real-mail suite: the product's own bundles on real Postfix and real Cyrus.
// Every bundle comes from POST /api/bundle on the built server, is applied with
// its own apply.sh only, and must deliver: SMTP in, IMAP out, by Message-ID.
//   pnpm --filter @lmtp-wizard/e2e run real-mail [scenario-name-filter]
import { rmSync, writeFileSync } from 'node:fs';
import { FAULTS } from './cases/faults.ts';
import { MATRIX } from './cases/matrix.ts';
import { resetState } from './lib/base-config.ts';
import { breakKind } from './lib/break.ts';
import { bundlesRoot, SCRIPTS_LOG } from './lib/bundle.ts';
import { stopSyslog } from './lib/daemons.ts';
import { checkPreconditions, installDaemons } from './lib/install.ts';
import { destroyNetns } from './lib/netns.ts';
import { restorePristine, savePristine } from './lib/pristine.ts';
import { allResults, check, summary } from './lib/runner.ts';
import { runScenario } from './lib/scenario.ts';
import { buildServer, startServer, stopServer, type WizardServer } from './lib/server.ts';

const started = Date.now();
const seconds = (): number => Math.round((Date.now() - started) / 100) / 10;
const report = (r: Record<string, unknown>): void => {
  if (process.env.REAL_MAIL_JSON) writeFileSync(process.env.REAL_MAIL_JSON, `${JSON.stringify(r, null, 2)}\n`);
};

const pre = checkPreconditions();
if (!pre.ok) {
  if (process.env.CI === 'true') {
    console.error(`real-mail: cannot run under CI=true: ${pre.reason}`);
    report({ passed: 0, failed: 1, seconds: seconds(), skipped: false, reason: pre.reason });
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  console.log(`SKIPPED: ${pre.reason}`);
  report({ passed: 0, failed: 0, skipped: true, reason: pre.reason });
  process.exit(0);
}

writeFileSync(SCRIPTS_LOG, '');
const broken = breakKind();
if (broken) console.log(`REAL_MAIL_BREAK=${broken}: one generated line of every bundle is corrupted before apply.sh`);
const filter = process.argv[2];
const scenarios = [...MATRIX, ...FAULTS].filter(({ s }) => !filter || s.name.includes(filter));
let server: WizardServer | undefined;
try {
  await check('install the Debian packages (apt only when something is missing)', async () => {
    await installDaemons(process.env.REAL_MAIL_FORCE_APT === '1');
    await savePristine();
  });
  await check('build and start the wizard server (POST /api/bundle)', async () => {
    await buildServer();
    server = await startServer();
  });
  if (server) for (const { s, cases } of scenarios) await runScenario(server, s, cases);
} finally {
  await stopServer(server);
  await stopSyslog();
  await destroyNetns();
  await resetState().catch((e: Error) => console.error(`reset: ${e.message}`));
  await restorePristine();
  const dir = bundlesRoot();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

const { passed, failed } = summary();
console.log('\n| case | result | seconds |\n|---|---|---|');
for (const r of allResults()) console.log(`| ${r.name} | ${r.ok ? 'ok' : 'FAIL'} | ${(r.ms / 1000).toFixed(1)} |`);
report({ passed, failed, seconds: seconds(), ...(broken ? { break: broken } : {}), cases: allResults().map(({ name, ok, ms }) => ({ name, ok, ms })) });
console.log(`\nreal-mail: total ${seconds().toFixed(1)} s${broken ? ` (REAL_MAIL_BREAK=${broken})` : ''}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
