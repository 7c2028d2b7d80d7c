// The Plan beside the form, loaded with the import panel's chunk: only a
// page that imported a configuration pays for it.
import { memo, Suspense, type Dispatch } from 'react';
import type { PlanView } from '../../state/import.ts';
import type { IssueIndex } from '../../state/issues.ts';
import type { StepId } from '../../state/step-meta.ts';
import type { WizardAction } from '../../state/wizard-reducer.ts';
import { part } from '../../lazy-parts.tsx';

const PlanPanel = part(() => import('./plan-panel.tsx').then((m) => m.default));

export interface PlanRegionProps {
  plan: PlanView | undefined;
  goTo: (step: StepId) => void;
  /** The answers that decide the conflicts (routing) have been given: only then may the Plan say "No conflicts". */
  decided: boolean;
  /** While there is no plan: what it waits for, by label (issue 24). */
  errors: IssueIndex;
  dispatch: Dispatch<WizardAction>;
}

export const PlanRegion = memo(function PlanRegion(props: PlanRegionProps) {
  return (
    <Suspense fallback={<p className="preview-status">Loading the plan…</p>}>
      <PlanPanel {...props} />
    </Suspense>
  );
});
