// Only JSON bodies are accepted. Fastify also parses text/plain by default,
// which would turn a wrong content type into a confusing 422; without that
// parser, anything but application/json gets 415.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

async function jsonBody(app: FastifyInstance): Promise<void> {
  app.removeContentTypeParser('text/plain');
}

export default fp(jsonBody, { name: 'json-body' });
