// Asks the server for the bundle (POST /api/bundle) once per request while
// mounted, saves the tarball, and reports how it went. Renders nothing. It
// lives in the lazy server-calls chunk with react-query (issue 25: the first
// chunk holds only what the first step needs).
import { useEffect, useRef } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { AnswersInput, FieldError } from '@lmtp-wizard/schema';
import { createBundleMutationOptions } from '../api/bundle.ts';
import { ApiValidationError, ServerUnreachableError } from '../api/http.ts';
import { saveBlob } from '../lib/save-blob.ts';

export interface BundleRequest {
  /** A new id per click on "Download bundle". */
  id: number;
  input: AnswersInput;
}

export type BundleOutcome =
  | { status: 'saved'; filename: string }
  /** The server refused the answers (422): its errors, by field. */
  | { status: 'refused'; errors: readonly FieldError[] }
  /** Any other failure (network, 5xx), as a sentence. */
  | { status: 'failed'; failure: string };

function outcomeOf(error: unknown): BundleOutcome {
  if (error instanceof ApiValidationError) return { status: 'refused', errors: error.errors };
  if (error instanceof ServerUnreachableError)
    return { status: 'failed', failure: `The download failed. ${error.message}` };
  return {
    status: 'failed',
    failure: `The download failed: ${error instanceof Error ? error.message : String(error)}.`,
  };
}

export interface BundleMutationProps {
  request: BundleRequest;
  report: (id: number, outcome: BundleOutcome) => void;
}

// One options object for the page's life: useMutation hands new options to
// its observer in an effect, which would otherwise run on every render.
const OPTIONS = createBundleMutationOptions();

export function BundleMutation({ request, report }: BundleMutationProps) {
  const { mutate } = useMutation(OPTIONS);
  const started = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (started.current === request.id) return;
    started.current = request.id;
    mutate(request.input, {
      onSuccess: (file) => {
        saveBlob(file);
        report(request.id, { status: 'saved', filename: file.filename });
      },
      onError: (error) => report(request.id, outcomeOf(error)),
    });
  }, [request, mutate, report]);
  return null;
}
