// Query keys in one place, never typed by hand in a component.
import type { AnswersInput } from '@lmtp-wizard/schema';

export const queryKeys = {
  validate: (input: AnswersInput) => ['validate', input] as const,
  health: () => ['health'] as const,
};

export const mutationKeys = {
  bundle: () => ['bundle'] as const,
};
