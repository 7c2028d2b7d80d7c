// One scenario = one set of answers: reset to the neutral base, fetch the
// bundle from the API, apply it with its own apply.sh only, start the real
// daemons, create the test mailboxes, then run the scenario's cases in order.
import { POSTFIX_LOG, SYSLOG_FILE } from './base-config.ts';
import { tail } from './diagnostics.ts';
import { apply, getBundle, type ApplyResult, type Bundle, type HostId } from './bundle.ts';
import type { Endpoint } from './daemons.ts';
import { check } from './runner.ts';
import type { WizardServer } from './server.ts';
import { snapshot, type Snapshot } from './snapshot.ts';
import { createMailboxes, prepareBase, startDaemons, stopDaemons, type Running, type Topology } from './topology.ts';

export interface Scenario {
  name: string;
  t: Topology;
  answers: Record<string, unknown>;
  mailboxes: string[];
  /** where Cyrus must accept LMTP before Postfix starts */
  lmtp: Endpoint;
  /** postfix-host/ comes from a bundle for these answers instead (a user's mistake) */
  postfixAnswers?: Record<string, unknown>;
}

export interface Ctx {
  s: Scenario;
  server: WizardServer;
  bundle: Bundle;
  /** the bundle postfix-host/ was first applied from, when it differs */
  postfixBundle?: Bundle;
  r: Running;
  /** every file apply.sh may touch, before the first apply */
  before: Snapshot;
  applied: Partial<Record<HostId, ApplyResult>>;
}

export interface Case {
  name: string;
  fn: (c: Ctx) => Promise<void>;
}

/** Which host folders run where, in the order the bundle README gives (store first). */
export function hostsOf(t: Topology): { host: HostId; ns?: string }[] {
  return t.kind === 'single-host'
    ? [{ host: 'mail-host' }]
    : [
        { host: 'cyrus-host', ns: t.cyrusNs },
        { host: 'postfix-host', ns: t.postfixNs },
      ];
}

export async function applyAll(c: Pick<Ctx, 's' | 'bundle' | 'postfixBundle' | 'applied'>): Promise<void> {
  for (const { host, ns } of hostsOf(c.s.t)) {
    c.applied[host] = await apply(host === 'postfix-host' ? (c.postfixBundle ?? c.bundle) : c.bundle, host, ns);
  }
}

export async function runScenario(server: WizardServer, s: Scenario, cases: Case[]): Promise<void> {
  const started = Date.now();
  console.log(`\n# ${s.name}`);
  let ctx: Ctx | undefined;
  const setup = await check(`${s.name}: fetch bundle, apply.sh --no-restart, start daemons`, async () => {
    await prepareBase(s.t, 'stock');
    const before = await snapshot();
    const bundle = await getBundle(server, s.answers, s.name);
    const postfixBundle = s.postfixAnswers && (await getBundle(server, s.postfixAnswers, `${s.name}-postfix`));
    const partial = { s, bundle, postfixBundle, applied: {} };
    await applyAll(partial);
    const r = await startDaemons(s.t, [s.lmtp]);
    ctx = { ...partial, server, before, r };
    await createMailboxes(s.t, s.mailboxes);
  });
  try {
    for (const k of cases) {
      await check(`${s.name}: ${k.name}`, async () => {
        if (!setup || !ctx) throw new Error('not run: the scenario setup failed');
        try {
          await k.fn(ctx);
        } catch (e) {
          const logs = `--- ${SYSLOG_FILE} (last 12)\n${tail(SYSLOG_FILE, 12)}\n--- ${POSTFIX_LOG} (last 8)\n${tail(POSTFIX_LOG, 8)}`;
          throw new Error(`${(e as Error).message}\n${logs}`);
        }
      });
    }
  } finally {
    if (ctx) await stopDaemons(ctx.r);
  }
  console.log(`  (${s.name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
