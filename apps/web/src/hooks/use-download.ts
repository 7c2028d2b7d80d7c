// The download is the server's tarball (POST /api/bundle), saved under the
// server's file name. A 422 keeps its field errors for the form, but only
// while the answers are still the ones that were sent. The request itself
// runs in <BundleMutation> (the lazy server-calls chunk, with react-query),
// mounted while a download is pending; this hook keeps how it ended.
import { useCallback, useState } from 'react';
import type { AnswersInput, FieldError } from '@lmtp-wizard/schema';
import type { BundleMutationProps, BundleOutcome, BundleRequest } from '../components/bundle-mutation.tsx';

export interface Download {
  start: (input: AnswersInput) => void;
  status: 'idle' | 'pending' | 'saved' | 'failed';
  filename: string | undefined;
  /** A failure other than refused answers (network, 5xx), as a sentence. */
  failure: string | undefined;
  fieldErrorsFor: (input: AnswersInput) => readonly FieldError[];
  /** Props for <BundleMutation> while a download is pending; undefined otherwise. */
  call: BundleMutationProps | undefined;
}

const NONE: readonly FieldError[] = [];

export function useDownload(): Download {
  const [run, setRun] = useState<{ request: BundleRequest; outcome?: BundleOutcome } | undefined>(undefined);
  const start = useCallback(
    (input: AnswersInput) => setRun((r) => ({ request: { id: (r?.request.id ?? 0) + 1, input } })),
    [],
  );
  const report = useCallback(
    (id: number, outcome: BundleOutcome) => setRun((r) => (r && r.request.id === id ? { ...r, outcome } : r)),
    [],
  );
  const outcome = run?.outcome;
  const refused = outcome?.status === 'refused' ? outcome.errors : NONE;
  const variables = run?.request.input;
  return {
    start,
    status:
      run === undefined ? 'idle' : outcome === undefined ? 'pending' : outcome.status === 'saved' ? 'saved' : 'failed',
    filename: outcome?.status === 'saved' ? outcome.filename : undefined,
    failure: outcome?.status === 'failed' ? outcome.failure : undefined,
    fieldErrorsFor: (input) => (variables === input ? refused : NONE),
    call: run && outcome === undefined ? { request: run.request, report } : undefined,
  };
}
