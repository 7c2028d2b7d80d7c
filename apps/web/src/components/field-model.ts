// One field's value, messages and ARIA wiring, from the props of a memoized
// <Field>: a keystroke re-renders the field it changed, not the whole step.
import type { Dispatch } from 'react';
import type { PlacedIssue } from '../state/issues.ts';
import { fieldDef, type FieldDef, type FieldPath, type FieldValue } from '../state/fields.ts';
import type { WizardAction } from '../state/wizard-reducer.ts';

export interface FieldProps {
  path: FieldPath;
  value: FieldValue;
  /** Errors to show: those of a required field stay hidden until it is touched or its step is revealed. */
  errors: readonly PlacedIssue[];
  warnings: readonly PlacedIssue[];
  dispatch: Dispatch<WizardAction>;
  /** Shown in an emptied field that has a default: "2003 (default)". */
  placeholder?: string | undefined;
}

export interface FieldModel {
  path: FieldPath;
  def: FieldDef;
  id: string;
  hintId: string;
  errorId: string;
  warningId: string;
  value: FieldValue;
  errors: readonly PlacedIssue[];
  warnings: readonly PlacedIssue[];
  describedBy: string;
  placeholder: string | undefined;
  setValue: (value: FieldValue) => void;
}

export const fieldId = (path: string): string => `field-${path.replace(/\./g, '-')}`;

export function fieldModel({ path, value, errors, warnings, dispatch, placeholder }: FieldProps): FieldModel {
  const id = fieldId(path);
  const ids = { hintId: `${id}-hint`, errorId: `${id}-error`, warningId: `${id}-warning` };
  const describedBy = [
    errors.length > 0 ? ids.errorId : '',
    warnings.length > 0 ? ids.warningId : '',
    ids.hintId,
  ].filter(Boolean).join(' ');
  return {
    path, def: fieldDef(path), id, ...ids, value, errors, warnings, describedBy,
    placeholder: placeholder ?? fieldDef(path).placeholder,
    setValue: (next) => dispatch({ type: 'setField', path, value: next }),
  };
}

const sameIssues = (a: readonly PlacedIssue[], b: readonly PlacedIssue[]): boolean =>
  a === b || (a.length === b.length && a.every((x, i) => x.path === b[i]?.path && x.message === b[i]?.message));

/** memo()'s comparison for <Field>: messages compare by content, since the issue index is rebuilt per parse. */
export const sameFieldProps = (a: FieldProps, b: FieldProps): boolean =>
  a.path === b.path && a.value === b.value && a.dispatch === b.dispatch && a.placeholder === b.placeholder &&
  sameIssues(a.errors, b.errors) && sameIssues(a.warnings, b.warnings);
