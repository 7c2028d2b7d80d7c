import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AnswersSchema } from '@lmtp-wizard/schema';
import { createBundle } from '../../lib/bundle.ts';

const bundle: FastifyPluginAsyncZod<{ publicUrl: string }> = async (app, { publicUrl }) => {
  app.post(
    '/bundle',
    { schema: { body: AnswersSchema }, config: { rateLimit: app.postRateLimit } },
    async (request, reply) => {
      const { fileName, bytes } = await createBundle(request.body, publicUrl);
      return reply
        .type('application/gzip')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(bytes);
    },
  );
};

export default bundle;
