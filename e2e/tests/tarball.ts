// Reads a downloaded .tar.gz into a list of entries with their modes.
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

export interface Entry {
  name: string;
  type: string;
  mode: number;
  content: string;
}

export async function readTarball(stream: Readable): Promise<Entry[]> {
  const entries: Entry[] = [];
  const extract = tar.extract();
  extract.on('entry', (header, body, next) => {
    const chunks: Buffer[] = [];
    body.on('data', (c: unknown) => chunks.push(c as Buffer));
    body.on('end', () => {
      entries.push({
        name: header.name,
        type: header.type ?? 'file',
        mode: (header.mode ?? 0) & 0o7777,
        content: Buffer.concat(chunks).toString('utf8'),
      });
      next();
    });
    body.resume();
  });
  await pipeline(stream, createGunzip(), extract);
  return entries;
}

export const modeOf = (entries: readonly Entry[], name: string): string | undefined => {
  const entry = entries.find((e) => e.name === name);
  return entry === undefined ? undefined : entry.mode.toString(8).padStart(4, '0');
};

export const fileNames = (entries: readonly Entry[]): string[] =>
  entries
    .filter((e) => e.type === 'file')
    .map((e) => e.name)
    .sort();
