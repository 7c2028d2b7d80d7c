// Sending by SMTP to port 25, with a unique Message-ID, recording every reply.
import { randomUUID } from 'node:crypto';
import { LineClient, type Reply } from './line-client.ts';

export interface SendOptions {
  host: string;
  port?: number;
  from: string;
  to: string[];
  subject?: string;
  body?: string;
  /** extra MAIL FROM parameters, e.g. SMTPUTF8 */
  mailParams?: string;
  headers?: Record<string, string>;
}

export interface SendResult {
  messageId: string;
  greeting: Reply;
  mailFrom: Reply;
  rcpt: Record<string, Reply>;
  data?: Reply;
  /** Postfix queue id from "250 2.0.0 Ok: queued as XXXX" */
  queueId?: string;
  transcript: string[];
}

export function newMessageId(): string {
  return `<lwz-${randomUUID()}@client.test>`;
}

export async function sendMail(o: SendOptions): Promise<SendResult> {
  const messageId = newMessageId();
  const c = await LineClient.open({ host: o.host, port: o.port ?? 25 });
  try {
    const greeting = await c.reply();
    const ehlo = await c.cmd('EHLO client.test');
    if (ehlo.code !== 250) throw new Error(`EHLO refused: ${ehlo.text}`);
    const mailFrom = await c.cmd(`MAIL FROM:<${o.from}>${o.mailParams ? ` ${o.mailParams}` : ''}`);
    const rcpt: Record<string, Reply> = {};
    for (const to of o.to) rcpt[to] = await c.cmd(`RCPT TO:<${to}>`);
    const result: SendResult = { messageId, greeting, mailFrom, rcpt, transcript: c.transcript };
    if (mailFrom.code !== 250 || !Object.values(rcpt).some((r) => r.code === 250)) {
      await c.cmd('QUIT');
      return result;
    }
    const go = await c.cmd('DATA');
    if (go.code !== 354) throw new Error(`DATA refused: ${go.text}`);
    const headers = {
      From: o.from,
      To: o.to.join(', '),
      Subject: o.subject ?? 'lmtp-wizard real-mail test',
      'Message-ID': messageId,
      Date: new Date().toUTCString(),
      ...o.headers,
    };
    const lines = [
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      '',
      o.body ?? 'hello from the real-mail suite',
    ];
    for (const l of lines) c.send(l.startsWith('.') ? `.${l}` : l);
    result.data = await c.cmd('.');
    result.queueId = /queued as ([0-9A-Za-z]+)/.exec(result.data.text)?.[1];
    await c.cmd('QUIT');
    return result;
  } finally {
    c.close();
  }
}
