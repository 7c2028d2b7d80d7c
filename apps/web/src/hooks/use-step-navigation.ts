// Back and Next over the steps that apply to the chosen topology. Next
// stays put while the current step has errors: it reveals them and moves
// focus to the first one. Built once per change of the steps, the current
// step or the errors, so the stepper and Back / Next skip re-rendering while
// someone types (issue 6).
import { useMemo, type Dispatch } from 'react';
import { fieldId } from '../lib/field-id.ts';
import type { IssueIndex } from '../state/issues.ts';
import type { StepId, StepMeta } from '../state/step-meta.ts';
import type { WizardAction } from '../state/wizard-reducer.ts';
import { useWizard } from './use-wizard.ts';

export interface StepNavigation {
  index: number;
  count: number;
  previous: StepMeta | undefined;
  next: StepMeta | undefined;
  goTo: (step: StepId) => void;
  goBack: () => void;
  goNext: () => void;
}

export function useNavigationModel(
  step: StepId,
  steps: readonly StepMeta[],
  errors: IssueIndex,
  dispatch: Dispatch<WizardAction>,
): StepNavigation {
  return useMemo(() => {
    const index = Math.max(
      0,
      steps.findIndex((s) => s.id === step),
    );
    const previous = steps[index - 1];
    const next = steps[index + 1];
    const goTo = (target: StepId) => dispatch({ type: 'goTo', step: target });
    return {
      index,
      count: steps.length,
      previous,
      next,
      goTo,
      goBack: () => previous && goTo(previous.id),
      goNext: () => {
        if (!next) return;
        const blocking = errors.all.find((e) => e.step === step);
        if (blocking === undefined) return goTo(next.id);
        dispatch({ type: 'reveal', steps: [step] });
        const target = blocking.field ? fieldId(blocking.field) : 'topology-single-host';
        document.getElementById(target)?.focus();
      },
    };
  }, [step, steps, errors, dispatch]);
}

/** The navigation of the wizard in context. */
export const useStepNavigation = (): StepNavigation => useWizard().navigation;
