import { Field } from '../components/field.tsx';
import type { PlacedIssue } from '../state/issues.ts';
import { appliesTo, fieldDef } from '../state/fields.ts';
import { stepOfField, type StepMeta } from '../state/step-meta.ts';
import { useWizard } from '../hooks/use-wizard.ts';

const NONE: readonly PlacedIssue[] = [];

/** A step that is only its fields: Connection, Credentials, Routing, Limits. */
export function FieldsStep({ meta }: { meta: StepMeta }) {
  const { state, dispatch, check, defaults } = useWizard();
  if (state.topology === null) {
    return <p className="notice">Choose a topology first: the questions here depend on it.</p>;
  }
  return (
    <div className="fields">
      {meta.fields
        .filter((path) => appliesTo(path, state.topology))
        .map((path) => {
          const def = fieldDef(path);
          const typed = state.draft[path];
          // A fresh form does not open covered in "is required": a required
          // field's errors show once it is touched or its step is revealed.
          const shown = typed !== undefined || def.required !== true || state.revealed.includes(stepOfField(path));
          return (
            <Field
              key={path}
              path={path}
              value={typed ?? defaults?.[path] ?? (def.kind === 'checkbox' ? false : '')}
              errors={shown ? (check.errors.byField.get(path) ?? NONE) : NONE}
              warnings={check.warnings.byField.get(path) ?? NONE}
              dispatch={dispatch}
            />
          );
        })}
    </div>
  );
}
