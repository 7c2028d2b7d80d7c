// The server's verdict on the current answers, asked on the review step
// only (so typing never waits on the network). A 422 maps to fields.
import { useQuery } from '@tanstack/react-query';
import type { AnswersInput, FieldError } from '@lmtp-wizard/schema';
import { ApiValidationError } from '../api/http.ts';
import { createValidateQueryOptions } from '../api/validate.ts';

export type ServerCheck =
  | { status: 'idle' | 'pending' | 'passed' }
  | { status: 'refused'; errors: readonly FieldError[] }
  | { status: 'unreachable'; message: string };

export function useServerCheck(input: AnswersInput, enabled: boolean): ServerCheck {
  const query = useQuery({ ...createValidateQueryOptions(input), enabled });
  if (!enabled) return { status: 'idle' };
  if (query.isPending) return { status: 'pending' };
  if (query.isSuccess) return { status: 'passed' };
  const { error } = query;
  return error instanceof ApiValidationError
    ? { status: 'refused', errors: error.errors }
    : { status: 'unreachable', message: error instanceof Error ? error.message : 'The server did not answer' };
}
