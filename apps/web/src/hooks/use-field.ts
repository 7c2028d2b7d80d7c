// One field's value, messages and ARIA wiring. Errors of a required field
// stay hidden until it is touched or its step is revealed, so a fresh form
// does not open covered in "is required".
import type { PlacedIssue } from '../state/issues.ts';
import { fieldDef, type FieldDef, type FieldPath, type FieldValue } from '../state/fields.ts';
import { stepOfField } from '../state/step-meta.ts';
import { useWizard } from './use-wizard.ts';

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
  setValue: (value: FieldValue) => void;
}

const NONE: readonly PlacedIssue[] = [];

export const fieldId = (path: string): string => `field-${path.replace(/\./g, '-')}`;

export function useField(path: FieldPath): FieldModel {
  const { state, dispatch, check, defaults } = useWizard();
  const def = fieldDef(path);
  const id = fieldId(path);
  const typed = state.draft[path];
  const value = typed ?? defaults?.[path] ?? (def.kind === 'checkbox' ? false : '');
  const shown = typed !== undefined || def.required !== true || state.revealed.includes(stepOfField(path));
  const errors = shown ? (check.errors.byField.get(path) ?? NONE) : NONE;
  const warnings = check.warnings.byField.get(path) ?? NONE;
  const ids = { hintId: `${id}-hint`, errorId: `${id}-error`, warningId: `${id}-warning` };
  const describedBy = [
    errors.length > 0 ? ids.errorId : '',
    warnings.length > 0 ? ids.warningId : '',
    ids.hintId,
  ].filter(Boolean).join(' ');
  return {
    path, def, id, ...ids, value, errors, warnings, describedBy,
    setValue: (next) => dispatch({ type: 'setField', path, value: next }),
  };
}
