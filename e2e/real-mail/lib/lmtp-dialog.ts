// A raw LMTP dialog from the test client (client.test in the root namespace),
// so that a case sees Cyrus's exact reply codes.
import type { Endpoint } from './endpoint.ts';
import { LineClient, type Reply } from './line-client.ts';

export interface LmtpDialog {
  greeting: Reply;
  lhlo?: Reply;
  auth?: Reply;
  mailFrom?: Reply;
  transcript: string;
}

export async function lmtpDialog(e: Endpoint, auth?: { user: string; password: string }): Promise<LmtpDialog> {
  const c = await LineClient.open(e);
  const d: LmtpDialog = { greeting: { code: 0, text: '' }, transcript: '' };
  try {
    d.greeting = await c.reply();
    if (d.greeting.code !== 220) return d;
    d.lhlo = await c.cmd('LHLO client.test');
    if (auth) {
      const b64 = Buffer.from(`\0${auth.user}\0${auth.password}`).toString('base64');
      d.auth = await c.cmd(`AUTH PLAIN ${b64}`, 'AUTH PLAIN <credentials>');
    }
    d.mailFrom = await c.cmd('MAIL FROM:<probe@client.test>');
    await c.cmd('QUIT');
  } finally {
    c.close();
    d.transcript = c.transcript.join('\n');
  }
  return d;
}
