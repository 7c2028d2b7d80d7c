import { Field } from '../components/field.tsx';
import { appliesTo } from '../state/fields.ts';
import type { StepMeta } from '../state/step-meta.ts';
import { useWizard } from '../hooks/use-wizard.ts';

/** A step that is only its fields: Connection, Credentials, Routing, Limits. */
export function FieldsStep({ meta }: { meta: StepMeta }) {
  const { state } = useWizard();
  if (state.topology === null) {
    return <p className="notice">Choose a topology first: the questions here depend on it.</p>;
  }
  return (
    <div className="fields">
      {meta.fields
        .filter((path) => appliesTo(path, state.topology))
        .map((path) => (
          <Field key={path} path={path} />
        ))}
    </div>
  );
}
