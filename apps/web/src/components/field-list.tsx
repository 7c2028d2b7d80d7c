// The fields of one step that apply to the chosen topology, each a memoized
// <Field> fed by props, so a keystroke re-renders only the field it changed.
import { useState } from 'react';
import { Field } from './field.tsx';
import { fieldId } from './field-model.ts';
import type { PlacedIssue } from '../state/issues.ts';
import { fieldDef, isShown, type FieldPath } from '../state/fields.ts';
import { stepOfField } from '../state/step-meta.ts';
import { isEmptiedDefault, typedValue, type Draft } from '../state/draft.ts';
import { useWizard } from '../hooks/use-wizard.ts';

const NONE: readonly PlacedIssue[] = [];

/** The form's further MX slots (MX host 2 and 3). */
const MX_SLOTS = 2;
const mxSlotOf = (path: string): number | undefined => {
  const m = /^extraMx\.(\d+)\./.exec(path);
  return m ? Number(m[1]) : undefined;
};
/** How many further MX slots hold anything: the last one typed in, imported or restored from a link, counts up to it. */
function usedMxSlots(draft: Draft): number {
  let used = 0;
  for (const [path, value] of Object.entries(draft)) {
    const slot = mxSlotOf(path);
    if (slot !== undefined && typeof value === 'string' && value.trim() !== '') used = Math.max(used, slot + 1);
  }
  return used;
}

/** `hints`: the help texts of these fields that are not in fields.ts (field-hints.ts, loaded with the later steps). */
export function FieldList({ fields, hints }: { fields: readonly FieldPath[]; hints?: Partial<Record<FieldPath, string>> }) {
  const { state, dispatch, check, defaults, imports } = useWizard();
  // Issue 24: a further MX slot shows once it is used or added, not always (the step was 3,400 px tall).
  const [added, setAdded] = useState(0);
  const mxShown = state.topology === 'remote' ? Math.min(MX_SLOTS, Math.max(added, usedMxSlots(state.draft))) : 0;
  const lastMxField = [...fields].reverse().find((path) => mxSlotOf(path) !== undefined);
  const addMx = () => {
    setAdded(mxShown + 1);
    const id = fieldId(`extraMx.${mxShown}.host`);
    window.requestAnimationFrame(() => document.getElementById(id)?.focus());
  };
  const mxVisible = (path: FieldPath): boolean => {
    const slot = mxSlotOf(path);
    if (slot !== undefined) return slot < mxShown;
    // "One SASL user for every MX host" means something only with a further MX.
    return path !== 'sasl.sharedUser' || mxShown > 0 || state.draft[path] === true;
  };
  return (
    <div className="fields">
      {fields
        .filter((path) => mxVisible(path) || path === lastMxField)
        .filter((path) => isShown(path, state.topology, (p) => typedValue(state.draft, p) ?? defaults?.[p]))
        .map((path) => {
          if (path === lastMxField && !mxVisible(path)) {
            return state.topology === 'remote' && mxShown < MX_SLOTS ? (
              <div key="add-mx" className="add-slot">
                <button type="button" className="button secondary" onClick={addMx}>
                  Add an MX host
                </button>
                <p className="field-hint">
                  {mxShown === 0
                    ? 'Only if another Postfix host, such as a backup MX, delivers to the same store: it gets a folder of its own, and the store admits it too.'
                    : `Up to ${MX_SLOTS} further MX hosts here.`}
                </p>
              </div>
            ) : null;
          }
          const def = fieldDef(path);
          const typed = state.draft[path];
          // A fresh form does not open covered in "is required": a required
          // field's errors show once it is touched or its step is revealed.
          const shown = typed !== undefined || def.required !== true || state.revealed.includes(stepOfField(path));
          const fallback = defaults?.[path];
          const placeholder =
            isEmptiedDefault(path, typed) && typeof fallback === 'string' && fallback !== '' ? `${fallback} (default)` : undefined;
          return (
            <Field
              key={path}
              path={path}
              value={typed ?? defaults?.[path] ?? (def.kind === 'checkbox' ? false : '')}
              errors={shown ? (check.errors.byField.get(path) ?? NONE) : NONE}
              warnings={check.warnings.byField.get(path) ?? NONE}
              dispatch={dispatch}
              origin={imports.marks.get(path)}
              conflicts={imports.conflicts.get(path)}
              placeholder={placeholder}
              hint={hints?.[path]}
            />
          );
        })}
    </div>
  );
}
