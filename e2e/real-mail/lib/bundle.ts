// A bundle as the user gets it: the tarball from POST /api/bundle, extracted to
// a temp dir, each host folder copied into its host and applied there with its
// own `sh apply.sh` (which restarts the daemons itself), and checked with its
// own verify.sh.
import {
  appendFileSync,
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, normalize } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { breakBundle } from './break.ts';
import type { Container } from './containers/container.ts';
import type { Release } from './containers/rootfs.ts';
import { fetchBundle, type WizardServer } from './server.ts';
import type { RunResult } from './sh.ts';
import { touchedBy } from './snapshot.ts';

/** A host folder of the bundle: the topology's own, or any other folder with an apply.sh (one per MX, per Murder role). */
export type HostId = 'mail-host' | 'cyrus-host' | 'postfix-host' | (string & {});

export interface Bundle {
  root: string;
  /** host folder -> absolute path */
  hosts: Partial<Record<HostId, string>>;
  entries: string[];
}

let bundlesDir: string | undefined;

/** Every apply.sh / verify.sh / rollback.sh output of the last run (git ignores it). */
export const SCRIPTS_LOG = new URL('../scripts.log', import.meta.url).pathname;

export function logScript(what: string, r: RunResult): void {
  appendFileSync(SCRIPTS_LOG, `\n===== ${new Date().toISOString()} ${what} (exit ${r.code})\n${r.stdout}${r.stderr}`);
}

async function untar(tgz: Buffer, dir: string): Promise<string[]> {
  const names: string[] = [];
  const ex = extract();
  Readable.from(tgz).pipe(createGunzip()).pipe(ex);
  for await (const entry of ex) {
    const name = normalize(entry.header.name);
    if (name.startsWith('/') || name.startsWith('..')) throw new Error(`unsafe path in bundle: ${entry.header.name}`);
    const path = join(dir, name);
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    if (entry.header.type === 'directory') mkdirSync(path, { recursive: true });
    else if (entry.header.type === 'file') {
      writeFileSync(path, Buffer.concat(chunks));
      chmodSync(path, entry.header.mode ?? 0o644);
    } else throw new Error(`unexpected ${entry.header.type} entry in bundle: ${name}`);
    names.push(name);
  }
  return names;
}

/** Fetch and extract one bundle for the release's hosts; REAL_MAIL_BREAK corrupts one line of it here. */
export async function getBundle(
  server: WizardServer,
  target: Release,
  answers: Record<string, unknown>,
  label: string,
): Promise<Bundle> {
  bundlesDir ??= mkdtempSync('/tmp/lwz-bundles-');
  const root = mkdtempSync(join(bundlesDir, `${target}-${label}-`));
  const entries = await untar(await fetchBundle(server, { ...answers, target }), root);
  const said = (JSON.parse(readFileSync(join(root, 'answers.json'), 'utf8')) as { target?: string }).target;
  if (said !== target) throw new Error(`the bundle's answers.json says target ${String(said)}, asked for ${target}`);
  const hosts: Bundle['hosts'] = {};
  for (const e of readdirSync(root, { withFileTypes: true })) {
    if (e.isDirectory() && existsSync(join(root, e.name, 'apply.sh'))) hosts[e.name] = join(root, e.name);
  }
  breakBundle(hosts);
  return { root, hosts, entries };
}

export function bundlesRoot(): string | undefined {
  return bundlesDir;
}

export interface ApplyResult extends RunResult {
  out: string;
  /** the backup dir apply.sh announced ("backup and rollback.sh in ..."), inside the host */
  backup?: string;
  /** what that backup says apply.sh changed */
  touched: string[];
  nothingToChange: boolean;
}

export function hostDir(b: Bundle, host: HostId): string {
  const dir = b.hosts[host];
  if (!dir) throw new Error(`bundle has no ${host}/ (has: ${Object.keys(b.hosts).join(', ')})`);
  return dir;
}

/** The host folder inside the host, copied there on first use (as a user would scp it). */
export function inside(b: Bundle, host: HostId, c: Container): string {
  const dir = `/root/lwz-bundles/${basename(b.root)}/${host}`;
  if (!existsSync(c.path(dir))) cpSync(hostDir(b, host), c.path(dir), { recursive: true });
  return dir;
}

/** Runs one of the host folder's scripts inside the host, and logs its output. */
export async function script(
  b: Bundle,
  host: HostId,
  c: Container,
  name: string,
  args: string[] = [],
): Promise<RunResult & { out: string }> {
  const r = await c.exec('sh', [join(inside(b, host, c), name), ...args], { allowFail: true, timeoutMs: 180_000 });
  logScript(`${c.name} ${host}/${name} ${args.join(' ')} [${b.root}]`, r);
  return { ...r, out: (r.stdout + r.stderr).trim() };
}

/** sh apply.sh as root on the host: it restarts what it changed, unless noRestart. Throws on a non-zero exit. */
export async function apply(
  b: Bundle,
  host: HostId,
  c: Container,
  opts: { noRestart?: boolean; args?: string[] } = {},
): Promise<ApplyResult> {
  const r = await script(b, host, c, 'apply.sh', [...(opts.noRestart ? ['--no-restart'] : []), ...(opts.args ?? [])]);
  const out = r.out;
  if (r.code !== 0) throw new Error(`${c.name} ${host}/apply.sh exited ${r.code}:\n${out}`);
  const backup = /backup and rollback\.sh in (\S+)/.exec(out)?.[1];
  return {
    ...r,
    backup,
    touched: touchedBy(c, backup),
    nothingToChange: /nothing to change: already applied/.test(out),
  };
}

/** verify.sh never throws here; the caller looks at code and output. */
export function verify(b: Bundle, host: HostId, c: Container): Promise<RunResult & { out: string }> {
  return script(b, host, c, 'verify.sh');
}
