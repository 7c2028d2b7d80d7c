// generate(answers): pure. No I/O, clock, randomness or environment; the
// same answers give the same output in the browser, the server and tests.
import { answerWarnings, withoutSecrets, type Answers } from '@lmtp-wizard/schema';
import { createContext, type Context, type HostAnswers, type MurderPart } from './context.ts';
import { evaluateModule, FILE_MODULES, installKindOf, type EvaluatedModule } from './files/index.ts';
import { renderBody } from './render.ts';
import { hostSteps } from './scripts/steps/index.ts';
import { renderApply } from './scripts/apply-sh.ts';
import { renderVerify } from './scripts/verify-sh.ts';
import { statePlan } from './scripts/plan-state.ts';
import { upgradeLines } from './scripts/upgrade.ts';
import { hostUpgradeReadme, upgradeOrder } from './docs/upgrade-readme.ts';
import { hostReadme, topReadme } from './docs/readme.ts';
import { fileHeader } from './version.ts';
import { inspectScript } from './inspect/script.ts';
import { LIBRARY, LIBRARY_PATH } from './shell/library.ts';
import { proxySecretModules } from './topologies/murder/secrets.ts';
import { mxSecretModules } from './topologies/multi-mx.ts';
import { bundleHosts, topologyOf, type Topology, type TopologyHost } from './topologies/index.ts';
import type { FolderId, GeneratedFile, GeneratorOutput, HostBundle, HostId } from './types.ts';
import { runOrderText, type RunStep } from './docs/run-order.ts';

const script = (path: string, content: string, explanation: string, guideRef: string): GeneratedFile => ({
  path,
  target: null,
  mode: 0o755,
  install: 'input',
  content,
  explanation,
  guideRef,
  secret: false,
});

/** The file modules of one host folder, evaluated once: apply.sh, verify.sh and the plan (inspect/plan.ts) read these. */
export const hostModules = (c: Context, id: HostId): EvaluatedModule[] =>
  [...FILE_MODULES, ...mxSecretModules(c.a), ...proxySecretModules(c)]
    .filter((m) => c.hostFor(m.role) === id && m.applies(c))
    .map((m) => evaluateModule(m, c));

/**
 * One host's folder: its files and the steps apply.sh takes, built from the
 * host's view of the answers A (a further MX's folder is postfix-host/ of the
 * answers as that MX sees them; a Murder's host passes its Murder part).
 */
export function buildHost(a: Answers, h: TopologyHost, topology: Topology = topologyOf(a)): HostBundle {
  const place = { order: topology.runOrder(a, false), folder: h.folder, ...(h.stores ? { stores: h.stores } : {}) };
  return { ...buildFolder(h.view(a), h.role, h.title, h.part, place), id: h.folder };
}

/** Where a folder stands in its bundle: the bundle's order (docs/run-order.ts), its own folder name, and a Murder Postfix host's frontends in failover order. */
interface Placement {
  order: readonly RunStep[];
  folder: FolderId;
  stores?: readonly string[];
}

function buildFolder(
  a: HostAnswers,
  id: HostId,
  title: string,
  murder: MurderPart | undefined,
  place: Placement,
): HostBundle {
  const c = createContext(a, murder, place.stores);
  const header = fileHeader(c.release);
  const roles = { postfix: c.hostFor('postfix') === id, cyrus: c.hostFor('cyrus') === id };
  const modules = hostModules(c, id);
  const files: GeneratedFile[] = modules.map(({ module: m, body, explanation, target, path, guideRef }) => {
    return {
      path,
      target,
      mode: m.mode,
      install: installKindOf(body),
      content: renderBody(body, header),
      explanation,
      guideRef,
      secret: m.secret ?? false,
    };
  });
  const steps = hostSteps(c, id, modules);
  // only the Postfix host of a store whose certificate it pins takes --store-fingerprint
  const help = {
    title,
    folder: place.folder,
    order: runOrderText(place.order, place.folder),
    pin: roles.postfix && c.tls?.mode === 'fingerprint',
  };
  files.push(
    script(
      'apply.sh',
      renderApply(c.release, id, header, steps, statePlan(c, id, modules), help, upgradeLines(c, id, modules, roles)),
      'Applies every step below, idempotently, with backups and a rollback.sh.',
      'Guide, all sections',
    ),
    script(
      'verify.sh',
      renderVerify(c, id, modules, header, roles),
      'Read-only checks of this host: its files, the daemons running what the files say, the queue, and a live probe (LHLO, an address verification through our transport, an LMTP RCPT).',
      'Guide, all sections',
    ),
    script(
      'inspect.sh',
      inspectScript(),
      'Read-only: prints this host\'s Postfix and Cyrus configuration (secrets hidden) for the wizard\'s "Start from my current configuration"; the same script on every host.',
      'Guide, all sections',
    ),
    {
      ...script(
        LIBRARY_PATH,
        LIBRARY,
        'The shell functions apply.sh and verify.sh call, sourced by both: the same file in every folder.',
        'Guide, all sections',
      ),
      mode: 0o644,
    },
    {
      ...script(
        'README.md',
        hostReadme(c.release, title, steps, place.order, place.folder),
        "The order of the bundle's hosts with the exact commands, then the ordered steps for this host, explained.",
        'Guide, all sections',
      ),
      mode: 0o644,
    },
  );
  if (a.upgradeFrom !== 'none') {
    // the folders of this host's own view (a Murder host's is a remote view's two)
    const ids = bundleHosts(a).map((x) => x.folder);
    const n = ids.length;
    const at = upgradeOrder(ids).indexOf(id);
    const position =
      at >= 0 && n > 1
        ? `This host is number ${at + 1} of ${n} in the upgrade order (the top README lists them).`
        : 'Upgrade the hosts in the order the top README lists.';
    files.push({
      ...script(
        'UPGRADE.md',
        hostUpgradeReadme(c.remote, id, roles, position),
        "Upgrading this host from Debian 12: the report, the upgrade, this folder's apply.sh.",
        'Guide, all sections',
      ),
      mode: 0o644,
    });
  }
  files.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  return { id, title, files, steps };
}

