// A later step's intro, from the chunk of the later steps (state/step-intros.ts).
import { stepIntro } from '../state/step-intros.ts';
import type { Topology } from '../state/fields.ts';
import type { StepId } from '../state/step-meta.ts';

// The text itself, with no element of its own (and so no JSX runtime in this chunk, which has 1 kB).
export function StepIntroText({ id, topology }: { id: StepId; topology: Topology | null }) {
  return stepIntro(id, topology);
}
