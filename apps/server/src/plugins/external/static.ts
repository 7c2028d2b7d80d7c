// Serves the built web app at "/". Client-side routes are handled by the
// not-found handler (plugins/app/errors.ts), which answers index.html for
// page URLs; it needs reply.sendFile, which this plugin decorates.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

async function staticPlugin(app: FastifyInstance, opts: { root: string }): Promise<void> {
  if (!existsSync(join(opts.root, 'index.html'))) {
    // The API stays usable (tests, curl) when the web app is not built.
    app.log.warn('web app not found; serving the API only');
    return;
  }
  await app.register(fastifyStatic, {
    root: opts.root,
    prefix: '/',
    // Files that exist are served here; everything else (SPA fallback,
    // JSON 404) goes to the one not-found handler. Dotfiles are never build
    // output, so refusing them costs nothing.
    dotfiles: 'deny',
    // The web build writes name.br and name.gz beside each file; the plugin
    // sends the one Accept-Encoding prefers (br first), the file itself
    // otherwise, and adds Vary: Accept-Encoding to every file answer.
    preCompressed: true,
    setHeaders: (reply, path) => {
      // Vite fingerprints everything under assets/, so those never change;
      // index.html must be revalidated to pick up a new build.
      reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}

export default fp(staticPlugin, { name: 'static' });
