// Packs generator output into the bundle's .tar.gz.
//
// The layout is public API: top-level files at the root, each host's files
// under "<host.id>/". The same output must give the same bytes, so:
//  - entries are sorted by path (plain code-unit order) and every parent
//    directory gets an explicit entry, listed before its contents;
//  - every entry has MTIME (2000-01-01T00:00:00Z), uid/gid 0, root:root.
//    We avoid the epoch because several tools treat mtime 0 as "unset";
//  - gzip runs on the whole tar in libuv's thread pool (off the event loop,
//    which under load was spending 56 % of its time in a level-9 gzipSync);
//    level 6 is zlib's default and costs half of level 9 for a few hundred
//    bytes more. Node's gzip header carries no time stamp or file name, so
//    the bytes depend only on the tar.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import tar from 'tar-stream';
import type { GeneratedFile, GeneratorOutput } from '@lmtp-wizard/generator';

export const MTIME = new Date(Date.UTC(2000, 0, 1));
const gzipAsync = promisify(gzip);
const DIR_MODE = 0o755;

export interface TarEntry {
  name: string;
  type: 'file' | 'directory';
  mode: number;
  content?: Buffer;
}

// A generator bug must not become a path outside the bundle or a clobbered file.
function checkedPath(path: string): string {
  const segments = path.split('/');
  if (path.startsWith('/') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new Error(`Refusing to pack unsafe path "${path}"`);
  }
  return path;
}

function checkedMode(file: GeneratedFile): number {
  if (!Number.isInteger(file.mode) || file.mode < 0 || file.mode > 0o777) {
    throw new Error(`Refusing to pack "${file.path}" with mode ${String(file.mode)}`);
  }
  return file.mode;
}

/** Every entry of the bundle, directories included, in archive order. */
export function bundleEntries(output: GeneratorOutput): TarEntry[] {
  const files = new Map<string, TarEntry>();
  const addFile = (name: string, file: GeneratedFile) => {
    if (files.has(name)) throw new Error(`Two generated files share the path "${name}"`);
    files.set(name, { name, type: 'file', mode: checkedMode(file), content: Buffer.from(file.content, 'utf8') });
  };
  for (const file of output.files) addFile(checkedPath(file.path), file);
  for (const host of output.hosts) {
    for (const file of host.files) addFile(`${checkedPath(host.id)}/${checkedPath(file.path)}`, file);
  }

  const dirs = new Set<string>();
  for (const name of files.keys()) {
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(`${parts.slice(0, i).join('/')}/`);
  }
  for (const dir of dirs) {
    if (files.has(dir.slice(0, -1))) throw new Error(`"${dir}" is both a file and a directory`);
  }

  // A directory's name ("a/") is a prefix of its contents' names ("a/b"), so
  // plain ordering lists it before them, as extractors expect.
  const entries: TarEntry[] = [
    ...[...dirs].map((name): TarEntry => ({ name, type: 'directory', mode: DIR_MODE })),
    ...files.values(),
  ];
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function packEntries(entries: readonly TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const finished = new Promise<void>((resolve, reject) => {
    pack.on('data', (chunk) => chunks.push(chunk as Buffer));
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const e of entries) {
    const header = {
      name: e.name,
      type: e.type,
      mode: e.mode,
      mtime: MTIME,
      uid: 0,
      gid: 0,
      uname: 'root',
      gname: 'root',
    };
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error | null) => (err ? reject(err) : resolve());
      if (e.content) pack.entry({ ...header, size: e.content.length }, e.content, done);
      else pack.entry(header, done);
    });
  }
  pack.finalize();
  await finished;
  return gzipAsync(Buffer.concat(chunks), { level: 6 });
}

export function packOutput(output: GeneratorOutput): Promise<Buffer> {
  return packEntries(bundleEntries(output));
}
