// The step list. Any step can be opened; leaving one reveals its errors,
// which then show here as a count.
import { countByStep } from '../state/issues.ts';
import { useStepNavigation } from '../hooks/use-step-navigation.ts';
import { useWizard } from '../hooks/use-wizard.ts';

export function Stepper() {
  const { state, steps, check } = useWizard();
  const { goTo } = useStepNavigation();
  const counts = countByStep(check.errors);
  return (
    <nav className="stepper" aria-label="Wizard steps">
      <ol>
        {steps.map((step, i) => {
          const current = step.id === state.step;
          const errors = state.revealed.includes(step.id) ? (counts.get(step.id) ?? 0) : 0;
          return (
            <li key={step.id}>
              <button
                type="button"
                className={current ? 'stepper-item is-current' : 'stepper-item'}
                aria-current={current ? 'step' : undefined}
                onClick={() => goTo(step.id)}
              >
                <span className="stepper-number" aria-hidden="true">
                  {i + 1}
                </span>
                <span className="stepper-title">{step.title}</span>
                {errors > 0 ? (
                  <span className="stepper-errors">
                    {errors === 1 ? '1 error' : `${errors} errors`}
                  </span>
                ) : null}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
