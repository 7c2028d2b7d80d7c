// Judges the answers input with the same parseAnswers the server uses, once per
// change of the draft (memoized), and folds in any server 422 for exactly
// this input. The error and warning indexes keep their identity while their
// content stays the same, so memoized components skip a keystroke that does
// not change them.
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

const NONE: readonly FieldError[] = [];
const keyOf = (lists: readonly (readonly FieldError[])[]): string =>
  lists.map((list) => list.map((e) => `${e.path}\u0000${e.message}`).join('\u0001')).join('\u0002');

/** indexIssues(...lists), rebuilt only when the issues' content changes. */
function useIndex(...lists: readonly (readonly FieldError[])[]): IssueIndex {
  const key = keyOf(lists);
  // The key holds every path and message of `lists`: it is the whole dependency.
  return useMemo(() => indexIssues(...lists), [key]);
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
  const clientErrors = result?.ok === false ? result.errors : NONE;
  const errors = useIndex(clientErrors, serverErrors);
  const warnings = useIndex(result?.ok ? result.warnings : NONE);
  return useMemo((): AnswersCheck => {
    if (result === undefined) return { input, status: 'loading', answers: undefined, errors, warnings: EMPTY_INDEX };
    if (!result.ok) return { input, status: 'invalid', answers: undefined, errors, warnings: EMPTY_INDEX };
    return { input, status: errors.all.length > 0 ? 'invalid' : 'valid', answers: result.answers, errors, warnings };
  }, [input, result, errors, warnings]);
}
