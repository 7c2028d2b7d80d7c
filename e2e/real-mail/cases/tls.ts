// TLS on the remote LMTP hop (issue 11): the hop is encrypted and pinned, and
// every way around it fails closed. Hand-made breakage is test setup.
import { apply, script } from '../lib/bundle.ts';
import { outcome, postfixLog, postqueue, syslogLines, type Hosts } from '../lib/diagnostics.ts';
import { LineClient } from '../lib/line-client.ts';
import { sendMail } from '../lib/mail.ts';
import type { Net } from '../lib/network.ts';
import { assert } from '../lib/runner.ts';
import { printedPin, type Case, type Ctx, type Scenario } from '../lib/scenario.ts';
import { waitFor } from '../lib/sh.ts';
import { waitForMessage } from '../lib/topology.ts';
import { rollbackRestores, SENDER, send, verifyPasses } from './common.ts';

const PASSWORD = 'S3cret-lmtp';

/** The TLS line Postfix logged for the connection that delivered (or tried) queueId: same lmtp pid, before it. */
function tlsLineFor(h: Hosts, queueId: string | undefined): string | undefined {
  const lines = postfixLog(h, /lmtp\[\d+\]/);
  let at = -1;
  lines.forEach((l, i) => {
    if (queueId !== undefined && l.includes(`${queueId}: to=`)) at = i;
  });
  const pid = at >= 0 ? /lmtp\[(\d+)\]/.exec(lines[at] ?? '')?.[1] : undefined;
  if (!pid) return undefined;
  return lines
    .slice(0, at)
    .filter((l) => l.includes(`lmtp[${pid}]`) && /TLS connection (established|reused)/.test(l))
    .at(-1);
}

async function deliveredOverVerifiedTls(c: Ctx, headers?: Record<string, string>): Promise<void> {
  const s = await sendMail({ host: c.t.smtp.host, from: SENDER, to: ['alice@mx.test'], headers });
  assert(s.queueId, `not queued:\n${s.transcript.join('\n')}`);
  await waitForMessage(c.t, c.h, 'user.alice', s.messageId);
  const sent = await outcome(c.h, s.queueId, /status=sent/);
  const tls = tlsLineFor(c.h, s.queueId);
  assert(
    tls && /Verified TLS connection (established|reused) to store\.test\[[^\]]+\]:2003/.test(tls),
    `no verified TLS connection logged for ${s.queueId}: ${tls ?? '(none)'}\n${sent}`,
  );
}

const storeEndpoint = (c: Ctx) => ({ host: c.lane.net.cyrus.addr, port: 2003 });

/** Test setup: make the store forget its certificate (a careless edit of imapd.conf), and restart it. */
async function restartCyrus(c: Ctx): Promise<void> {
  await c.h.cyrus.exec('systemctl', ['restart', 'cyrus-imapd']);
  await waitFor(
    'lmtpd after the restart',
    async () => {
      try {
        const l = await LineClient.open(storeEndpoint(c));
        const r = await l.reply();
        l.close();
        return r.code === 220;
      } catch {
        return false;
      }
    },
    20_000,
  );
}

async function deferredAndQueued(c: Ctx, why: RegExp): Promise<string | undefined> {
  const s = await send(c, ['alice@mx.test']);
  const line = await outcome(c.h, s.queueId, /status=(deferred|sent|bounced)/);
  assert(/status=deferred/.test(line) && why.test(line), `expected a deferral matching ${why}: ${line}`);
  const q = await postqueue(c.h);
  assert(s.queueId && q.includes(s.queueId), `${s.queueId} not in postqueue -p:\n${q}`);
  return s.queueId;
}

