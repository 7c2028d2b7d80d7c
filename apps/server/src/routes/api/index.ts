// /api/*: one file per URL. The zod validator compiler is set here, so every
// route below validates with the shared schema and fails into the one
// error handler.
import type { FastifyInstance } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { zodValidatorCompiler } from '../../lib/validator.ts';
import bundle from './bundle.ts';
import health from './health.ts';
import preview from './preview.ts';
import validate from './validate.ts';

export default async function api(app: FastifyInstance, opts: { publicUrl: string }): Promise<void> {
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(health);
  await app.register(validate);
  await app.register(preview);
  await app.register(bundle, { publicUrl: opts.publicUrl });
}
