// The pieces every view of a conflict with the imported server shares: how a
// value reads, the entry's React key, and the link to the step that owns it.
import type { FieldPath } from '../state/fields.ts';
import type { PlanEntryView } from '../state/import.ts';
import { stepMeta, stepOfField, type StepId } from '../state/step-meta.ts';

/** A main.cf or imapd.conf value as the text shows it: an unset or empty one reads "(not set)". */
export const shownValue = (value: string | null): string => (value === null || value === '' ? '(not set)' : value);

/** One plan entry per host, file and key. */
export const conflictKey = (c: PlanEntryView): string => `${c.host}\u0000${c.file}\u0000${c.key}`;

/** "Resolve on the … step", for a conflict that belongs to an answer. */
export function ResolveOnStep({ field, goTo }: { field: FieldPath | undefined; goTo: (step: StepId) => void }) {
  if (field === undefined) return null;
  return (
    <button type="button" className="link-button" onClick={() => goTo(stepOfField(field))}>
      Resolve on the {stepMeta(stepOfField(field)).title} step
    </button>
  );
}
