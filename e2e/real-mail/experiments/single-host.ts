// EXPERIMENT checks for the single-host topology (hand-written config).
import { statSync } from 'node:fs';
import { run } from '../lib/sh.ts';
import { postfixLog, syslogLines } from '../lib/diagnostics.ts';
import { postconf, postconfShow } from '../lib/edit.ts';
import { sendMail } from '../lib/mail.ts';
import { assert, check } from '../lib/runner.ts';
import { createMailboxes, prepareBase, SINGLE_HOST as T, startDaemons, stopDaemons, waitForMessage, waitForText, type Running } from '../lib/topology.ts';
import { applySingleHost, SINGLE_DEFAULTS, type SingleHostOptions } from './single-host-config.ts';
import { record } from './evidence.ts';

async function scenario(name: string, o: SingleHostOptions, boxes: string[], body: (r: Running) => Promise<void>): Promise<void> {
  await check(name, async () => {
    await prepareBase(T);
    await applySingleHost(o);
    const r = await startDaemons(T, [{ path: o.socketPath }]);
    try {
      await createMailboxes(T, boxes);
      await body(r);
    } finally {
      await stopDaemons(r);
    }
  });
}

const send = (to: string[], from = 'tester@mx.test') => sendMail({ host: T.smtp.host, from, to });

