// A minimal IMAP client: enough to create test mailboxes as the Cyrus admin and
// find a message by Message-ID. Raw, so NO/BAD texts are visible to tests.
import { connect, type Socket } from 'node:net';
import { sleep } from './sh.ts';

export interface ImapEndpoint {
  host: string;
  port?: number;
}

export interface Tagged {
  ok: boolean;
  status: string;
  untagged: string;
}

const q = (s: string): string => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

export class Imap {
  private buf = '';
  private n = 0;
  private constructor(private readonly sock: Socket) {
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => (this.buf += d));
    sock.on('error', () => undefined);
  }

  static async login(e: ImapEndpoint, user: string, password: string): Promise<Imap> {
    const sock = connect(e.port ?? 143, e.host);
    await new Promise<void>((res, rej) => sock.once('connect', () => res()).once('error', rej));
    const c = new Imap(sock);
    await c.until(/^\* OK.*\r\n/m);
    const r = await c.run(`LOGIN ${q(user)} ${q(password)}`);
    if (!r.ok) {
      c.close();
      throw new Error(`IMAP LOGIN ${user} failed: ${r.status}`);
    }
    return c;
  }

  private async until(re: RegExp, timeoutMs = 15_000): Promise<RegExpExecArray> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(this.buf);
      if (m) return m;
      if (Date.now() > end || this.sock.destroyed) throw new Error(`IMAP timeout waiting for ${re}: ${this.buf}`);
      await sleep(20);
    }
  }

  async run(command: string): Promise<Tagged> {
    const tag = `t${++this.n}`;
    this.buf = '';
    this.sock.write(`${tag} ${command}\r\n`);
    const m = await this.until(new RegExp(`^${tag} (OK|NO|BAD)(.*)\\r\\n`, 'm'));
    return { ok: m[1] === 'OK', status: `${m[1]}${m[2]}`, untagged: this.buf.slice(0, m.index) };
  }

  async must(command: string): Promise<Tagged> {
    const r = await this.run(command);
    if (!r.ok) throw new Error(`IMAP ${command} -> ${r.status}`);
    return r;
  }

  /** Admin creates a mailbox and gives itself read rights on it. */
  async createMailbox(name: string, admin = 'cyrus'): Promise<void> {
    await this.must(`CREATE ${q(name)}`);
    await this.must(`SETACL ${q(name)} ${admin} lrswipkxtecda`);
  }

  /** Sequence numbers of messages whose Message-ID header matches. */
  async search(mailbox: string, messageId: string): Promise<number[]> {
    await this.must(`EXAMINE ${q(mailbox)}`);
    const r = await this.must(`SEARCH HEADER Message-ID ${q(messageId)}`);
    const line = /^\* SEARCH(.*)$/m.exec(r.untagged)?.[1] ?? '';
    return line.trim().split(/\s+/).filter(Boolean).map(Number);
  }

  /** Whole message text (selected mailbox). */
  async fetch(seq: number): Promise<string> {
    const r = await this.must(`FETCH ${seq} BODY.PEEK[]`);
    return r.untagged;
  }

  async all(mailbox: string): Promise<string> {
    const ex = await this.must(`EXAMINE ${q(mailbox)}`);
    if (/^\* 0 EXISTS/m.test(ex.untagged)) return '';
    return (await this.must('FETCH 1:* BODY.PEEK[]')).untagged;
  }

  close(): void {
    this.sock.end('x LOGOUT\r\n');
    this.sock.destroy();
  }
}
