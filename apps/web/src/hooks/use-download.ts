// The download is the server's tarball (POST /api/bundle), saved under the
// server's file name. A 422 keeps its field errors for the form, but only
// while the answers are still the ones that were sent.
import { useMutation } from '@tanstack/react-query';
import type { AnswersInput, FieldError } from '@lmtp-wizard/schema';
import { createBundleMutationOptions } from '../api/bundle.ts';
import { ApiValidationError, ServerUnreachableError } from '../api/http.ts';
import { saveBlob } from '../lib/save-blob.ts';

export interface Download {
  start: (input: AnswersInput) => void;
  status: 'idle' | 'pending' | 'saved' | 'failed';
  filename: string | undefined;
  /** A failure other than refused answers (network, 5xx), as a sentence. */
  failure: string | undefined;
  fieldErrorsFor: (input: AnswersInput) => readonly FieldError[];
}

const NONE: readonly FieldError[] = [];

// One options object for the page's life: useMutation hands new options to
// its observer in an effect, which would otherwise run on every keystroke.
const OPTIONS = { ...createBundleMutationOptions(), onSuccess: saveBlob };

export function useDownload(): Download {
  const mutation = useMutation(OPTIONS);
  const { error, variables } = mutation;
  const refused = error instanceof ApiValidationError ? error.errors : NONE;
  return {
    start: (input) => mutation.mutate(input),
    status: mutation.isPending ? 'pending' : mutation.isSuccess ? 'saved' : mutation.isError ? 'failed' : 'idle',
    filename: mutation.data?.filename,
    failure:
      error instanceof ServerUnreachableError
        ? `The download failed. ${error.message}`
        : error && !(error instanceof ApiValidationError)
          ? `The download failed: ${error.message}.`
          : undefined,
    fieldErrorsFor: (input) => (variables === input ? refused : NONE),
  };
}
