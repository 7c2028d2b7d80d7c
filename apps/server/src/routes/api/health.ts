import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { GENERATOR_VERSION } from '@lmtp-wizard/generator';
import pkg from '../../../package.json' with { type: 'json' };

const health: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', async () => ({
    status: 'ok' as const,
    version: pkg.version,
    generatorVersion: GENERATOR_VERSION,
  }));
};

export default health;
