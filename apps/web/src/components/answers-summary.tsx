// The answers as the person gave them (defaults shown as such), grouped by
// step. The password is never echoed, only whether it is set.
import { isSecretPath } from '@lmtp-wizard/schema/secret-patterns';
import { fieldDef, isShown, type FieldPath } from '../state/fields.ts';
import { optionLabel } from '../state/field-hints.ts';
import { useWizard } from '../hooks/use-wizard.ts';
import { expandFields, typedValue } from '../state/draft.ts';

const TOPOLOGY_LABELS = {
  'single-host': 'Single host (Unix socket)',
  remote: 'Remote store (TCP + SASL)',
  murder: 'Cyrus Murder (several backends)',
} as const;

function display(path: FieldPath, value: string | boolean | undefined): string {
  const def = fieldDef(path);
  if (isSecretPath(path)) return value ? 'set (not shown)' : 'not set';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value === undefined || value.trim() === '') return def.kind === 'list' ? 'none' : 'not set';
  if (def.kind === 'select') {
    const option = def.options?.find((o) => o.value === value);
    return option ? optionLabel(path, option) : String(value);
  }
  return def.kind === 'list'
    ? value
        .split(/[\s,;]+/)
        .filter(Boolean)
        .join(', ')
    : value;
}

export function AnswersSummary() {
  const { state, steps, defaults } = useWizard();
  const groups = steps.filter((s) => s.fields.length > 0);
  return (
    <div className="summary">
      <h3>Your answers</h3>
      <dl className="summary-list">
        <div>
          <dt>Topology</dt>
          <dd>{state.topology ? TOPOLOGY_LABELS[state.topology] : 'not chosen'}</dd>
        </div>
        {groups.flatMap((step) =>
          expandFields(step.fields, state.draft)
            .filter(
              (path) =>
                state.topology !== null &&
                isShown(path, state.topology, (p) => typedValue(state.draft, p) ?? defaults?.[p]),
            )
            .map((path) => {
              const typed = typedValue(state.draft, path);
              return (
                <div key={path}>
                  <dt>{fieldDef(path).label}</dt>
                  <dd>
                    {display(path, typed ?? defaults?.[path])}
                    {typed === undefined && !fieldDef(path).required ? <span className="muted"> (default)</span> : null}
                  </dd>
                </div>
              );
            }),
        )}
      </dl>
    </div>
  );
}
