// One field's value, messages and ARIA wiring, from the props of a memoized
// <Field>: a keystroke re-renders the field it changed, not the whole step.
import type { Dispatch } from 'react';
import type { PlanEntryView } from '../state/import.ts';
import type { PlacedIssue } from '../state/issues.ts';
import { fieldDef, type FieldDef, type FieldPath, type FieldValue } from '../state/fields.ts';
import type { WizardAction } from '../state/wizard-reducer.ts';
import { fieldId } from '../lib/field-id.ts';

export interface FieldProps {
  path: FieldPath;
  value: FieldValue;
  /** Errors to show: those of a required field stay hidden until it is touched or its step is revealed. */
  errors: readonly PlacedIssue[];
  warnings: readonly PlacedIssue[];
  dispatch: Dispatch<WizardAction>;
  /** The value came from the imported configuration: the generator's note on where it was read. */
  origin?: string | undefined;
  /** Open conflicts of this answer with the imported configuration. */
  conflicts?: readonly PlanEntryView[] | undefined;
  /** Shown in an emptied field that has a default: "2003 (default)". */
  placeholder?: string | undefined;
  /** The help text, from field-hints.ts (the later steps' chunk); the first step's is in the field's def. */
  hint?: string | undefined;
}

export interface FieldModel {
  path: FieldPath;
  def: FieldDef;
  id: string;
  hintId: string;
  errorId: string;
  warningId: string;
  originId: string;
  conflictId: string;
  value: FieldValue;
  errors: readonly PlacedIssue[];
  warnings: readonly PlacedIssue[];
  origin: string | undefined;
  conflicts: readonly PlanEntryView[];
  describedBy: string;
  placeholder: string | undefined;
  setValue: (value: FieldValue) => void;
}

export { fieldId };

const NO_CONFLICTS: readonly PlanEntryView[] = [];

export function fieldModel({
  path,
  value,
  errors,
  warnings,
  dispatch,
  origin,
  conflicts = NO_CONFLICTS,
  placeholder,
  hint,
}: FieldProps): FieldModel {
  const id = fieldId(path);
  const ids = {
    hintId: `${id}-hint`,
    errorId: `${id}-error`,
    warningId: `${id}-warning`,
    originId: `${id}-origin`,
    conflictId: `${id}-conflict`,
  };
  const describedBy = [
    errors.length > 0 ? ids.errorId : '',
    conflicts.length > 0 ? ids.conflictId : '',
    warnings.length > 0 ? ids.warningId : '',
    origin !== undefined ? ids.originId : '',
    ids.hintId,
  ]
    .filter(Boolean)
    .join(' ');
  return {
    path,
    def: hint === undefined ? fieldDef(path) : { ...fieldDef(path), hint },
    id,
    ...ids,
    value,
    errors,
    warnings,
    origin,
    conflicts,
    describedBy,
    placeholder: placeholder ?? fieldDef(path).placeholder,
    setValue: (next) => dispatch({ type: 'setField', path, value: next }),
  };
}

const sameIssues = (a: readonly PlacedIssue[], b: readonly PlacedIssue[]): boolean =>
  a === b || (a.length === b.length && a.every((x, i) => x.path === b[i]?.path && x.message === b[i]?.message));

const conflictKey = (c: PlanEntryView): string => `${c.host}\u0000${c.file}\u0000${c.key}\u0000${c.old}\u0000${c.new}`;
const sameConflicts = (
  a: readonly PlanEntryView[] = NO_CONFLICTS,
  b: readonly PlanEntryView[] = NO_CONFLICTS,
): boolean =>
  a === b ||
  (a.length === b.length &&
    a.every((x, i) => b[i] !== undefined && conflictKey(x) === conflictKey(b[i] as PlanEntryView)));

/** memo()'s comparison for <Field>: messages compare by content, since the issue index (and the plan) is rebuilt per parse. */
export const sameFieldProps = (a: FieldProps, b: FieldProps): boolean =>
  a.path === b.path &&
  a.value === b.value &&
  a.dispatch === b.dispatch &&
  a.origin === b.origin &&
  a.placeholder === b.placeholder &&
  a.hint === b.hint &&
  sameIssues(a.errors, b.errors) &&
  sameIssues(a.warnings, b.warnings) &&
  sameConflicts(a.conflicts, b.conflicts);
