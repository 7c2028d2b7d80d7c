// "Fix" and "Enter" buttons (issue 24): open the step that holds the field,
// then move focus to the field itself, after the step frame has focused its
// heading (one frame for React to commit, one for the heading's effect).
import type { Dispatch } from 'react';
import { fieldId } from '../components/field-model.ts';
import type { FieldPath } from '../state/fields.ts';
import { stepOfField } from '../state/step-meta.ts';
import type { WizardAction } from '../state/wizard-reducer.ts';

export function goToField(dispatch: Dispatch<WizardAction>, field: FieldPath): void {
  dispatch({ type: 'goTo', step: stepOfField(field) });
  dispatch({ type: 'reveal', steps: [stepOfField(field)] });
  window.requestAnimationFrame(() =>
    window.requestAnimationFrame(() => {
      const el = document.getElementById(fieldId(field));
      el?.focus();
      el?.scrollIntoView({ block: 'center' });
    }),
  );
}
