// One fetch wrapper: every non-2xx answer throws. A 422 throws
// ApiValidationError with the server's field errors, so the form can show
// them next to the same fields the client-side schema uses.
import type { FieldError } from '@lmtp-wizard/schema';

export class ApiError extends Error {
  override readonly name: string = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class ApiValidationError extends ApiError {
  override readonly name = 'ApiValidationError';
  constructor(readonly errors: readonly FieldError[]) {
    super(422, `The server refused ${errors.length} answer${errors.length === 1 ? '' : 's'}`);
  }
}

/**
 * fetch() rejects with a bare TypeError ("Failed to fetch" in Chromium,
 * "NetworkError…" in Firefox) when nothing answers: the server is down or
 * the network is. That wording means nothing to the person, so it becomes
 * this sentence; an abort stays an abort.
 */
export class ServerUnreachableError extends ApiError {
  override readonly name = 'ServerUnreachableError';
  constructor() {
    super(0, 'The wizard’s server cannot be reached: it may be stopped or restarting, or this computer is offline.');
  }
}

const isFieldErrorList = (value: unknown): value is FieldError[] =>
  Array.isArray(value) &&
  value.every(
    (e) => typeof e === 'object' && e !== null && typeof e.path === 'string' && typeof e.message === 'string',
  );

async function readProblem(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (res.status === 422 && isFieldErrorList(record.errors)) return new ApiValidationError(record.errors);
  const message = typeof record.message === 'string' ? record.message : res.statusText || 'Request failed';
  return new ApiError(res.status, `${message} (HTTP ${res.status})`);
}

export async function postJson(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: signal ?? null,
    });
  } catch (error) {
    if (error instanceof TypeError) throw new ServerUnreachableError();
    throw error;
  }
  if (!res.ok) throw await readProblem(res);
  return res;
}