export async function singleHostExperiments(): Promise<void> {
  await scenario('single: default local_recipient_maps rejects Cyrus-only users', { ...SINGLE_DEFAULTS, localRecipientMaps: undefined }, ['user.alice'], async () => {
    const s = await send(['alice@mx.test']);
    record('local_recipient_maps default', s.rcpt['alice@mx.test']?.text ?? '');
    assert(s.rcpt['alice@mx.test']?.code === 550, `expected 550, got ${s.rcpt['alice@mx.test']?.text}`);
  });

  await scenario('single: unix socket delivery via mailbox_transport (local splits per recipient)', { ...SINGLE_DEFAULTS, recipientLimit: '0' }, ['user.alice', 'user.bob', 'user.carol'], async () => {
    const s = await send(['alice@mx.test', 'bob@mx.test', 'carol@mx.test']);
    assert(s.queueId, `not queued: ${s.transcript.join('\n')}`);
    for (const u of ['alice', 'bob', 'carol']) await waitForMessage(T, `user.${u}`, s.messageId);
    record('mailbox_transport, 3 rcpts, limit 0: postfix log', postfixLog(new RegExp(`${s.queueId}: `)).join('\n'));
    record('mailbox_transport, 3 rcpts: link counts', await linkCounts());
    record('socket dir', `${modeOf('/run/cyrus/socket')}\n${modeOf('/run/cyrus/socket/lmtp')}`);
    record('postconf limits (service cyrus)', await postconfShow(['cyrus_destination_recipient_limit', 'cyrus_destination_concurrency_limit', 'lmtp_destination_recipient_limit', 'lmtp_destination_concurrency_limit', 'default_destination_concurrency_limit', 'default_destination_recipient_limit', 'local_destination_recipient_limit']));
  });

  for (const limit of ['0', '1']) {
    await scenario(`single: virtual_transport, 3 rcpts, cyrus_destination_recipient_limit = ${limit}`, { ...SINGLE_DEFAULTS, virtualDomains: ['example.org'], recipientLimit: limit }, ['user.alice', 'user.bob', 'user.carol'], async () => {
      const s = await send(['alice@example.org', 'bob@example.org', 'carol@example.org']);
      for (const u of ['alice', 'bob', 'carol']) await waitForMessage(T, `user.${u}`, s.messageId);
      record(`virtual, limit ${limit}: postfix log`, postfixLog(new RegExp(`${s.queueId}: to=`)).join('\n'));
      const links = await linkCounts();
      record(`virtual, limit ${limit}: link counts (3 3 3 = one LMTP transaction)`, links);
      assert(links === (limit === '0' ? '3 3 3' : '1 1 1'), `unexpected link counts ${links}`);
    });
  }

  await scenario('single: lmtp_destination_recipient_limit does not apply to service cyrus', { ...SINGLE_DEFAULTS, virtualDomains: ['example.org'] }, ['user.alice', 'user.bob'], async () => {
    await postconf({ lmtp_destination_recipient_limit: '1' });
    const s = await send(['alice@example.org', 'bob@example.org']);
    for (const u of ['alice', 'bob']) await waitForMessage(T, `user.${u}`, s.messageId);
    const links = await linkCounts();
    record('lmtp_destination_recipient_limit=1 with service cyrus: link counts', links);
    record('lmtp_destination_recipient_limit=1 with service cyrus: postfix log', postfixLog(new RegExp(`${s.queueId}: to=`)).join('\n'));
    assert(links === '2 2', 'lmtp_* limit ignored for the cyrus service: still one transaction');
  });

  await scenario('single: unknown mailbox -> Cyrus 550, Postfix bounces to sender', SINGLE_DEFAULTS, ['user.tester'], async () => {
    const s = await send(['nobody@mx.test']);
    assert(s.rcpt['nobody@mx.test']?.code === 250, 'empty local_recipient_maps accepts any local part at SMTP');
    // the bounce has its own Message-ID; it quotes the original one in the attached headers
    const bounce = await waitForText(T, 'user.tester', s.messageId);
    record('unknown mailbox postfix log', postfixLog(/nobody@mx.test|bounce|sender non-delivery/).join('\n'));
    record('unknown mailbox bounce', bounce.slice(0, 1500));
    assert(bounce.includes('nobody@mx.test'), 'bounce with the failed recipient reached user.tester');
  });

  await scenario('single: virtual domains + non-default socket, virtdomains off', { ...SINGLE_DEFAULTS, socketPath: '/run/cyrus-lmtp/lmtp', virtualDomains: ['example.org'], virtdomains: 'off' }, ['user.alice', 'user.bob'], async () => {
    const a = await send(['alice@mx.test', 'bob@example.org']);
    record('virtual off smtp', JSON.stringify(a.rcpt));
    await waitForMessage(T, 'user.alice', a.messageId);
    await waitForMessage(T, 'user.bob', a.messageId);
    record('virtual off postfix log', postfixLog(new RegExp(`${a.queueId}: to=`)).join('\n'));
  });

  await scenario('single: SMTPUTF8 message to Cyrus (LHLO offers no SMTPUTF8)', SINGLE_DEFAULTS, ['user.alice', 'user.tester'], async () => {
    const s = await sendMail({ host: T.smtp.host, from: 'tester@mx.test', to: ['alice@mx.test'], mailParams: 'SMTPUTF8', headers: { Subject: 'Grüße aus Köln' } });
    record('SMTPUTF8 MAIL FROM reply', s.mailFrom.text);
    await new Promise((r) => setTimeout(r, 2000));
    record('SMTPUTF8 outcome', postfixLog(new RegExp(`${s.queueId}: to=`)).join('\n'));
    const plain = await sendMail({ host: T.smtp.host, from: 'tester@mx.test', to: ['alice@mx.test'], headers: { Subject: 'Grüße ohne SMTPUTF8' } });
    await waitForMessage(T, 'user.alice', plain.messageId);
    record('8-bit header without SMTPUTF8 outcome', postfixLog(new RegExp(`${plain.queueId}: to=`)).join('\n'));
  });

  await scenario('single: virtdomains userid puts virtual mail in user.bob@example.org', { ...SINGLE_DEFAULTS, virtualDomains: ['example.org'], virtdomains: 'userid' }, ['user.bob@example.org', 'user.alice', 'user.tester'], async () => {
    const a = await send(['bob@example.org']);
    await waitForMessage(T, 'user.bob@example.org', a.messageId);
    const b = await send(['alice@mx.test']);
    await new Promise((r) => setTimeout(r, 1500));
    record('virtdomains userid: local recipient', postfixLog(new RegExp(`${b.queueId}: to=`)).join('\n'));
    record('virtdomains userid: cyrus', syslogLines(/lmtp.*(alice|bob)/).join('\n'));
  });

  await scenario('single: virtdomains userid + defaultdomain keeps local recipients working', { ...SINGLE_DEFAULTS, virtualDomains: ['example.org'], virtdomains: 'userid', imapd: { defaultdomain: 'mx.test' } }, ['user.bob@example.org', 'user.alice'], async () => {
    const a = await send(['bob@example.org', 'alice@mx.test']);
    await waitForMessage(T, 'user.bob@example.org', a.messageId);
    await waitForMessage(T, 'user.alice', a.messageId);
    record('virtdomains userid + defaultdomain: cyrus', syslogLines(/Delivered/).join('\n'));
  });
}

/** Hard-link counts of all message files: Cyrus single-instance store links the
 * copies of one LMTP transaction, so "3 3 3" means one transaction for 3 rcpts. */
async function linkCounts(): Promise<string> {
  const r = await run('find', ['/var/spool/cyrus/mail', '-type', 'f', '-name', '*.', '-printf', '%n ']);
  return r.stdout.trim();
}

function modeOf(p: string): string {
  const st = statSync(p);
  return `${p} ${(st.mode & 0o7777).toString(8)} uid=${st.uid} gid=${st.gid}`;
}
