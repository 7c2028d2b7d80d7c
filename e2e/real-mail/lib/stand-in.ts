// Stand-ins for what a brownfield server already talks to (issue 10): another
// LMTP store (Dovecot, say) on a Unix socket inside the host, or a relay that
// demands AUTH with the admin's old credentials, on the lane's client address.
// They run in the test process and record every message they accept, so a
// scenario can prove the existing route works before and after apply.sh.
// Only what Postfix's lmtp(8) and smtp(8) clients send is understood.
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { onCleanup } from './containers/cleanup.ts';
import { waitFor } from './sh.ts';

export interface StandInOptions {
  /** a Unix socket path (as the test process sees it) or a TCP address */
  listen: { path: string } | { host: string; port: number };
  protocol: 'lmtp' | 'smtp';
  /** when set, MAIL is refused with 530 until AUTH PLAIN or LOGIN gave exactly these */
  auth?: { user: string; password: string };
}

export interface StandIn {
  /** every accepted message (DATA), as received */
  messages: string[];
  /** every AUTH attempt, "user ok" or "user refused" */
  logins: string[];
  /** waits until a message holding `needle` (a Message-ID) arrived */
  waitFor(needle: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const b64 = (s: string): string => Buffer.from(s, 'base64').toString('latin1');

function session(sock: Socket, o: StandInOptions, s: StandIn): void {
  let buf = '';
  let authed = !o.auth;
  let rcpts = 0;
  let data: string[] | undefined;
  let pending: ((line: string) => void) | undefined;
  const say = (...lines: string[]): void => void sock.write(lines.map((l) => `${l}\r\n`).join(''));
  const login = (user: string, password: string): void => {
    authed = user === o.auth?.user && password === o.auth?.password;
    s.logins.push(`${user} ${authed ? 'ok' : 'refused'}`);
    say(authed ? '235 2.7.0 Authentication successful' : '535 5.7.8 Authentication credentials invalid');
  };
  const line = (l: string): void => {
    if (pending) {
      const p = pending;
      pending = undefined;
      return p(l);
    }
    if (data) {
      if (l !== '.') return void data.push(l.startsWith('..') ? l.slice(1) : l);
      s.messages.push(data.join('\n'));
      data = undefined;
      const n = o.protocol === 'lmtp' ? rcpts : 1;
      rcpts = 0;
      return say(...Array.from({ length: n }, () => '250 2.0.0 stand-in: delivered'));
    }
    const [verb = '', ...rest] = l.split(' ');
    switch (verb.toUpperCase()) {
      case 'LHLO':
      case 'EHLO':
        return say('250-stand-in', ...(o.auth ? ['250-AUTH PLAIN LOGIN'] : []), '250 8BITMIME');
      case 'HELO':
        return say('250 stand-in');
      case 'AUTH': {
        const [mech = '', initial] = rest;
        if (mech.toUpperCase() === 'PLAIN') {
          const plain = (v: string): void => {
            const [, user = '', password = ''] = b64(v).split('\0');
            login(user, password);
          };
          if (initial) return plain(initial);
          pending = plain;
          return say('334 ');
        }
        if (mech.toUpperCase() === 'LOGIN') {
          pending = (u) => {
            pending = (p) => login(b64(u), b64(p));
            say(`334 ${Buffer.from('Password:').toString('base64')}`);
          };
          return say(`334 ${Buffer.from('Username:').toString('base64')}`);
        }
        return say('504 5.5.4 mechanism not supported');
      }
      case 'MAIL':
        return say(authed ? '250 2.1.0 Ok' : '530 5.7.0 Authentication required');
      case 'RCPT':
        rcpts++;
        return say('250 2.1.5 Ok');
      case 'DATA':
        data = [];
        return say('354 go ahead');
      case 'RSET':
        rcpts = 0;
        return say('250 2.0.0 Ok');
      case 'NOOP':
        return say('250 2.0.0 Ok');
      case 'QUIT':
        say('221 2.0.0 Bye');
        return void sock.end();
      default:
        return say('502 5.5.2 not understood');
    }
  };
  sock.setEncoding('latin1');
  sock.on('data', (chunk: string) => {
    buf += chunk;
    for (let i = buf.indexOf('\r\n'); i >= 0; i = buf.indexOf('\r\n')) {
      const l = buf.slice(0, i);
      buf = buf.slice(i + 2);
      line(l);
    }
  });
  sock.on('error', () => sock.destroy());
  say('220 stand-in ready');
}

export async function startStandIn(o: StandInOptions): Promise<StandIn> {
  const sockets = new Set<Socket>();
  const s: StandIn = {
    messages: [],
    logins: [],
    waitFor: async (needle, timeoutMs = 20_000) => {
      await waitFor(
        `a message holding ${needle} at the stand-in (logins: ${s.logins.join(', ') || 'none'})`,
        () => s.messages.some((m) => m.includes(needle)),
        timeoutMs,
        200,
      );
    },
    close: async () => {},
  };
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    session(sock, o, s);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if ('path' in o.listen) server.listen(o.listen.path, resolve);
    else server.listen(o.listen.port, o.listen.host, resolve);
  });
  // Postfix's lmtp client runs as postfix: it must be able to connect.
  if ('path' in o.listen) chmodSync(o.listen.path, 0o666);
  const stop = (): void => {
    for (const k of sockets) k.destroy();
    server.close();
    if ('path' in o.listen) rmSync(o.listen.path, { force: true });
  };
  const drop = onCleanup(`stand-in ${JSON.stringify(o.listen)}`, stop);
  s.close = async () => {
    stop();
    drop();
  };
  return s;
}
