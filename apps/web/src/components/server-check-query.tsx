// Asks the server to check the answers (POST /api/validate) while mounted,
// and reports each change of its verdict. Renders nothing.
import { useEffect, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { AnswersInput } from '@lmtp-wizard/schema';
import { ApiValidationError, ServerUnreachableError } from '../api/http.ts';
import { createValidateQueryOptions } from '../api/validate.ts';
import type { ServerCheck } from '../hooks/use-server-check.ts';

export interface ServerCheckQueryProps {
  input: AnswersInput;
  report: (input: AnswersInput, check: ServerCheck) => void;
}

export function ServerCheckQuery({ input, report }: ServerCheckQueryProps) {
  const { isPending, isSuccess, error } = useQuery(createValidateQueryOptions(input));
  const check = useMemo((): ServerCheck => {
    if (isPending) return { status: 'pending' };
    if (isSuccess) return { status: 'passed' };
    return error instanceof ApiValidationError
      ? { status: 'refused', errors: error.errors }
      : {
          status: 'unreachable',
          message:
            error instanceof ServerUnreachableError
              ? error.message
              : `The wizard’s server did not answer as expected (${error instanceof Error ? error.message : 'no answer'}).`,
        };
  }, [isPending, isSuccess, error]);
  useEffect(() => report(input, check), [input, check, report]);
  return null;
}
