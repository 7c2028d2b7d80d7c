// Query keys in one place, never typed by hand in a component.
import type { AnswersInput } from '@lmtp-wizard/schema';

export const queryKeys = {
  validate: (input: AnswersInput | null) => ['validate', input] as const,
};

export const mutationKeys = {
  bundle: () => ['bundle'] as const,
};
