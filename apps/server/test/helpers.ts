// Shared test helpers: an app built with build() (never a port), answer
// fixtures for both topologies, and a tarball reader built on tar-stream.
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import type { FastifyInstance } from 'fastify';
import { build, type BuildOptions } from '../src/app.ts';

/** Letters and digits only, so it survives any quoting or escaping unchanged. */
export const CANARY = 'Zq7LEAKCANARY';
/**
 * A password the schema accepts, with the characters that quoting gets
 * wrong (quotes, backslash, $, :, !, #) around the canary.
 */
export const MARKER = `a$:"!#'\\${CANARY}-z`;

/** True when the password shows up in any form: raw, JSON-escaped, or shell/config-quoted. */
export const containsMarker = (text: string) => text.toLowerCase().includes(CANARY.toLowerCase());

export const singleHost = { topology: 'single-host', mailHost: 'mail.example.org' } as const;

export const remote = {
  topology: 'remote',
  mailHost: 'mx.example.org',
  tcp: { storeHost: 'store.example.org' },
  sasl: { password: MARKER },
} as const;

export async function buildTestApp(opts: BuildOptions = {}): Promise<FastifyInstance> {
  // Rate limiting off and no web app unless a test asks for them.
  const app = await build({
    ...opts,
    config: { logLevel: 'silent', rateLimit: { max: 0, windowMs: 60_000 }, webDist: '/nonexistent', ...opts.config },
  });
  return app;
}

export const postJson = (app: FastifyInstance, url: string, payload: unknown) =>
  app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });

export interface ExtractedEntry {
  name: string;
  type: string;
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  mtime: Date;
  content: string;
}

/** Every entry of a .tar.gz, in archive order. */
export async function readTarball(gz: Buffer): Promise<ExtractedEntry[]> {
  const extract = tar.extract();
  Readable.from([gunzipSync(gz)]).pipe(extract);
  const entries: ExtractedEntry[] = [];
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    const h = entry.header;
    entries.push({
      name: h.name,
      type: h.type ?? 'file',
      mode: h.mode ?? -1,
      uid: h.uid ?? -1,
      gid: h.gid ?? -1,
      uname: h.uname ?? '',
      gname: h.gname ?? '',
      mtime: h.mtime ?? new Date(NaN),
      content: Buffer.concat(chunks).toString('utf8'),
    });
  }
  return entries;
}

/** Collects every line the logger writes, for the secret audit. */
export function captureLogs(): { stream: { write(line: string): void }; text: () => string } {
  const lines: string[] = [];
  return { stream: { write: (line) => void lines.push(line) }, text: () => lines.join('') };
}
