// Judges the answers input with the same parseAnswers the server uses, once per
// change of the draft (memoized), and folds in any server 422 for exactly
// this input.
import { useMemo } from 'react';
import type { Answers, AnswersInput, FieldError } from '@lmtp-wizard/schema';
import type { EngineState } from './use-engine.ts';
import { EMPTY_INDEX, indexIssues, type IssueIndex } from '../state/issues.ts';

export interface AnswersCheck {
  input: AnswersInput;
  status: 'loading' | 'valid' | 'invalid';
  answers: Answers | undefined;
  errors: IssueIndex;
  warnings: IssueIndex;
}

export function useAnswersCheck(
  engine: EngineState,
  input: AnswersInput,
  serverErrors: readonly FieldError[],
): AnswersCheck {
  const result = useMemo(
    () => (engine.status === 'ready' ? engine.engine.parseAnswers(input) : undefined),
    [engine, input],
  );
  return useMemo((): AnswersCheck => {
    if (result === undefined) {
      return { input, status: 'loading', answers: undefined, errors: indexIssues(serverErrors), warnings: EMPTY_INDEX };
    }
    if (!result.ok) {
      return { input, status: 'invalid', answers: undefined, errors: indexIssues(result.errors, serverErrors), warnings: EMPTY_INDEX };
    }
    const errors = indexIssues(serverErrors);
    return {
      input,
      status: errors.all.length > 0 ? 'invalid' : 'valid',
      answers: result.answers,
      errors,
      warnings: indexIssues(result.warnings),
    };
  }, [input, result, serverErrors]);
}
