import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AnswersSchema } from '@lmtp-wizard/schema';
import { createPreview } from '../../lib/bundle.ts';

const preview: FastifyPluginAsyncZod = async (app) => {
  app.post('/preview', { schema: { body: AnswersSchema }, config: { rateLimit: app.postRateLimit } }, async (request) =>
    createPreview(request.body),
  );
};

export default preview;
