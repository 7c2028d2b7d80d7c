// A later step's intro, from the chunk of the later steps (state/step-intros.ts).
import { stepIntro } from '../state/step-intros.ts';
import type { Topology } from '../state/fields.ts';
import type { StepId } from '../state/step-meta.ts';

export function StepIntroText({ id, topology }: { id: StepId; topology: Topology | null }) {
  return <>{stepIntro(id, topology)}</>;
}
