// Where a daemon answers: a TCP address the test client reaches over the lane's
// bridge, or a Unix socket path inside a host (reached through /proc/PID/root).
import { connect } from 'node:net';

export type Endpoint = { host: string; port: number } | { path: string };

export const showEndpoint = (e: Endpoint): string =>
  'path' in e ? e.path : `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}`;

export function canConnect(target: Endpoint): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = 'path' in target ? connect(target.path) : connect(target.port, target.host);
    sock.setTimeout(1000);
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
    sock.once('timeout', () => {
      sock.destroy();
      resolve(false);
    });
  });
}
