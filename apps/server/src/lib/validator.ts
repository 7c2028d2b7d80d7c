// Validator compiler for fastify-type-provider-zod schemas.
//
// The library's own validatorCompiler parses without `reportInput`, and
// formatIssues needs it to tell a missing field ("is required") from a wrong
// one. So we parse the same zod schema here with that flag, and turn the
// issues into the public { path, message } list at once: the raw issues (which
// quote the input, password included) never leave this function, so no error
// object that could reach a log holds request data.
import type { FastifySchemaCompiler } from 'fastify';
import { AnswersSchema, crossFieldErrorsOfPartial, formatIssues, type FieldError } from '@lmtp-wizard/schema';
import { safeParse, type $ZodType } from 'zod/v4/core';

/** A body that parsed as JSON but is not valid answers. The one error handler answers 422. */
export class AnswersValidationError extends Error {
  readonly statusCode = 422;
  readonly code = 'LMTP_INVALID_ANSWERS';
  constructor(readonly fields: FieldError[]) {
    super('The answers are not valid');
    this.name = 'AnswersValidationError';
  }
}

export const zodValidatorCompiler: FastifySchemaCompiler<$ZodType> =
  ({ schema }) =>
  (data) => {
    const result = safeParse(schema, data, { reportInput: true });
    if (result.success) return { value: result.data };
    const errors = formatIssues(result.error.issues);
    // As parseAnswers does: the cross-field rules on what parsed, so one 422
    // names every problem, not only the first wave.
    const crossField = schema === AnswersSchema ? crossFieldErrorsOfPartial(data, errors) : [];
    return { error: new AnswersValidationError([...errors, ...crossField]) };
  };
