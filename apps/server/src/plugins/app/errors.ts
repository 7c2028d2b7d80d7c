// The one error handler and the one not-found handler.
//
// Every failure answers { ok: false, errors: [{ path, message }] }, the
// shape the UI shows next to fields. Messages are ours, chosen by error code:
// framework messages are never echoed, since a JSON parse error can quote
// the body (and so the password). 5xx answers say nothing about internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SerializeError } from '@lmtp-wizard/generator';
import type { FieldError } from '@lmtp-wizard/schema';
import { AnswersValidationError } from '../../lib/validator.ts';

const MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The body is empty; send the answers as a JSON object',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The body is larger than 64 KiB',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the answers with Content-Type: application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body',
};

const STATUS_MESSAGES: Record<number, string> = {
  403: 'Forbidden',
  404: 'No such endpoint',
  413: 'The body is larger than 64 KiB',
  415: 'Send the answers with Content-Type: application/json',
  429: 'Too many requests; wait a moment and try again',
  503: 'The server is shutting down; try again',
};

export interface ErrorBody {
  ok: false;
  errors: FieldError[];
}

const body = (message: string): ErrorBody => ({ ok: false, errors: [{ path: '', message }] });

function handleError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): ErrorBody {
  if (err instanceof AnswersValidationError) {
    reply.code(422);
    return { ok: false, errors: err.fields };
  }
  if (err instanceof SerializeError) {
    // The schema let through a value a serializer refuses: a schema bug, but
    // still a bad value from the client. Name the field; the generator's
    // message may quote the value, so it is neither sent nor logged.
    request.log.warn({ field: err.field }, 'serializer refused a value the schema accepted');
    reply.code(422);
    return {
      ok: false,
      errors: [{ path: err.field, message: 'This value cannot be written safely into the configuration' }],
    };
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Rate-limit errors carry Retry-After and friends.
    const headers = (err as { headers?: Record<string, string> }).headers;
    if (headers) reply.headers(headers);
    reply.code(status);
    return body((err.code && MESSAGES[err.code]) || STATUS_MESSAGES[status] || 'Bad request');
  }
  request.log.error({ err }, 'request failed');
  reply.code(status < 600 ? status : 500);
  return body(STATUS_MESSAGES[status] ?? 'Internal error; the details are in the server log');
}

const API_PATH = /^\/api(?:[/?]|$)/;
// Page URLs of the single-page app: GET/HEAD, outside /api, and without a
// file extension, so a missing /assets/x.js is a 404 and not HTML.
const isPageRequest = (request: FastifyRequest) =>
  (request.method === 'GET' || request.method === 'HEAD') &&
  !API_PATH.test(request.url) &&
  !/\.[^/]*$/.test(request.url.split('?')[0] ?? '');

async function errors(app: FastifyInstance): Promise<void> {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    if (isPageRequest(request) && app.hasReplyDecorator('sendFile')) return reply.sendFile('index.html');
    reply.code(404);
    return body(STATUS_MESSAGES[404] ?? 'Not found');
  });
}

export default fp(errors, { name: 'errors' });
