import { FieldList } from '../components/field-list.tsx';
import { hintOf } from '../state/field-hints.ts';
import type { StepMeta } from '../state/step-meta.ts';
import { useWizard } from '../hooks/use-wizard.ts';

/** A step that is only its fields: Connection, Credentials, Routing, Limits. A chunk of its own, with their hints. */
export function FieldsStep({ meta }: { meta: StepMeta }) {
  const { state } = useWizard();
  if (state.topology === null) {
    return <p className="notice">Choose a topology first: the questions here depend on it.</p>;
  }
  return <FieldList fields={meta.fields} hints={hintOf} />;
}
