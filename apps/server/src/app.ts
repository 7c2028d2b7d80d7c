// Builds the Fastify app as a composition of plugins. No port is opened
// here: server.ts listens, tests call app.inject.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './env.ts';
import { loadConfig } from './env.ts';
import { loggerOptions, type LogStream } from './logger.ts';
import errors from './plugins/app/errors.ts';
import gracefulClose from './plugins/app/graceful-close.ts';
import jsonBody from './plugins/app/json-body.ts';
import { inlineStyleHashes } from './lib/csp.ts';
import helmet from './plugins/external/helmet.ts';
import rateLimit from './plugins/external/rate-limit.ts';
import staticFiles from './plugins/external/static.ts';
import api from './routes/api/index.ts';

export const BODY_LIMIT = 64 * 1024;

export interface BuildOptions {
  /** Settings; anything left out takes its default from an empty environment. */
  config?: Partial<Config>;
  /** Where log lines go (stdout if left out). */
  logStream?: LogStream;
}

export async function build(opts: BuildOptions = {}): Promise<FastifyInstance> {
  const config: Config = { ...loadConfig({}), ...opts.config };
  const app = Fastify({
    logger: loggerOptions(config.logLevel, opts.logStream),
    bodyLimit: BODY_LIMIT,
    // JSON.parse makes "__proto__" and "constructor" plain own keys, and the
    // strict schema then refuses them as unknown fields, naming the field
    // (422). Fastify's default would be a 400 that names nothing. No code
    // here merges request objects into others.
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
    // Closing waits for requests in flight; keep-alive sockets that sit idle
    // are closed at once so SIGTERM does not hang on them.
    forceCloseConnections: 'idle',
    // request.ip, and so the rate limit's bucket, comes from X-Forwarded-For
    // only for the proxies named here (TRUST_PROXY, off by default).
    trustProxy: config.trustProxy,
  });

  await app.register(errors);
  await app.register(jsonBody);
  await app.register(gracefulClose);
  // The built page's inline stylesheet, allowed by its hash (lib/csp.ts).
  const indexHtml = join(config.webDist, 'index.html');
  const styleHashes = existsSync(indexHtml) ? inlineStyleHashes(readFileSync(indexHtml, 'utf8')) : [];
  await app.register(helmet, { styleHashes });
  await app.register(rateLimit, config.rateLimit);
  await app.register(staticFiles, { root: config.webDist });
  await app.register(api, { prefix: '/api', publicUrl: config.publicUrl });
  return app;
}