const cases: Case[] = [
  {
    name: 'the hop is TLS: Postfix logs "Verified TLS connection established" to the store for the message, and it arrives',
    fn: (c) => deliveredOverVerifiedTls(c),
  },
  {
    name: 'a message with "TLS-Required: no" still goes over verified TLS (tls_required_enable=no on 3.10; 3.7 ignores the header)',
    fn: (c) => deliveredOverVerifiedTls(c, { 'TLS-Required': 'no' }),
  },
  {
    name: 'AUTH PLAIN before STARTTLS is refused (lmtp_allowplaintext: no); STARTTLS is offered, PLAIN and LOGIN are not',
    fn: async (c) => {
      const l = await LineClient.open(storeEndpoint(c));
      try {
        await l.reply();
        const lhlo = await l.cmd('LHLO client.test');
        assert(
          /STARTTLS/.test(lhlo.text) && !/AUTH[^\n]*\b(PLAIN|LOGIN)\b/.test(lhlo.text),
          `LHLO before STARTTLS:\n${lhlo.text}`,
        );
        const auth = await l.cmd(
          `AUTH PLAIN ${Buffer.from(`\0postman\0${PASSWORD}`).toString('base64')}`,
          'AUTH PLAIN <credentials>',
        );
        assert(auth.code >= 500, `AUTH PLAIN in clear was not refused: ${auth.code} ${auth.text}`);
        const mail = await l.cmd('MAIL FROM:<probe@client.test>');
        assert(mail.code !== 250, `MAIL FROM accepted after a refused AUTH: ${mail.code} ${mail.text}`);
      } finally {
        l.close();
      }
    },
  },
  {
    name: 'a client certificate from a CA the store trusts, CN postman, no SASL: MAIL FROM is refused (lmtp_tls_client_certs: off)',
    fn: async (c) => {
      // Test setup: a CA in the store's tls_client_ca_dir (/etc/ssl/certs) and a client pair it signed.
      const gen = [
        'set -e; d=/root/lwz-ca; mkdir -p $d; cd $d',
        'openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=lwz-test-ca -keyout ca.key -out ca.crt 2>/dev/null',
        'openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=postman -keyout client.key -out client.csr 2>/dev/null',
        'printf "extendedKeyUsage=clientAuth\\n" >ext',
        'openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile ext -out client.crt 2>/dev/null',
        'cp ca.crt /etc/ssl/certs/lwz-test-ca.pem; ln -sf lwz-test-ca.pem /etc/ssl/certs/$(openssl x509 -hash -noout -in ca.crt).0',
        'cat client.crt client.key',
      ].join('\n');
      const pair = (await c.h.cyrus.exec('sh', ['-c', gen])).stdout;
      await restartCyrus(c);
      await c.h.postfix.exec('sh', ['-c', 'umask 077; cat >/root/lwz-client.pem'], { input: pair });
      const dialog = `(sleep 2; printf 'LHLO client.test\\r\\n'; sleep 1; printf 'MAIL FROM:<probe@client.test>\\r\\n'; sleep 2; printf 'QUIT\\r\\n'; sleep 1) | openssl s_client -quiet -starttls lmtp -connect ${c.lane.net.cyrus.addr}:2003 -cert /root/lwz-client.pem -key /root/lwz-client.pem 2>&1`;
      const out = (await c.h.postfix.exec('sh', ['-c', dialog], { allowFail: true, timeoutMs: 30_000 })).stdout;
      const mail =
        out
          .split('\n')
          .filter((l) => /^\d{3}[ -]/.test(l))
          .at(-2) ?? '';
      assert(
        /^430 /.test(mail) || (/^\d{3} /.test(mail) && !/^250 /.test(mail)),
        `MAIL FROM with only a client certificate was not refused:\n${out}`,
      );
      assert(
        /^250[ -]/m.test(out) && /430|Authentication required/i.test(out),
        `expected a TLS session that reached MAIL FROM and got 430:\n${out}`,
      );
    },
  },
  verifyPasses,
  {
    name: 'TLS connections are reused (our tlsproxy service): 20 messages at once, Postfix logs "Verified TLS connection reused", and lmtpd logs fewer SASL logins than messages',
    fn: async (c) => {
      const logins = () => syslogLines(c.h, /lmtp\[\d+\]: login: /).length;
      const sentBefore = postfixLog(c.h, /postfix\/lmtp\[.*relay=store\.test.*status=sent/).length;
      const loginsBefore = logins();
      await c.h.postfix.exec(
        'smtp-source',
        ['-s', '4', '-m', '20', '-f', SENDER, '-t', 'alice@mx.test', '127.0.0.1:25'],
        { timeoutMs: 60_000 },
      );
      await waitFor(
        '20 deliveries to the store',
        () => postfixLog(c.h, /postfix\/lmtp\[.*relay=store\.test.*status=sent/).length >= sentBefore + 20,
        60_000,
        200,
      );
      const reused = postfixLog(c.h, /postfix\/lmtp\[.*Verified TLS connection reused to store\.test/);
      const n = logins() - loginsBefore;
      assert(
        reused.length > 0 && n < 20,
        `expected reused TLS connections and fewer than 20 logins: ${reused.length} reused, ${n} logins`,
      );
    },
  },
  {
    name: 'a store that offers no STARTTLS (its certificate line removed): deferred, still queued, nothing sent in clear; restored, it arrives',
    fn: async (c) => {
      // a marker of our own: Debian's imapd.conf has a commented #lmtp_tls_server_cert line too
      await c.h.cyrus.exec('sed', ['-i', 's/^lmtp_tls_server_cert:/#lwz-test#&/', '/etc/imapd.conf']);
      await restartCyrus(c);
      const l = await LineClient.open(storeEndpoint(c));
      const lhlo = (await l.reply(), await l.cmd('LHLO client.test'));
      l.close();
      assert(!/STARTTLS/.test(lhlo.text), `the store still offers STARTTLS:\n${lhlo.text}`);
      const id = await deferredAndQueued(c, /TLS is required, but was not offered/);
      const clear = postfixLog(c.h, new RegExp(`${id}: to=.*status=sent`));
      assert(clear.length === 0, `sent without TLS: ${clear.join('\n')}`);
      await c.h.cyrus.exec('sed', ['-i', 's/^#lwz-test#//', '/etc/imapd.conf']);
      await restartCyrus(c);
      await c.h.postfix.exec('postqueue', ['-f']);
      await outcome(c.h, id, /status=sent/);
    },
  },
  {
    name: 'a new store certificate: deferred and queued (fingerprint mismatch); postfix-host/apply.sh refuses the old pin (exit 3, naming it and the certificate the store presents) and a made-up one, takes the new one, and the mail arrives',
    fn: async (c) => {
      // Test setup: the store's pair renewed (both files removed, its apply.sh run again).
      await c.h.cyrus.exec('rm', ['-f', '/etc/cyrus-lmtp-tls/lmtp.crt', '/etc/cyrus-lmtp-tls/lmtp.key']);
      const store = await apply(c.bundle, 'cyrus-host', c.h.cyrus);
      const pin = printedPin(store.out);
      const old = printedPin(c.applied['cyrus-host']?.out);
      assert(
        pin && old && pin !== old,
        `the store's apply.sh printed no new fingerprint (old ${old}, new ${pin}):\n${store.out}`,
      );
      const id = await deferredAndQueued(c, /certificate|fingerprint|verif/i);
      const refused = await script(c.bundle, 'postfix-host', c.h.postfix, 'apply.sh');
      // strict: the conflict names the pin and the certificate the store really presents
      // (the new pair's fingerprint, as openssl printed it on the store), not its public key's
      const conflictLine = refused.out.split('\n').find((l) => l.includes(old) && l.includes(pin)) ?? '';
      assert(
        refused.code === 3 && /the store's certificate/.test(conflictLine),
        `expected exit 3 with one conflict naming the pin ${old} and the presented ${pin}, got ${refused.code}:\n${refused.out}`,
      );
      const wrong = await script(c.bundle, 'postfix-host', c.h.postfix, 'apply.sh', [
        '--store-fingerprint',
        old.replace(/^../, '00'),
      ]);
      assert(wrong.code === 3, `a made-up fingerprint was not refused (exit ${wrong.code}):\n${wrong.out}`);
      const fixed = await apply(c.bundle, 'postfix-host', c.h.postfix, { args: ['--store-fingerprint', pin] });
      assert(!fixed.nothingToChange, `the new pin changed nothing:\n${fixed.out}`);
      await c.h.postfix.exec('postqueue', ['-f']);
      await outcome(c.h, id, /status=sent/);
      await verifyPasses.fn(c);
    },
  },
];

// CA mode with the admin's own pair: a CA of the site signed the store's
// certificate (test setup makes both; on a real site they exist already).
const CA_DIR = '/etc/ssl/lwz-store';
const CA_FILE = '/etc/postfix/lwz-site-ca.pem';
const SAN = 'subjectAltName=DNS:store.test';
const openssl = (c: Ctx | Hosts, script: string) =>
  ('h' in c ? c.h : c).cyrus.exec('sh', ['-c', `set -e; cd ${CA_DIR}; ${script}`]);

const caCases: Case[] = [
  {
    name: 'CA mode, the site\'s own certificate: Postfix logs "Verified TLS connection established" (signed by the CA file, name store.test) and the mail arrives',
    fn: (c) => deliveredOverVerifiedTls(c),
  },
  verifyPasses,
  {
    name: "a store certificate from another CA: deferred and queued; postfix-host/apply.sh refuses it (exit 3, naming the CA file); the site's certificate back, it arrives",
    fn: async (c) => {
      await openssl(
        c,
        `cp store.crt site.crt; openssl req -x509 -new -key store.key -days 2 -subj /CN=store.test -addext ${SAN} -out store.crt 2>/dev/null`,
      );
      await restartCyrus(c);
      const id = await deferredAndQueued(c, /certificate|verif|trust/i);
      const refused = await script(c.bundle, 'postfix-host', c.h.postfix, 'apply.sh');
      assert(
        refused.code === 3 && refused.out.includes(`signed by ${CA_FILE} for store.test`),
        `expected exit 3 naming ${CA_FILE}, got ${refused.code}:\n${refused.out}`,
      );
      await openssl(c, 'mv site.crt store.crt');
      await restartCyrus(c);
      await c.h.postfix.exec('postqueue', ['-f']);
      await outcome(c.h, id, /status=sent/);
    },
  },
  {
    name: 'the key made unreadable for cyrus: cyrus-host/apply.sh refuses before any change (exit 3, naming the key), and runs again once cyrus reads it',
    fn: async (c) => {
      await c.h.cyrus.exec('chown', ['root:root', `${CA_DIR}/store.key`]);
      const refused = await script(c.bundle, 'cyrus-host', c.h.cyrus, 'apply.sh');
      assert(
        refused.code === 3 && /store\.key.*not readable by cyrus/.test(refused.out),
        `expected exit 3 naming the key, got ${refused.code}:\n${refused.out}`,
      );
      await c.h.cyrus.exec('chown', ['cyrus:root', `${CA_DIR}/store.key`]);
      const again = await apply(c.bundle, 'cyrus-host', c.h.cyrus);
      assert(again.nothingToChange, `after the refusal, apply.sh changed something:\n${again.out}`);
    },
  },
  rollbackRestores,
];

export const tls = (n: Net): { s: Scenario; cases: Case[] }[] => [
  {
    s: {
      name: 'remote-tls',
      kind: 'remote',
      answers: {
        topology: 'remote',
        mailHost: 'mx.test',
        tcp: { storeHost: 'store.test' },
        sasl: { password: PASSWORD },
      },
      mailboxes: ['user.alice', 'user.tester'],
      lmtp: { host: n.cyrus.addr, port: 2003 },
    },
    cases,
  },
  {
    s: {
      name: 'remote-tls-ca',
      kind: 'remote',
      answers: {
        topology: 'remote',
        mailHost: 'mx.test',
        tcp: { storeHost: 'store.test' },
        sasl: { password: PASSWORD },
        tls: {
          mode: 'ca',
          storeCert: 'existing',
          certPath: `${CA_DIR}/store.crt`,
          keyPath: `${CA_DIR}/store.key`,
          caFile: CA_FILE,
        },
      },
      mailboxes: ['user.alice', 'user.tester'],
      lmtp: { host: n.cyrus.addr, port: 2003 },
      existing: async (h) => {
        await h.cyrus.exec('mkdir', ['-p', CA_DIR]);
        await openssl(
          h,
          [
            'openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=lwz-site-ca -keyout ca.key -out ca.crt 2>/dev/null',
            'openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=store.test -keyout store.key -out store.csr 2>/dev/null',
            `printf '%s\\n' ${SAN} >ext`,
            'openssl x509 -req -in store.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile ext -out store.crt 2>/dev/null',
            'chown cyrus:root store.key; chmod 0600 store.key',
          ].join('; '),
        );
        h.postfix.write(CA_FILE, h.cyrus.read(`${CA_DIR}/ca.crt`) ?? '');
      },
    },
    cases: caCases,
  },
];
