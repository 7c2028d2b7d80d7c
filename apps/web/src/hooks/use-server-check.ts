// The server's verdict on the current answers, asked on the review step
// only, so typing never waits on the network. The query itself runs in
// <ServerCheckQuery>, which is mounted only while a verdict is wanted: a
// keystroke elsewhere runs no query hook at all (issue 6). The verdict is
// kept here, per input: a 422 maps to fields, and stays on them after
// leaving review until the answers change; coming back to review with the
// same answers shows it again without asking twice.
import { useCallback, useState } from 'react';
import type { AnswersInput, FieldError } from '@lmtp-wizard/schema';

export type ServerCheck =
  | { status: 'idle' | 'pending' | 'passed' }
  | { status: 'refused'; errors: readonly FieldError[] }
  | { status: 'unreachable'; message: string };

export interface ServerCheckState {
  check: ServerCheck;
  /** What <ServerCheckQuery> needs while a verdict is wanted and not known yet; undefined otherwise. */
  query: { input: AnswersInput; report: (input: AnswersInput, check: ServerCheck) => void } | undefined;
}

const IDLE: ServerCheck = { status: 'idle' };
const PENDING: ServerCheck = { status: 'pending' };

export function useServerCheck(input: AnswersInput, wanted: boolean): ServerCheckState {
  const [last, setLast] = useState<{ input: AnswersInput; check: ServerCheck } | undefined>(undefined);
  const report = useCallback((checked: AnswersInput, check: ServerCheck) => setLast({ input: checked, check }), []);
  const known = last?.input === input ? last.check : undefined;
  const settled = known !== undefined && known.status !== 'pending';
  return {
    check: settled ? known : wanted ? PENDING : IDLE,
    query: wanted && !settled ? { input, report } : undefined,
  };
}
