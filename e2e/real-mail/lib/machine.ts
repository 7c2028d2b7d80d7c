// The suite's promise to the machine it runs on: its own mail configuration is
// never touched. These files are hashed before and after the run.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { TRACKED_FILES } from './snapshot.ts';

/** Every file a bundle may touch inside a host (snapshot.ts), and the groups, on the machine itself. */
export const MACHINE_FILES = [...TRACKED_FILES, '/etc/group', '/etc/gshadow'];

export function hashMachineFiles(): Record<string, string> {
  return Object.fromEntries(
    MACHINE_FILES.map((p) => [
      p,
      existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'absent',
    ]),
  );
}

export function machineDiff(before: Record<string, string>, after: Record<string, string>): string[] {
  return MACHINE_FILES.filter((p) => before[p] !== after[p]).map(
    (p) => `${p}: ${before[p]?.slice(0, 12)} -> ${after[p]?.slice(0, 12)}`,
  );
}
