// The step list. Any step can be opened; leaving one reveals its errors,
// which then show here as a count. Memoized: typing re-renders it only when
// an error count may have changed.
import { memo } from 'react';
import { countByStep, type IssueIndex } from '../state/issues.ts';
import type { StepId, StepMeta } from '../state/step-meta.ts';

export interface StepperProps {
  steps: readonly StepMeta[];
  current: StepId;
  revealed: readonly StepId[];
  errors: IssueIndex;
  goTo: (step: StepId) => void;
}

export const Stepper = memo(function Stepper({ steps, current, revealed, errors, goTo }: StepperProps) {
  const counts = countByStep(errors);
  return (
    <nav className="stepper" aria-label="Wizard steps">
      <ol>
        {steps.map((step, i) => {
          const isCurrent = step.id === current;
          const shown = revealed.includes(step.id) ? (counts.get(step.id) ?? 0) : 0;
          return (
            <li key={step.id}>
              <button
                type="button"
                className={isCurrent ? 'stepper-item is-current' : 'stepper-item'}
                aria-current={isCurrent ? 'step' : undefined}
                onClick={() => goTo(step.id)}
              >
                <span className="stepper-number" aria-hidden="true">
                  {i + 1}
                </span>
                <span className="stepper-title">{step.title}</span>
                {shown > 0 ? (
                  <span className="stepper-errors">{shown === 1 ? '1 error' : `${shown} errors`}</span>
                ) : null}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
});
