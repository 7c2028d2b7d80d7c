// Back and Next over the steps that apply to the chosen topology. Next
// stays put while the current step has errors: it reveals them and moves
// focus to the first one.
import { fieldId } from './use-field.ts';
import { useWizard } from './use-wizard.ts';
import type { StepId, StepMeta } from '../state/step-meta.ts';

export interface StepNavigation {
  index: number;
  count: number;
  previous: StepMeta | undefined;
  next: StepMeta | undefined;
  goTo: (step: StepId) => void;
  goBack: () => void;
  goNext: () => void;
}

export function useStepNavigation(): StepNavigation {
  const { state, dispatch, steps, check } = useWizard();
  const index = Math.max(0, steps.findIndex((s) => s.id === state.step));
  const previous = steps[index - 1];
  const next = steps[index + 1];
  const goTo = (step: StepId) => dispatch({ type: 'goTo', step });
  return {
    index,
    count: steps.length,
    previous,
    next,
    goTo,
    goBack: () => previous && goTo(previous.id),
    goNext: () => {
      if (!next) return;
      const blocking = check.errors.all.find((e) => e.step === state.step);
      if (blocking === undefined) return goTo(next.id);
      dispatch({ type: 'reveal', steps: [state.step] });
      const target = blocking.field ? fieldId(blocking.field) : 'topology-single-host';
      document.getElementById(target)?.focus();
    },
  };
}
