// Entry point: read the environment, listen, and shut down cleanly.
import { build } from './app.ts';
import { loadConfig } from './env.ts';

// Fastify's close() stops accepting connections and waits for requests in
// flight; this bound only stops a stuck request from blocking exit forever.
const SHUTDOWN_TIMEOUT_MS = 10_000;

const config = loadConfig();
const app = await build({ config });

let closing = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down after requests in flight');
  const timer = setTimeout(() => {
    app.log.error('requests still running after the shutdown timeout; exiting');
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS);
  timer.unref();
  await app.close();
  process.exit(0);
}
process.once('SIGTERM', (s) => void shutdown(s));
process.once('SIGINT', (s) => void shutdown(s));

try {
  await app.listen({ host: config.host, port: config.port });
} catch (err) {
  app.log.fatal({ err }, 'could not listen');
  process.exit(1);
}
