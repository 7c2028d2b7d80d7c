// The fields of one step that apply to the chosen topology, each a memoized
// <Field> fed by props, so a keystroke re-renders only the field it changed.
import { Field } from './field.tsx';
import type { PlacedIssue } from '../state/issues.ts';
import { fieldDef, isShown, type FieldPath } from '../state/fields.ts';
import { stepOfField } from '../state/step-meta.ts';
import { isEmptiedDefault, typedValue } from '../state/draft.ts';
import { useWizard } from '../hooks/use-wizard.ts';

const NONE: readonly PlacedIssue[] = [];

/** `hints`: the help texts of these fields that are not in fields.ts (field-hints.ts, loaded with the later steps). */
export function FieldList({ fields, hints }: { fields: readonly FieldPath[]; hints?: Partial<Record<FieldPath, string>> }) {
  const { state, dispatch, check, defaults, imports } = useWizard();
  return (
    <div className="fields">
      {fields
        .filter((path) => isShown(path, state.topology, (p) => typedValue(state.draft, p) ?? defaults?.[p]))
        .map((path) => {
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
