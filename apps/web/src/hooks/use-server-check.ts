// The server's verdict on the current answers, asked on the review step
// only (so typing never waits on the network). A 422 maps to fields, and
// stays on them after leaving review until the answers change.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { AnswersInput, FieldError } from '@lmtp-wizard/schema';
import { ApiValidationError } from '../api/http.ts';
import { createValidateQueryOptions } from '../api/validate.ts';

export type ServerCheck =
  | { status: 'idle' | 'pending' | 'passed' }
  | { status: 'refused'; errors: readonly FieldError[] }
  | { status: 'unreachable'; message: string };

export function useServerCheck(input: AnswersInput, enabled: boolean): ServerCheck {
  // The input last sent for checking. While typing elsewhere the query
  // sits on one idle key, so keystrokes add no cache entries.
  const [checked, setChecked] = useState<AnswersInput | undefined>(undefined);
  if (enabled && checked !== input) setChecked(input);
  const current = checked === input;
  const query = useQuery({ ...createValidateQueryOptions(current ? input : null), enabled: enabled && current });
  if (!current || query.isPending) return { status: enabled && current ? 'pending' : 'idle' };
  if (query.isSuccess) return { status: 'passed' };
  const { error } = query;
  return error instanceof ApiValidationError
    ? { status: 'refused', errors: error.errors }
    : { status: 'unreachable', message: error instanceof Error ? error.message : 'The server did not answer' };
}
