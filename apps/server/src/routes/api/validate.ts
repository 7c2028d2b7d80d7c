import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AnswersSchema, answerWarnings } from '@lmtp-wizard/schema';

// Invalid answers never reach the handler: the validator compiler rejects
// them and the one error handler answers 422 with the field list.
const validate: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/validate',
    { schema: { body: AnswersSchema }, config: { rateLimit: app.postRateLimit } },
    async (request) => ({
      ok: true as const,
      warnings: answerWarnings(request.body),
    }),
  );
};

export default validate;
