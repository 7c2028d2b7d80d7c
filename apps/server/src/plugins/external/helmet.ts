// Security headers with a strict CSP: the built web app loads only its own
// scripts and styles, no inline code and no eval. Anything the app needs
// beyond 'self' must be added here on purpose, never with unsafe-*. The one
// addition: the built index.html's own <style> element, by its hash
// (lib/csp.ts), so the first paint needs no stylesheet request.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface HelmetOptions {
  /** 'sha256-…' sources of the inline <style> elements of index.html. */
  styleHashes?: readonly string[];
}

async function helmetPlugin(app: FastifyInstance, opts: HelmetOptions): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", ...(opts.styleHashes ?? [])],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // No upgrade-insecure-requests: the wizard is served over plain HTTP
        // on 127.0.0.1 or a LAN address, where upgrading would break it.
      },
    },
    // Match frame-ancestors 'none' for browsers that only read X-Frame-Options.
    frameguard: { action: 'deny' },
    // The rest are helmet's defaults: COOP/CORP same-origin, nosniff,
    // no-referrer, HSTS (ignored by browsers over plain HTTP).
  });
}

export default fp(helmetPlugin, { name: 'helmet' });
