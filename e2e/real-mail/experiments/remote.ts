// EXPERIMENT checks for the remote topology (two namespaces, TCP + SASL).
import { statSync } from 'node:fs';
import { postfixLog, postqueue, syslogLines } from '../lib/diagnostics.ts';
import { appendLine, postconf } from '../lib/edit.ts';
import { LineClient } from '../lib/line-client.ts';
import { sendMail } from '../lib/mail.ts';
import { NET } from '../lib/netns.ts';
import { assert, check } from '../lib/runner.ts';
import { run, waitFor } from '../lib/sh.ts';
import { createMailboxes, prepareBase, REMOTE as T, startDaemons, stopDaemons, waitForMessage, type Running } from '../lib/topology.ts';
import { record } from './evidence.ts';
import { applyCyrusHost, applyPostfixHost, REMOTE_DEFAULTS as D, writeSaslPasswd, type RemoteOptions } from './remote-config.ts';

const LMTP = { host: NET.cyrus.addr, port: 2003 };
const PF = T.postfixNs;

async function scenario(name: string, o: RemoteOptions, before: () => void, body: (r: Running) => Promise<void>): Promise<void> {
  await check(name, async () => {
    await prepareBase(T);
    await applyCyrusHost(o);
    await applyPostfixHost(o);
    before();
    const r = await startDaemons(T, [LMTP]);
    try {
      await createMailboxes(T, ['user.alice', 'user.tester']);
      await body(r);
    } finally {
      await stopDaemons(r);
    }
  });
}

const send = (to = 'alice@mx.test') => sendMail({ host: T.smtp.host, from: 'tester@mx.test', to: [to] });

/** Wait for Postfix's final word on a queue id; returns the to= line. */
async function outcome(queueId: string | undefined, timeoutMs = 15_000): Promise<string> {
  assert(queueId, 'message was not queued');
  let line = '';
  await waitFor(`a delivery status for ${queueId}`, () => {
    line = postfixLog(new RegExp(`${queueId}: to=.*status=`)).at(-1) ?? '';
    return line !== '';
  }, timeoutMs);
  return line;
}

