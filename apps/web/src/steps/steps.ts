// The ordered steps that drive the stepper: each one's metadata (title,
// plain-words intro, the fields it owns) plus the component that renders it.
import type { ComponentType } from 'react';
import { STEP_META, type StepId, type StepMeta } from '../state/step-meta.ts';
import { LazyFieldsStep, LazyReviewStep } from '../lazy-parts.tsx';
import { TopologyStep } from './topology-step.tsx';

export interface StepDef extends StepMeta {
  Component: ComponentType<{ meta: StepMeta }>;
}

const COMPONENTS: Partial<Record<StepId, ComponentType<{ meta: StepMeta }>>> = {
  topology: TopologyStep,
  // its own chunk (issue 25): only a person who reaches it needs it
  review: LazyReviewStep,
};

export const STEPS: readonly StepDef[] = STEP_META.map((meta) => ({
  ...meta,
  Component: COMPONENTS[meta.id] ?? LazyFieldsStep,
}));

export const stepDef = (id: StepId): StepDef => STEPS.find((s) => s.id === id) ?? (STEPS[0] as StepDef);
