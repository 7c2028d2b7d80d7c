// Logger options. Request bodies carry the SASL password, so the logger is
// built to be unable to print one: serializers pick an allow-list of fields
// (method, url, status, time) instead of removing known-bad ones, and error
// messages are dropped because JSON and zod messages can quote the input.
import type { FastifyServerOptions } from 'fastify';
import type { Config } from './env.ts';

/** Where log lines go; tests pass one to capture everything the server prints. */
export interface LogStream {
  write(line: string): void;
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  statusCode?: unknown;
  stack?: unknown;
}

/** Keeps the error's type and call sites; never its message (it may quote a body). */
export function serializeError(err: ErrorLike): { type: string; message: string; stack: string; [k: string]: unknown } {
  const frames = typeof err.stack === 'string' ? err.stack.split('\n').filter((l) => /^\s+at /.test(l)) : [];
  return {
    type: typeof err.name === 'string' ? err.name : 'Error',
    code: typeof err.code === 'string' ? err.code : undefined,
    statusCode: typeof err.statusCode === 'number' ? err.statusCode : undefined,
    message: '',
    stack: frames.join('\n'),
  };
}

export function loggerOptions(
  level: Config['logLevel'],
  stream?: LogStream,
): Exclude<NonNullable<FastifyServerOptions['logger']>, boolean> {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: serializeError,
    },
    // Second line of defence, for anything logged by hand or by a plugin
    // outside the serializers above.
    redact: {
      paths: [
        'body',
        'req.body',
        'request.body',
        'answers',
        'password',
        '*.password',
        'sasl',
        '*.sasl',
        'headers',
        'req.headers',
      ],
      censor: '[redacted]',
    },
  };
}
