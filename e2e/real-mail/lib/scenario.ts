// One scenario = one set of answers on fresh hosts: boot the hosts from the
// base configuration, fetch the bundle from the API, apply it with its own
// apply.sh (which restarts the daemons itself: systemctl under systemd, the
// init scripts otherwise), wait for the daemons, create the test mailboxes,
// then run the scenario's cases in order. The hosts are destroyed afterwards.
import { apply, getBundle, script, type ApplyResult, type Bundle, type HostId } from './bundle.ts';
import type { BootMode, Container } from './containers/container.ts';
import { diagnostics, shortLogs, type Hosts } from './diagnostics.ts';
import { canConnect, showEndpoint, type Endpoint } from './endpoint.ts';
import { createNet } from './network.ts';
import { check } from './runner.ts';
import type { WizardServer } from './server.ts';
import { waitFor } from './sh.ts';
import { snapshot, type Snapshot } from './snapshot.ts';
import { createMailboxes, startHosts, stopHosts, topology, type Kind, type Lane, type Topology } from './topology.ts';

export interface Scenario {
  name: string;
  kind: Kind;
  /** how the hosts run: booted under systemd (the default) or with the init scripts */
  mode?: BootMode;
  answers: Record<string, unknown>;
  mailboxes: string[];
  /** where Cyrus must accept LMTP once apply.sh has restarted it (a path is inside the store) */
  lmtp: Endpoint;
  /** postfix-host/ comes from a bundle for these answers instead (a user's mistake) */
  postfixAnswers?: Record<string, unknown>;
  /** A server that already does things: writes its existing configuration after boot, before the snapshot. */
  existing?: (h: Hosts) => Promise<void>;
  /** false: the setup stops after the fetch, and the cases apply the bundle themselves (refusals) */
  applyAtSetup?: false;
}

export interface Ctx {
  s: Scenario;
  lane: Lane;
  t: Topology;
  server: WizardServer;
  bundle: Bundle;
  /** the bundle postfix-host/ was first applied from, when it differs */
  postfixBundle?: Bundle;
  h: Hosts;
  /** every file apply.sh may touch, per host, before the first apply */
  before: Partial<Record<HostId, Snapshot>>;
  applied: Partial<Record<HostId, ApplyResult>>;
  /** on a server that already does things: what `apply.sh --dry-run` printed before the first apply */
  dryRun: Partial<Record<HostId, string>>;
}

export interface Case {
  name: string;
  fn: (c: Ctx) => Promise<void>;
}

/** Which host folders run where, in the order the bundle README gives (store first). */
export function hostsOf(c: { s: Scenario; h: Hosts }): { host: HostId; on: Container }[] {
  return c.s.kind === 'single-host'
    ? [{ host: 'mail-host', on: c.h.postfix }]
    : [
        { host: 'cyrus-host', on: c.h.cyrus },
        { host: 'postfix-host', on: c.h.postfix },
      ];
}

export async function applyAll(c: Pick<Ctx, 's' | 'h' | 'bundle' | 'postfixBundle' | 'applied'>): Promise<void> {
  for (const { host, on } of hostsOf(c)) {
    c.applied[host] = await apply(host === 'postfix-host' ? (c.postfixBundle ?? c.bundle) : c.bundle, host, on);
  }
}

/** IMAP, LMTP and SMTP all accept connections (after apply.sh's own restart). */
export async function waitForDaemons(c: Pick<Ctx, 's' | 't' | 'h'>): Promise<void> {
  const lmtp = 'path' in c.s.lmtp ? { path: c.h.cyrus.path(c.s.lmtp.path) } : c.s.lmtp;
  for (const e of [{ host: c.t.imap.host, port: c.t.imap.port ?? 143 }, lmtp, c.t.smtp]) {
    await waitFor(`a daemon on ${showEndpoint(e)}`, () => canConnect(e), 30_000, 200).catch(async (err: Error) => {
      throw new Error(`${err.message}\n${await diagnostics(c.h)}`);
    });
  }
}

export async function runScenario(lane: Lane, server: WizardServer, s: Scenario, cases: Case[]): Promise<void> {
  const started = Date.now();
  const label = `${lane.release} ${s.name}`;
  console.log(`\n# ${label} (${s.mode ?? 'systemd'})`);
  let ctx: Ctx | undefined;
  let h: Hosts | undefined;
  const removeNet = await createNet(lane.net);
  try {
    const what = s.applyAtSetup === false ? 'fetch bundle' : 'fetch bundle, apply.sh with its own restart, daemons up';
    const setup = await check(`${label}: boot (${s.mode ?? 'systemd'})${s.existing ? ', existing configuration' : ''}, ${what}`, async () => {
      const t = topology(s.kind, lane.net);
      h = await startHosts(lane, s.kind, s.mode ?? 'systemd', s.name);
      await s.existing?.(h);
      const partial = { s, h, lane, t, server, before: {}, applied: {}, dryRun: {} } as Omit<Ctx, 'bundle'>;
      for (const { host, on } of hostsOf(partial)) partial.before[host] = await snapshot(on);
      const bundle = await getBundle(server, lane.release, s.answers, s.name);
      const postfixBundle = s.postfixAnswers && (await getBundle(server, lane.release, s.postfixAnswers, `${s.name}-postfix`));
      ctx = { ...partial, bundle, postfixBundle };
      if (s.applyAtSetup === false) return;
      // The plan on a server that already does things: read-only, so it comes first.
      if (s.existing) {
        for (const { host, on } of hostsOf(ctx)) {
          const dry = await script(host === 'postfix-host' ? (ctx.postfixBundle ?? ctx.bundle) : ctx.bundle, host, on, 'apply.sh', ['--dry-run']);
          if (dry.code !== 0) throw new Error(`${host}/apply.sh --dry-run exited ${dry.code}:\n${dry.out}`);
          ctx.dryRun[host] = dry.out;
        }
      }
      await applyAll(ctx);
      await waitForDaemons(ctx);
      await createMailboxes(t, s.mailboxes);
    });
    for (const k of cases) {
      await check(`${label}: ${k.name}`, async () => {
        if (!setup || !ctx) throw new Error('not run: the scenario setup failed');
        try {
          await k.fn(ctx);
        } catch (e) {
          throw new Error(`${(e as Error).message}\n${shortLogs(ctx.h)}`);
        }
      });
    }
  } finally {
    if (h) await stopHosts(h);
    await removeNet();
  }
  console.log(`  (${label}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
