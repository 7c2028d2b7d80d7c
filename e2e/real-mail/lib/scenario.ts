// One scenario = one set of answers on fresh hosts: boot the hosts from the
// base configuration, fetch the bundle from the API, apply it with its own
// apply.sh (which restarts the daemons itself: systemctl under systemd, the
// init scripts otherwise), wait for the daemons, create the test mailboxes,
// then run the scenario's cases in order. The hosts are destroyed afterwards.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apply, getBundle, script, type ApplyResult, type Bundle, type HostId } from './bundle.ts';
import { parseAnswers } from '../../../packages/schema/src/index.ts';
import { comparePlans, parseInspect, parsePlanLines, planFromInspect } from '../../../packages/generator/src/index.ts';
import type { BootMode, Container } from './containers/container.ts';
import type { Release } from './containers/rootfs.ts';
import { diagnostics, shortLogs, type Hosts } from './diagnostics.ts';
import { canConnect, showEndpoint, type Endpoint } from './endpoint.ts';
import { createNet } from './network.ts';
import { assert, check } from './runner.ts';
import type { WizardServer } from './server.ts';
import { waitFor } from './sh.ts';
import { snapshot, type Snapshot } from './snapshot.ts';
import {
  createMailboxes,
  HOST_LOGS,
  laneWith,
  startHosts,
  stopHosts,
  topology,
  type ExtraHost,
  type Kind,
  type Lane,
  type Topology,
} from './topology.ts';

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
  /** hosts besides the store and the Postfix host; c.lane.net.hosts and c.h.extra have them by short name */
  extraHosts?: ExtraHost[];
  /** the releases it runs on (default: every release of the run); a costly scenario runs on Debian 13 only */
  releases?: Release[];
  /** which bundle folder runs on which host, in the order the bundle README gives, when not the topology's own */
  placement?: (h: Hosts) => { host: HostId; on: Container }[];
}

export interface Ctx {
  s: Scenario;
  /** the lane, its net with the scenario's extra hosts */
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
  /** on a server that already does things: what the bundle's inspect.sh printed, before the dry run */
  inspect: Partial<Record<HostId, string>>;
}

export interface Case {
  name: string;
  fn: (c: Ctx) => Promise<void>;
}

/** Which host folders run where, in the order the bundle README gives (store first). */
export function hostsOf(c: { s: Scenario; h: Hosts }): { host: HostId; on: Container }[] {
  if (c.s.placement) return c.s.placement(c.h);
  return c.s.kind === 'single-host'
    ? [{ host: 'mail-host', on: c.h.postfix }]
    : [
        { host: 'cyrus-host', on: c.h.cyrus },
        { host: 'postfix-host', on: c.h.postfix },
      ];
}

/** The command the store's apply.sh prints for the Postfix host: its certificate's pin (TLS on the hop). */
export const printedPin = (storeOut: string | undefined): string | undefined =>
  /--store-fingerprint (\S+)/.exec(storeOut ?? '')?.[1];

/** A Postfix host's folder: postfix-host/, or one MX's postfix-host-<name>/. */
export const isPostfixFolder = (host: HostId): boolean => host === 'postfix-host' || host.startsWith('postfix-host-');

