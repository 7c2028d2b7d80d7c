// Rate limit for the POST routes, which generate and pack on every call.
// The plugin is registered with global: false; a route opts in with
// `config: { rateLimit: app.postRateLimit }`. With max 0 the plugin is not
// registered at all, so benchmarks measure the server, not the limiter.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../env.ts';

export interface PostRateLimit {
  max: number;
  timeWindow: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Per-route limit for POST routes, or false when limiting is off. */
    postRateLimit: PostRateLimit | false;
  }
}

async function rateLimitPlugin(app: FastifyInstance, opts: Config['rateLimit']): Promise<void> {
  if (opts.max === 0) {
    app.decorate('postRateLimit', false);
    return;
  }
  await app.register(rateLimit, { global: false });
  app.decorate('postRateLimit', { max: opts.max, timeWindow: opts.windowMs });
}

export default fp(rateLimitPlugin, { name: 'rate-limit' });