const cyrusLmtp = (): string => syslogLines(/cyrus\/lmtp\[/).filter((l) => !/USAGE/.test(l)).join('\n');

async function lmtpDialog(auth?: { user: string; password: string }): Promise<string> {
  const c = await LineClient.open(LMTP);
  try {
    await c.reply();
    await c.cmd('LHLO client.test');
    if (auth) {
      const b64 = Buffer.from(`\0${auth.user}\0${auth.password}`).toString('base64');
      await c.cmd(`AUTH PLAIN ${b64}`, 'AUTH PLAIN <credentials>');
    }
    const mail = await c.cmd('MAIL FROM:<x@client.test>');
    if (mail.code === 250) await c.cmd('RCPT TO:<alice@mx.test>');
    await c.cmd('QUIT');
  } finally {
    c.close();
  }
  return c.transcript.join('\n');
}

export async function remoteExperiments(): Promise<void> {
  await scenario('remote: lmtp_host_lookup default (dns) with the store only in /etc/hosts', { ...D, hostLookup: undefined }, () => undefined, async () => {
    record('lmtp_host_lookup default (dns), store only in /etc/hosts', await outcome((await send()).queueId));
  });

  for (const key of ['store.test', '[store.test]:2003', 'inet:store.test:2003', 'store.test:2003']) {
    await scenario(`remote: sasl_passwd key "${key}"`, { ...D, saslKey: key }, () => undefined, async () => {
      record(`sasl_passwd key "${key}"`, await outcome((await send()).queueId));
    });
  }

  await scenario('remote: TCP + SASL delivery (defaults)', D, () => undefined, async () => {
    const s = await send();
    await waitForMessage(T, 'user.alice', s.messageId);
    record('remote delivery postfix log', postfixLog(new RegExp(`${s.queueId}: to=`)).join('\n'));
    record('remote delivery cyrus log', cyrusLmtp());
    const st = statSync('/etc/sasldb2');
    record('sasldb2 after saslpasswd2', `mode ${(st.mode & 0o777).toString(8)} uid ${st.uid} gid ${st.gid}`);
    record('unauthenticated LMTP from 10.200.0.254', await lmtpDialog());
    await run('saslpasswd2', ['-p', '-c', 'eve'], { input: 'evepw' });
    record('non-admin SASL user eve, raw LMTP AUTH PLAIN', await lmtpDialog({ user: 'eve', password: 'evepw' }));
    record('postman with a wrong password, raw LMTP AUTH PLAIN', await lmtpDialog({ user: D.user, password: 'nope' }));
    record('admin postman, raw LMTP AUTH PLAIN', await lmtpDialog({ user: D.user, password: D.password }));
    record('cyrus log for the raw dialogs', cyrusLmtp());
    // a cached, already authenticated connection keeps being used after sasl_passwd changes
    await writeSaslPasswd(`${D.storeHost}:${D.port}`, D.user, 'changed-but-not-reloaded');
    record('sasl_passwd changed to a wrong password, no reload', await outcome((await send()).queueId));
  });

  await scenario('remote: non-admin SASL user via Postfix', { ...D, user: 'eve', password: 'evepw', lmtpAdmins: 'postman' }, () => undefined, async () => {
    const line = await outcome((await send()).queueId);
    record('postfix authenticating as eve (lmtp_admins: postman)', line);
    record('cyrus log for eve', cyrusLmtp());
  });

  await scenario('remote: wrong password defers, fix + flush delivers', { ...D, password: 'S3cret-lmtp' }, () => undefined, async () => {
    await writeSaslPasswd(`${D.storeHost}:${D.port}`, D.user, 'wrong-password');
    const s = await send();
    const line = await outcome(s.queueId);
    record('wrong password', line);
    record('wrong password: cyrus log', cyrusLmtp());
    assert(/status=deferred/.test(line), 'wrong password must defer');
    const q = await postqueue(PF);
    record('postqueue -p after wrong password', q);
    assert(s.queueId && q.includes(s.queueId), 'message stays in the queue');
    await writeSaslPasswd(`${D.storeHost}:${D.port}`, D.user, D.password);
    await run('postqueue', ['-f'], { ns: PF });
    await waitForMessage(T, 'user.alice', s.messageId);
  });

  await scenario('remote: PLAIN-only Cyrus needs empty lmtp_sasl_security_options', { ...D, imapd: { sasl_mech_list: 'PLAIN LOGIN' } }, () => undefined, async () => {
    const a = await send();
    record('sasl_mech_list PLAIN LOGIN, default security options', await outcome(a.queueId));
    await postconf({ lmtp_sasl_security_options: '' });
    await run('postfix', ['reload'], { ns: PF });
    await run('postqueue', ['-f'], { ns: PF });
    await waitForMessage(T, 'user.alice', a.messageId);
    record('sasl_mech_list PLAIN LOGIN, empty security options', postfixLog(new RegExp(`${a.queueId}: to=`)).join('\n'));
  });

  await scenario('remote: lmtp_allowplaintext no does not matter for SCRAM', { ...D, imapd: { lmtp_allowplaintext: 'no' } }, () => undefined, async () => {
    const a = await send();
    await waitForMessage(T, 'user.alice', a.messageId);
    record('lmtp_allowplaintext: no: LHLO', await lmtpDialog());
    record('lmtp_allowplaintext: no: cyrus log', cyrusLmtp());
  });

  await scenario('remote: PLAIN-only + lmtp_allowplaintext no', { ...D, securityOptions: '', imapd: { sasl_mech_list: 'PLAIN LOGIN', lmtp_allowplaintext: 'no' } }, () => undefined, async () => {
    record('PLAIN-only + lmtp_allowplaintext: no', await outcome((await send()).queueId));
    record('PLAIN-only + lmtp_allowplaintext: no: LHLO', await lmtpDialog());
  });

  for (const daemon of ['lmtpd', 'lmtp']) {
    await scenario(`remote: tcp wrappers with daemon name ${daemon}`, D, () => {
      appendLine('/etc/hosts.allow', `${daemon}: ${NET.postfix.addr}`);
      appendLine('/etc/hosts.deny', `${daemon}: ALL`);
    }, async () => {
      record(`hosts.deny ${daemon}: ALL, raw LMTP from 10.200.0.254`, await lmtpDialog().catch((e: Error) => e.message));
      const s = await send();
      await waitForMessage(T, 'user.alice', s.messageId);
      record(`tcp wrappers ${daemon}: cyrus log`, syslogLines(/refused|denied|wrap/i).join('\n'));
    });
  }
}
