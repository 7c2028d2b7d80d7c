// A raw SMTP/LMTP dialog, so that tests see the exact reply codes.
import { connect, type Socket } from 'node:net';
import type { Endpoint } from './endpoint.ts';

export interface Reply {
  code: number;
  text: string;
}

export class LineClient {
  private buf = '';
  private waiters: (() => void)[] = [];
  private closed = false;
  readonly transcript: string[] = [];

  private constructor(private readonly sock: Socket) {
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      this.buf += d;
      this.wake();
    });
    sock.on('close', () => {
      this.closed = true;
      this.wake();
    });
    sock.on('error', () => undefined);
  }

  static open(e: Endpoint, timeoutMs = 10_000): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const sock = 'path' in e ? connect(e.path) : connect(e.port, e.host);
      const t = setTimeout(() => sock.destroy(new Error('connect timeout')), timeoutMs);
      sock.once('connect', () => {
        clearTimeout(t);
        resolve(new LineClient(sock));
      });
      sock.once('error', (err) => {
        clearTimeout(t);
        reject(err);
      });
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Read one line (without CRLF); undefined when the peer closed. */
  async line(timeoutMs = 30_000): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.buf.indexOf('\n');
      if (i >= 0) {
        const l = this.buf.slice(0, i).replace(/\r$/, '');
        this.buf = this.buf.slice(i + 1);
        this.transcript.push(`S: ${l}`);
        return l;
      }
      if (this.closed) return undefined;
      if (Date.now() > deadline) throw new Error(`read timeout; transcript:\n${this.transcript.join('\n')}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  /** One (possibly multi-line) SMTP/LMTP reply; code 0 when the peer closed. */
  async reply(): Promise<Reply> {
    const lines: string[] = [];
    for (;;) {
      const l = await this.line();
      if (l === undefined) return { code: 0, text: lines.join('\n') || '(connection closed)' };
      lines.push(l);
      if (!/^\d{3}-/.test(l)) return { code: Number(l.slice(0, 3)), text: lines.join('\n') };
    }
  }

  send(raw: string, logAs?: string): void {
    this.transcript.push(`C: ${logAs ?? raw}`);
    this.sock.write(`${raw}\r\n`);
  }

  async cmd(raw: string, logAs?: string): Promise<Reply> {
    this.send(raw, logAs);
    return this.reply();
  }

  close(): void {
    this.sock.destroy();
  }
}
