// The start of every run that makes containers (the suite, the benchmarks):
// clean up what a killed run left, hash the machine's own mail configuration,
// and claim a run dir that records the lanes, removed again on every exit.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { onCleanup } from './containers/cleanup.ts';
import { removeStaleRuns, RUN_PREFIX } from './containers/stale.ts';
import { hashMachineFiles } from './machine.ts';

export function openRun(lanes: number[]): { runDir: string; machineBefore: ReturnType<typeof hashMachineFiles> } {
  for (const d of removeStaleRuns()) console.log(`removed what a killed run left in ${d}`);
  const machineBefore = hashMachineFiles();
  const runDir = `/var/tmp/${RUN_PREFIX}${process.pid}`;
  mkdirSync(runDir, { recursive: true });
  writeFileSync(`${runDir}/lanes`, `${lanes.join(' ')}\n`);
  onCleanup(`run dir ${runDir}`, () => rmSync(runDir, { recursive: true, force: true }));
  return { runDir, machineBefore };
}
