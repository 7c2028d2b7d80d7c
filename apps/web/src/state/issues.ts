// Groups flat { path, message } issues (from the schema in the browser or a
// server 422) by the form field that shows them.
import type { FieldError } from '@lmtp-wizard/schema';
import { fieldDef, fieldOfPath, withLabels, type FieldPath } from './fields.ts';
import { stepOfField, type StepId } from './step-meta.ts';

export interface PlacedIssue {
  path: string;
  message: string;
  /** The field that shows it; undefined for topology and whole-body issues. */
  field: FieldPath | undefined;
  step: StepId;
}

export interface IssueIndex {
  all: readonly PlacedIssue[];
  byField: ReadonlyMap<FieldPath, readonly PlacedIssue[]>;
  /** Issues on "topology" or the whole body; shown on the first step. */
  general: readonly PlacedIssue[];
}

export const EMPTY_INDEX: IssueIndex = { all: [], byField: new Map(), general: [] };

function describe(issue: FieldError, field: FieldPath | undefined): string {
  const message = withLabels(issue.message);
  if (field === undefined || issue.path === field || fieldDef(field).kind !== 'list') return message;
  // "delivery.virtualDomains.2" names the third line of the list.
  const index = Number(issue.path.slice(field.length + 1).split('.')[0]);
  return Number.isInteger(index) ? `Line ${index + 1}: ${message}` : message;
}

export function indexIssues(...lists: readonly (readonly FieldError[])[]): IssueIndex {
  const seen = new Set<string>();
  const all: PlacedIssue[] = [];
  const byField = new Map<FieldPath, PlacedIssue[]>();
  const general: PlacedIssue[] = [];
  for (const issue of lists.flat()) {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue; // the server usually repeats the client's verdict
    seen.add(key);
    const field = fieldOfPath(issue.path);
    const placed: PlacedIssue = { path: issue.path, message: describe(issue, field), field, step: stepOfField(field) };
    all.push(placed);
    if (field === undefined) general.push(placed);
    else byField.set(field, [...(byField.get(field) ?? []), placed]);
  }
  return all.length === 0 ? EMPTY_INDEX : { all, byField, general };
}

export const countByStep = (index: IssueIndex): ReadonlyMap<StepId, number> => {
  const counts = new Map<StepId, number>();
  for (const issue of index.all) counts.set(issue.step, (counts.get(issue.step) ?? 0) + 1);
  return counts;
};
