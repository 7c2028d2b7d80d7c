// The ordered steps that drive the stepper: each one's metadata (title,
// plain-words intro, the fields it owns) plus the component that renders it.
import type { ComponentType } from 'react';
import { STEP_META, type StepId, type StepMeta } from '../state/step-meta.ts';
import { FieldsStep } from './fields-step.tsx';
import { ReviewStep } from './review-step.tsx';
import { TopologyStep } from './topology-step.tsx';

export interface StepDef extends StepMeta {
  Component: ComponentType<{ meta: StepMeta }>;
}

const COMPONENTS: Partial<Record<StepId, ComponentType<{ meta: StepMeta }>>> = {
  topology: TopologyStep,
  review: ReviewStep,
};

export const STEPS: readonly StepDef[] = STEP_META.map((meta) => ({
  ...meta,
  Component: COMPONENTS[meta.id] ?? FieldsStep,
}));

export const stepDef = (id: StepId): StepDef => STEPS.find((s) => s.id === id) ?? (STEPS[0] as StepDef);