/** Store first, then each Postfix host with the fingerprint the store's apply.sh printed, as its README says. */
export async function applyAll(c: Pick<Ctx, 's' | 'h' | 'bundle' | 'postfixBundle' | 'applied'>): Promise<void> {
  for (const { host, on } of hostsOf(c)) {
    const pin = isPostfixFolder(host) ? printedPin(c.applied['cyrus-host']?.out) : undefined;
    c.applied[host] = await apply(host === 'postfix-host' ? (c.postfixBundle ?? c.bundle) : c.bundle, host, on, {
      args: pin ? ['--store-fingerprint', pin] : [],
    });
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

export async function runScenario(laneOf: Lane, server: WizardServer, s: Scenario, cases: Case[]): Promise<void> {
  const started = Date.now();
  const lane = laneWith(laneOf, s.extraHosts);
  const label = `${lane.release} ${s.name}`;
  console.log(`\n# ${label} (${s.mode ?? 'systemd'})`);
  let ctx: Ctx | undefined;
  let h: Hosts | undefined;
  const removeNet = await createNet(lane.net);
  try {
    const what = s.applyAtSetup === false ? 'fetch bundle' : 'fetch bundle, apply.sh with its own restart, daemons up';
    const setup = await check(
      `${label}: boot (${s.mode ?? 'systemd'})${s.existing ? ', existing configuration' : ''}, ${what}`,
      async () => {
        const t = topology(s.kind, lane.net);
        h = await startHosts(lane, s.kind, s.mode ?? 'systemd', s.name, s.extraHosts);
        await s.existing?.(h);
        const partial = { s, h, lane, t, server, before: {}, applied: {}, dryRun: {}, inspect: {} } as Omit<
          Ctx,
          'bundle'
        >;
        for (const { host, on } of hostsOf(partial)) partial.before[host] = await snapshot(on);
        const bundle = await getBundle(server, lane.release, s.answers, s.name);
        const postfixBundle =
          s.postfixAnswers && (await getBundle(server, lane.release, s.postfixAnswers, `${s.name}-postfix`));
        ctx = { ...partial, bundle, postfixBundle };
        // The plan on a server that already does things: read-only, so it comes
        // first: inspect.sh (what the wizard reads, issue 12), then the dry run.
        if (s.existing) {
          for (const { host, on } of hostsOf(ctx)) {
            const b = host === 'postfix-host' ? (ctx.postfixBundle ?? ctx.bundle) : ctx.bundle;
            const ins = await script(b, host, on, 'inspect.sh');
            if (ins.code !== 0) throw new Error(`${host}/inspect.sh exited ${ins.code}:\n${ins.out}`);
            ctx.inspect[host] = ins.stdout;
            mkdirSync(join(HOST_LOGS, 'inspect'), { recursive: true });
            writeFileSync(join(HOST_LOGS, 'inspect', `${lane.release}-${s.name}-${host}.txt`), ins.stdout);
            const dry = await script(b, host, on, 'apply.sh', ['--dry-run']);
            if (dry.code !== 0) throw new Error(`${host}/apply.sh --dry-run exited ${dry.code}:\n${dry.out}`);
            ctx.dryRun[host] = dry.out;
            // its plan lines beside the inspect output: together the generator's fixtures (*.dry-run-plan.txt)
            writeFileSync(
              join(HOST_LOGS, 'inspect', `${lane.release}-${s.name}-${host}.dry-run-plan.txt`),
              dry.out
                .split('\n')
                .filter((l) => l.startsWith('lmtp-wizard: plan: '))
                .map((l) => `${l}\n`)
                .join(''),
            );
          }
        }
        if (s.applyAtSetup === false) return;
        await applyAll(ctx);
        await waitForDaemons(ctx);
        await createMailboxes(t, s.mailboxes);
      },
    );
    if (s.existing) {
      await check(
        `${label}: the wizard's plan from inspect.sh (all hosts' output pasted at once) equals apply.sh --dry-run's plan, entry by entry`,
        async () => {
          if (!setup || !ctx) throw new Error('not run: the scenario setup failed');
          await planAgrees(ctx);
        },
      );
    }
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

/**
 * Issue 12, "one plan, two places": the plan the wizard computes from
 * inspect.sh's output (planFromInspect, in the browser) and the plan lines of
 * apply.sh --dry-run on the same hosts agree entry by entry.
 */
export async function planAgrees(c: Ctx): Promise<void> {
  const pasted = hostsOf(c)
    .map(({ host }) => c.inspect[host] ?? '')
    .join('\n');
  const parsed = parseInspect(pasted);
  assert(
    parsed.ok,
    `parseInspect refused the output of inspect.sh: ${parsed.ok ? '' : `${parsed.error} (line ${parsed.line})`}`,
  );
  const problems: string[] = [];
  for (const { host, on } of hostsOf(c)) {
    // never a password: not the bundle's, not a value of any SASL map on the host
    const out = c.inspect[host] ?? '';
    const values = await on.exec('sh', [
      '-c',
      'for f in /etc/postfix/*sasl_passwd; do [ -f "$f" ] && awk \'!/^[ \\t]*(#|$)/ && NF > 1 { print $2 }\' "$f"; done; true',
    ]);
    const secrets = [
      ...values.stdout.split('\n').filter((v) => v.length > 3),
      ...[c.s.answers, c.s.postfixAnswers]
        .map((a) => (a?.sasl as { password?: string } | undefined)?.password ?? '')
        .filter(Boolean),
    ];
    for (const v of secrets.flatMap((x) => [x, x.slice(x.indexOf(':') + 1)]).filter((x) => x.length >= 6))
      if (out.includes(v))
        problems.push(`${host}: inspect.sh printed a secret (a SASL map value or the bundle's password)`);
    const raw = host === 'postfix-host' ? (c.s.postfixAnswers ?? c.s.answers) : c.s.answers;
    const a = parseAnswers({ ...raw, target: c.lane.release });
    assert(a.ok, `the scenario's answers do not parse: ${a.ok ? '' : JSON.stringify(a.errors)}`);
    const wizard = planFromInspect(a.answers, parsed.hosts).find((p) => p.host === host)?.entries ?? [];
    const dry = parsePlanLines(c.dryRun[host] ?? '');
    if (dry.length === 0) problems.push(`${host}: apply.sh --dry-run printed no plan lines`);
    if (wizard.length === 0) problems.push(`${host}: the wizard's plan is empty`);
    for (const d of comparePlans(wizard, dry)) problems.push(`${host}: ${d}`);
  }
  assert(problems.length === 0, `the plans differ, or inspect.sh printed a secret:\n${problems.join('\n')}`);
}
