// During shutdown, requests in flight still get their answer, but with
// "Connection: close". Otherwise a keep-alive client holds its socket open
// after the answer and close() waits for it (up to the keep-alive timeout),
// because Fastify only closes the connections that are idle when it starts.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

async function gracefulClose(app: FastifyInstance): Promise<void> {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
}

export default fp(gracefulClose, { name: 'graceful-close' });
