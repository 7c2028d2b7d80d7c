// The fields of one step that apply to the chosen topology, each a memoized
// <Field> fed by props, so a keystroke re-renders only the field it changed.
// A list's slots (issue 24) come one per item of the answers: one group of
// fields per further MX host, one proxy password per backend.
import type { ReactNode } from 'react';
import { isSecretPath } from '@lmtp-wizard/schema/secret-patterns';
import { Field } from './field.tsx';
import type { PlacedIssue } from '../state/issues.ts';
import {
  appliesTo,
  backendSlotPath,
  fieldDef,
  isShown,
  mxSlotPath,
  slotPaths,
  type FieldPath,
  type SlotGroup,
} from '../state/fields.ts';
import { fieldId } from './field-model.ts';
import { stepOfField, type StepField } from '../state/step-meta.ts';
import { isEmptiedDefault, slotCount, splitList, typedValue } from '../state/draft.ts';
import { useWizard } from '../hooks/use-wizard.ts';

const NONE: readonly PlacedIssue[] = [];

const isGroup = (f: StepField): f is SlotGroup => f.endsWith('.*');

function useFieldRenderer(hints?: (path: FieldPath) => string | undefined): (path: FieldPath) => ReactNode {
  const { state, dispatch, check, defaults, imports } = useWizard();
  return (path) => {
    if (!isShown(path, state.topology, (p) => typedValue(state.draft, p) ?? defaults?.[p])) return null;
    // "One SASL user for every MX host" means something only once there is a further MX.
    if (path === 'sasl.sharedUser' && slotCount(state.draft, 'extraMx.*') === 0 && state.draft[path] !== true)
      return null;
    const def = fieldDef(path);
    const typed = state.draft[path];
    // A fresh form does not open covered in "is required": a required
    // field's errors, and a password's, show once it is touched or its step
    // is revealed (issue 24: no red password slots before anything is typed).
    const shown =
      typed !== undefined ||
      (def.required !== true && !isSecretPath(path)) ||
      state.revealed.includes(stepOfField(path));
    const fallback = defaults?.[path];
    const placeholder =
      isEmptiedDefault(path, typed) && typeof fallback === 'string' && fallback !== ''
        ? `${fallback} (default)`
        : undefined;
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
        hint={hints?.(path)}
      />
    );
  };
}

/** One group of fields per further MX host, each with its Remove button, and the button that adds one. */
function MxSlots({ render }: { render: (path: FieldPath) => ReactNode }) {
  const { state, dispatch } = useWizard();
  if (!appliesTo(mxSlotPath(0, 'host'), state.topology)) return null;
  const count = slotCount(state.draft, 'extraMx.*');
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of fieldsets under a heading of the step's outline; a fieldset's legend would take the heading out of it
    <div className="slots" role="group" aria-labelledby="mx-slots-title">
      <h3 id="mx-slots-title" className="slots-title">
        Further MX hosts
      </h3>
      <p className="field-hint">
        {count === 0
          ? 'None: only the Postfix host above delivers to the store. Add one for each further Postfix host that delivers to the same store.'
          : `${count === 1 ? '1 further MX host' : `${count} further MX hosts`} besides the Postfix host above; each gets a folder of its own.`}
      </p>
      {Array.from({ length: count }, (_, i) => {
        const host = state.draft[`extraMx.${i}.host`];
        const name = `MX host ${i + 2}`;
        return (
          <fieldset key={i} className="slot">
            <legend>
              {name}
              {typeof host === 'string' && host.trim() !== '' ? `: ${host.trim()}` : ''}
            </legend>
            {slotPaths('extraMx.*', i + 1)
              .slice(i * 4)
              .map(render)}
            <button
              type="button"
              className="button secondary"
              onClick={() => dispatch({ type: 'removeSlot', group: 'extraMx.*', index: i })}
            >
              Remove {name}
            </button>
          </fieldset>
        );
      })}
      {count < 20 ? (
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            dispatch({ type: 'addMx' });
            // The new slot's first field takes the focus once React has drawn it.
            const id = fieldId(mxSlotPath(count, 'host'));
            window.requestAnimationFrame(() =>
              window.requestAnimationFrame(() => document.getElementById(id)?.focus()),
            );
          }}
        >
          Add an MX host
        </button>
      ) : null}
    </div>
  );
}

/** One proxy password per line of "Backend hosts", in its order. */
function BackendSlots({ render }: { render: (path: FieldPath) => ReactNode }) {
  const { state } = useWizard();
  if (!appliesTo(backendSlotPath(0), state.topology)) return null;
  const backends = splitList(
    typeof state.draft['murder.backends'] === 'string' ? (state.draft['murder.backends'] as string) : '',
  );
  if (backends.length === 0) {
    return (
      <p className="field-hint">
        Each backend listed under “Backend hosts” on the Connection step gets its own proxy password field here.
      </p>
    );
  }
  return <>{slotPaths('murder.backendPasswords.*', slotCount(state.draft, 'murder.backendPasswords.*')).map(render)}</>;
}

/** `hints`: the help texts of these fields that are not in fields.ts (field-hints.ts, loaded with the later steps). */
export function FieldList({
  fields,
  hints,
}: {
  fields: readonly StepField[];
  hints?: (path: FieldPath) => string | undefined;
}) {
  const render = useFieldRenderer(hints);
  return (
    <div className="fields">
      {fields.map((f) =>
        !isGroup(f) ? (
          render(f)
        ) : f === 'extraMx.*' ? (
          <MxSlots key={f} render={render} />
        ) : (
          <BackendSlots key={f} render={render} />
        ),
      )}
    </div>
  );
}
