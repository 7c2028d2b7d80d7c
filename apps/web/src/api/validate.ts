import { queryOptions, skipToken } from '@tanstack/react-query';
import type { AnswersInput, FieldError } from '@lmtp-wizard/schema';
import { postJson } from './http.ts';
import { queryKeys } from './query-keys.ts';

export interface ValidateResult {
  ok: true;
  warnings: FieldError[];
}

export async function validateAnswers(input: AnswersInput, signal?: AbortSignal): Promise<ValidateResult> {
  const res = await postJson('/api/validate', input, signal);
  return (await res.json()) as ValidateResult;
}

/**
 * The server's own verdict on the answers; a 422 surfaces as
 * ApiValidationError. Without answers it is one fixed key that never
 * fetches, which is what the check observes while answers are being edited.
 */
export const createValidateQueryOptions = (input: AnswersInput | null) =>
  queryOptions({
    queryKey: queryKeys.validate(input),
    queryFn: input === null ? skipToken : ({ signal }) => validateAnswers(input, signal),
    staleTime: Infinity,
    // The key holds the answers, password included; keep it only while observed.
    gcTime: 0,
    retry: false,
  });
