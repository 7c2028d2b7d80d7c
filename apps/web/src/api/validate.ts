import { queryOptions } from '@tanstack/react-query';
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

/** The server's own verdict on the answers; a 422 surfaces as ApiValidationError. */
export const createValidateQueryOptions = (input: AnswersInput) =>
  queryOptions({
    queryKey: queryKeys.validate(input),
    queryFn: ({ signal }) => validateAnswers(input, signal),
    staleTime: Infinity,
    // The key holds the answers, password included; keep it only while shown.
    gcTime: 0,
    retry: false,
  });
