// The shapes the cross-field rules share (issue 22): an issue, which answers
// a rule may read, and what a topology's module of rules gives. A leaf
// module, so that cross-field.ts and the topologies' rules import each other's
// types without a circle.
import type { Answers, ExtraMx } from '../answers.ts';

export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Whether every named answer holds what the person gave (dotted paths).
 * On answers that did not fully parse, a refused or missing field stands in
 * with its default or a placeholder (see partial.ts), and a rule that reads
 * one is skipped: it would judge, and quote, a value nobody typed.
 */
export type Usable = (...paths: string[]) => boolean;

export interface TopologyRules<A extends Answers = Answers> {
  /** The further MX hosts whose concurrency adds to the first's (issue 15); none but in the remote topology. */
  furtherMx: (a: A) => readonly ExtraMx[];
  /** Errors of this topology's own fields, after the common ones. EXTRAMX: furtherMx, when its answers are usable, else none. */
  issues: (a: A, usable: Usable, extraMx: readonly ExtraMx[]) => FieldIssue[];
  /** Advice of this topology, after the common advice. */
  warnings: (a: A) => FieldIssue[];
  /** What delivery.defaultTransport means here. */
  defaultTransportWarning: string;
}
