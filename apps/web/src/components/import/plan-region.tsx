// The Plan beside the form, loaded with the import panel's chunk: only a
// page that imported a configuration pays for it.
import { lazy, memo, Suspense } from 'react';
import type { PlanView } from '../../state/import.ts';
import type { StepId } from '../../state/step-meta.ts';

const PlanPanel = lazy(() => import('./plan-panel.tsx'));

export const PlanRegion = memo(function PlanRegion({ plan, goTo }: { plan: PlanView | undefined; goTo: (step: StepId) => void }) {
  return (
    <Suspense fallback={<p className="preview-status">Loading the plan…</p>}>
      <PlanPanel plan={plan} goTo={goTo} />
    </Suspense>
  );
});
