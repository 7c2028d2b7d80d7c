// What the readers (scripts/actions.ts, verify-sh.ts, plan-state.ts,
// manual.ts, inspect/plan.ts) need of a policy: the shell commands of each
// script, and the TypeScript twin of what those commands record in the plan.
import type { HostReader } from './reader.ts';

export type NeighbourKind = 'main' | 'imapd' | 'map' | 'secret-map' | 'lines';

/** A list or map apply.sh merges into: every entry that is not one of `ours` is a neighbour. */
export interface NeighbourSpec {
  kind: NeighbourKind;
  /** main.cf or imapd.conf key, or the file's path */
  where: string;
  ours: string[];
  source: string;
}

/** One part of a manual step (the README): commands to run, or lines to paste into a file. */
export interface ManualBlock {
  /** What to do with the lines, in words. */
  note: string;
  lang: 'sh' | 'text';
  lines: string[];
}

export const commands = (note: string, lines: string[]): ManualBlock => ({ note, lang: 'sh', lines });
export const fileLines = (note: string, lines: string[]): ManualBlock => ({ note, lang: 'text', lines });

/** One policy, for one entry E of a file module (a main.cf setting, a body). TARGET is the module's path on the host. */
export interface Policy<E> {
  /** apply.sh's read-only checks before the first change; each may record a conflict. */
  preflight: (e: E, target: string | null) => string[];
  /** apply.sh's step commands. */
  commands: (e: E, target: string | null) => string[];
  /** verify.sh's checks. */
  verify: (e: E, target: string | null) => string[];
  /** The names apply.sh --replace accepts for its conflicts. */
  replaceKeys: (e: E, target: string | null) => string[];
  /** The lists and maps it merges into, whose other entries verify.sh checks. */
  neighbours: (e: E, target: string | null) => NeighbourSpec[];
  /** The README's manual step. */
  manual: (e: E, target: string | null) => ManualBlock[];
  /** The twin of the plan phase (plan_postfix_begin .. end: main.cf and master.cf on the copy). */
  planPhase: (r: HostReader, e: E, target: string | null) => void;
  /** The twin of preflight(). */
  checks: (r: HostReader, e: E, target: string | null) => void;
  /** The twin of commands(), where they record plan entries. */
  steps: (r: HostReader, e: E, target: string | null) => void;
}

/** A policy with nothing for the parts it does not give. */
export const policy = <E>(p: Partial<Policy<E>>): Policy<E> => ({
  preflight: () => [],
  commands: () => [],
  verify: () => [],
  replaceKeys: () => [],
  neighbours: () => [],
  manual: () => [],
  planPhase: () => {},
  checks: () => {},
  steps: () => {},
  ...p,
});