/** The bundle of the answers: the folders of their topology (topologies/), or of TOPOLOGY when given. */
export function generate(a: Answers, topology: Topology = topologyOf(a)): GeneratorOutput {
  return withTopLevel(
    a,
    topology.hosts(a).map((h) => buildHost(a, h, topology)),
    topology,
  );
}

/** The whole output from the host folders: the top-level files and the warnings. */
export function withTopLevel(a: Answers, hosts: HostBundle[], topology: Topology = topologyOf(a)): GeneratorOutput {
  const warnings = answerWarnings(a);
  // without any secret (the schema's one list); the multi-MX answers only where there are further MX hosts (a one-MX bundle is as before)
  const { upgradeFrom, sasl, extraMx, ...kept } = withoutSecrets(a) as {
    upgradeFrom?: string;
    sasl?: { username: string };
    extraMx?: unknown[];
  };
  const mx = extraMx !== undefined && extraMx.length > 0;
  const shared = {
    ...kept,
    // an upgrade bundle says so; any other keeps its answers.json as before
    ...(upgradeFrom === 'none' ? {} : { upgradeFrom }),
    ...(sasl ? { sasl: mx ? sasl : { username: sasl.username } } : {}),
    ...(mx ? { extraMx } : {}),
  };
  const top: GeneratedFile[] = [
    {
      path: 'README.md',
      target: null,
      mode: 0o644,
      install: 'input',
      content: topReadme(a, hosts, warnings, topology),
      explanation: 'Overview, order of application, and where the bundle differs from the guide.',
      guideRef: 'Guide, all sections',
      secret: false,
    },
    {
      path: 'answers.json',
      target: null,
      mode: 0o644,
      install: 'input',
      content: `${JSON.stringify(shared, null, 2)}\n`,
      explanation: 'Your answers without the password; feed them back to the wizard or the API.',
      guideRef: '-',
      secret: false,
    },
  ];
  return { files: top, hosts, warnings };
}

export const MASK = '********';

/** Each password (the first MX's, and each further MX's own) replaced in a secret file; the whole content without any. */
const maskFile = (f: GeneratedFile, password: string | readonly string[] | undefined): GeneratedFile => {
  if (!f.secret) return f;
  const all = (typeof password === 'string' ? [password] : (password ?? []))
    .filter((p) => p !== '')
    .sort((x, y) => y.length - x.length);
  return { ...f, content: all.length ? all.reduce((text, p) => text.split(p).join(MASK), f.content) : MASK };
};

/** A host folder with every secret file's content replaced, for previews. */
export const maskHost = (h: HostBundle, password?: string | readonly string[]): HostBundle => ({
  ...h,
  files: h.files.map((f) => maskFile(f, password)),
});

/** The output with every secret file's content replaced, for previews. */
export function maskSecrets(out: GeneratorOutput, password?: string | readonly string[]): GeneratorOutput {
  return {
    ...out,
    files: out.files.map((f) => maskFile(f, password)),
    hosts: out.hosts.map((h) => maskHost(h, password)),
  };
}
