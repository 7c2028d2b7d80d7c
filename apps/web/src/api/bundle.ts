import { mutationOptions } from '@tanstack/react-query';
import type { AnswersInput } from '@lmtp-wizard/schema';
import { postJson } from './http.ts';
import { mutationKeys } from './query-keys.ts';

export interface BundleFile {
  blob: Blob;
  filename: string;
}

const FALLBACK_NAME = 'lmtp-wizard-bundle.tar.gz';
const SAFE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;

/** The file name from Content-Disposition; anything odd falls back to a fixed name. */
export function filenameFromDisposition(header: string | null): string {
  const match = header?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
  const name = match?.[1] ? decodeURIComponent(match[1]) : '';
  return SAFE_NAME_RE.test(name) ? name : FALLBACK_NAME;
}

export async function fetchBundle(input: AnswersInput): Promise<BundleFile> {
  const res = await postJson('/api/bundle', input);
  return { blob: await res.blob(), filename: filenameFromDisposition(res.headers.get('content-disposition')) };
}

export const createBundleMutationOptions = () =>
  mutationOptions({
    mutationKey: mutationKeys.bundle(),
    mutationFn: fetchBundle,
    retry: false,
  });
