// What Cyrus has stored, read straight from a host's spool: the message files
// of each mailbox (named "<uid>."), and their inodes. Cyrus's
// single-instance store hard-links the one file of a multi-recipient LMTP
// transaction into every mailbox, so distinct inodes are stored copies.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Container } from './containers/container.ts';

export interface SpoolFile {
  mailbox: string;
  name: string;
  ino: number;
}

/** The spool directory of each mailbox, as Cyrus's own mbpath prints it (absolute paths inside the host). */
export async function spoolDirs(c: Container, mailboxes: string[]): Promise<Map<string, string>> {
  const r = await c.exec('runuser', ['-u', 'cyrus', '--', '/usr/lib/cyrus/bin/mbpath', ...mailboxes]);
  const dirs = r.stdout.split('\n').filter(Boolean);
  if (dirs.length !== mailboxes.length)
    throw new Error(`mbpath printed ${dirs.length} paths for ${mailboxes.length} mailboxes:\n${r.stdout}${r.stderr}`);
  return new Map(mailboxes.map((m, i) => [m, dirs[i] as string]));
}

/** Every message file now in these mailboxes (read through the running host's root). */
export function spoolFiles(c: Container, dirs: Map<string, string>): SpoolFile[] {
  const out: SpoolFile[] = [];
  for (const [mailbox, dir] of dirs) {
    const full = c.path(dir);
    for (const name of readdirSync(full)) {
      if (!/^\d+\.$/.test(name)) continue;
      const st = statSync(join(full, name), { throwIfNoEntry: false });
      if (st) out.push({ mailbox, name, ino: st.ino });
    }
  }
  return out;
}

/** Message files per mailbox only (cheap enough to poll). */
export function spoolCount(c: Container, dirs: Map<string, string>): number {
  let n = 0;
  for (const dir of dirs.values()) for (const name of readdirSync(c.path(dir))) if (/^\d+\.$/.test(name)) n++;
  return n;
}
