// Helpers of the Postfix-side brownfield scenarios (brownfield-postfix.ts):
// the existing configurations they write, each proven live through a
// stand-in, and the cases that check the old function after apply.sh.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apply, bundlesRoot, script, type HostId } from '../lib/bundle.ts';
import type { Container } from '../lib/containers/container.ts';
import { postfixLog, type Hosts } from '../lib/diagnostics.ts';
import { canConnect } from '../lib/endpoint.ts';
import { sendMail } from '../lib/mail.ts';
import type { Net } from '../lib/network.ts';
import { assert } from '../lib/runner.ts';
import { waitForDaemons, type Case } from '../lib/scenario.ts';
import { sleep, waitFor } from '../lib/sh.ts';
import { diffSnapshots, entry, snapshot } from '../lib/snapshot.ts';
import { createMailboxes } from '../lib/topology.ts';
import { startStandIn, type StandIn } from '../lib/stand-in.ts';
import { SENDER } from './common.ts';

export const BOXES = ['user.alice', 'user.bob', 'user.tester'];

/** postconf -e on the host (the scenario reloads Postfix once it is all written). */
export async function postconf(on: Container, ...settings: string[]): Promise<void> {
  await on.exec('postconf', ['-e', ...settings]);
}

export async function writeMap(on: Container, path: string, lines: string[], mode = 0o644): Promise<void> {
  on.write(path, `${lines.join('\n')}\n`, mode);
  await on.exec('postmap', [`hash:${path}`]);
}

/** A stand-in that lives as long as its scenario; the last case closes it. */
export function standInSlot(): { get: () => StandIn; set: (s: StandIn) => void; closes: Case } {
  let s: StandIn | undefined;
  return {
    get: () => {
      assert(s, 'the stand-in was not started');
      return s;
    },
    set: (x) => (s = x),
    closes: { name: 'the stand-in stops', fn: async () => void (await s?.close()) },
  };
}

/** One message by SMTP to `rcpt` must reach the stand-in, found by its Message-ID. */
export async function throughStandIn(smtpHost: string, h: Hosts, s: StandIn, rcpt: string): Promise<void> {
  await waitFor(`SMTP on ${smtpHost}:25`, () => canConnect({ host: smtpHost, port: 25 }), 30_000, 200);
  const r = await sendMail({ host: smtpHost, from: SENDER, to: [rcpt] });
  assert(r.rcpt[rcpt]?.code === 250 && r.queueId, `${rcpt} not accepted:\n${r.transcript.join('\n')}`);
  await s.waitFor(r.messageId).catch((e: Error) => {
    throw new Error(`${e.message}\n${postfixLog(h, new RegExp(`${r.queueId}: `)).join('\n')}`);
  });
}

/** After the existing configuration is written: Postfix reloads, and the existing route is proven live. */
export async function reloadAndProve(h: Hosts, smtpHost: string, s: StandIn, rcpt: string): Promise<void> {
  await h.postfix.exec('postfix', ['reload']);
  await sleep(1500); // the reload replaces Postfix's processes in the background
  await throughStandIn(smtpHost, h, s, rcpt);
}

export const existingRouteWorks = (slot: () => StandIn, rcpt: string, when: string): Case => ({
  name: `${when}: the existing route still works (${rcpt} reaches the stand-in)`,
  fn: async (c) => throughStandIn(c.t.smtp.host, c.h, slot(), rcpt),
});

/** An unknown local name is refused at RCPT by the admin's local_recipient_maps. */
export const unknownRefusedAtRcpt = (when: string): Case => ({
  name: `${when}: an unknown local name is refused at RCPT (the admin's local_recipient_maps)`,
  fn: async (c) => {
    const r = await sendMail({ host: c.t.smtp.host, from: SENDER, to: ['nobody@mx.test'] });
    const got = r.rcpt['nobody@mx.test'];
    assert(
      got?.code === 550 && /User unknown in local recipient table/.test(got.text),
      `expected 550 User unknown, got ${got?.code} ${got?.text}`,
    );
  },
});

// Dovecot hosts example.net through the global virtual_transport (issue 10:
// the bundle overwrote it and alice@example.net landed in Cyrus's user.alice).
export function dovecotExisting(n: Net, slot: (s: StandIn) => void) {
  return async (h: Hosts): Promise<void> => {
    const pf = h.postfix;
    await writeMap(pf, '/etc/postfix/vmailbox', ['alice@example.net example.net/alice/']);
    await postconf(
      pf,
      'virtual_mailbox_domains = example.net',
      'virtual_mailbox_maps = hash:/etc/postfix/vmailbox',
      'virtual_transport = lmtp:unix:private/dovecot-lmtp',
    );
    // the stock lmtp service is chrooted: the socket is in the queue directory
    const s = await startStandIn({
      listen: { path: pf.path('/var/spool/postfix/private/dovecot-lmtp') },
      protocol: 'lmtp',
    });
    slot(s);
    await reloadAndProve(h, n.postfix.addr, s, 'alice@example.net');
  };
}

// local_recipient_maps set on purpose: unknown names refused at RCPT.
export async function localRecipientsExisting(h: Hosts): Promise<void> {
  await writeMap(h.postfix, '/etc/postfix/local_recipients', ['alice x', 'bob x', 'tester x']);
  await postconf(h.postfix, 'local_recipient_maps = hash:/etc/postfix/local_recipients');
  await h.postfix.exec('postfix', ['reload']);
}

// The most common Postfix setup: outbound mail through a provider's relay that
// demands AUTH, with its credentials in the shared sasl_passwd (issue 10: the
// bundle replaced that file and the relay answered 530; mail bounced).
export const RELAY_PORT = 2525;
export const RELAY_AUTH = { user: 'relayuser', password: 'relay-Pa55' };
export const SHARED_SASL = ['/etc/postfix/sasl_passwd', '/etc/postfix/sasl_passwd.db'];

export const relayLine = (n: Net): string =>
  `[${n.client.addr}]:${RELAY_PORT} ${RELAY_AUTH.user}:${RELAY_AUTH.password}`;

/** `earlier`: what a bundle before issue 10 left too: our key in the shared sasl_passwd and global lmtp_* settings. */
export function relayExisting(n: Net, slot: (s: StandIn) => void, earlier = false) {
  return async (h: Hosts): Promise<void> => {
    const pf = h.postfix;
    const relay = `[${n.client.addr}]:${RELAY_PORT}`;
    await writeMap(
      pf,
      '/etc/postfix/sasl_passwd',
      [relayLine(n), ...(earlier ? ['store.test postman:Old-Pa55'] : [])],
      0o600,
    );
    if (earlier) {
      await postconf(
        pf,
        'lmtp_sasl_auth_enable = yes',
        'lmtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd',
        'lmtp_host_lookup = native',
      );
    }
    // default_transport = smtp replaces the suite's "discard": the relay is the
    // lane's client address, on a bridge with no route out
    await postconf(
      pf,
      `relayhost = ${relay}`,
      'default_transport = smtp',
      'smtp_sasl_auth_enable = yes',
      'smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd',
      'smtp_sasl_security_options = noanonymous',
    );
    const s = await startStandIn({
      listen: { host: n.client.addr, port: RELAY_PORT },
      protocol: 'smtp',
      auth: RELAY_AUTH,
    });
    slot(s);
    await reloadAndProve(h, n.postfix.addr, s, 'carol@example.com');
    assert(
      s.logins.join() === `${RELAY_AUTH.user} ok`,
      `before apply.sh, the relay saw the logins: ${s.logins.join(', ')}`,
    );
  };
}

/** Outbound mail reaches the relay stand-in, which accepted the admin's credentials. */
export const relayWorks = (slot: () => StandIn, when: string): Case => ({
  name: `${when}: outbound mail goes through the relay, logged in with the credentials in the shared sasl_passwd`,
  fn: async (c) => {
    const rcpt = 'carol@example.com';
    const r = await sendMail({ host: c.t.smtp.host, from: SENDER, to: [rcpt] });
    assert(r.rcpt[rcpt]?.code === 250 && r.queueId, `${rcpt} not accepted:\n${r.transcript.join('\n')}`);
    await slot()
      .waitFor(r.messageId)
      .catch((e: Error) => {
        throw new Error(`${e.message}\n${postfixLog(c.h, new RegExp(`${r.queueId}: `)).join('\n')}`);
      });
    assert(slot().logins.at(-1) === `${RELAY_AUTH.user} ok`, `the relay saw the logins: ${slot().logins.join(', ')}`);
  },
});

export const sharedSaslUntouched: Case = {
  name: 'the shared sasl_passwd and its .db are byte-identical, and main.cf has no lmtp_* setting (SASL is scoped to our service)',
  fn: async (c) => {
    const before = c.before['postfix-host'];
    assert(before, 'no snapshot of postfix-host');
    for (const p of SHARED_SASL) {
      const now = entry(c.h.postfix.path(p));
      assert(
        JSON.stringify(now) === JSON.stringify(before[p]),
        `${p} changed: ${JSON.stringify(before[p])} -> ${JSON.stringify(now)}`,
      );
    }
    const n = await c.h.postfix.exec('postconf', ['-n']);
    const global = n.stdout.split('\n').filter((l) => /^lmtp_/.test(l));
    assert(global.length === 0, `global lmtp settings in main.cf:\n${global.join('\n')}`);
  },
};

// A transport map that already routes other domains (issue 10: the bundle
// replaced the whole map, and those domains deferred).
export const ROUTE_PORT = 2526;
export function transportExisting(n: Net, slot: (s: StandIn) => void, domains: string[]) {
  return async (h: Hosts): Promise<void> => {
    const pf = h.postfix;
    const route = `smtp:[${n.client.addr}]:${ROUTE_PORT}`;
    // no final newline, as hand-edited files often are
    pf.write('/etc/postfix/transport', `# routes of our own\n${domains.map((d) => `${d}\t${route}`).join('\n')}`);
    await pf.exec('postmap', ['hash:/etc/postfix/transport']);
    // the routed domains are relay domains too; ours are added to the list (merged)
    await postconf(pf, 'transport_maps = hash:/etc/postfix/transport', `relay_domains = ${domains.join(', ')}`);
    const s = await startStandIn({ listen: { host: n.client.addr, port: ROUTE_PORT }, protocol: 'smtp' });
    slot(s);
    await reloadAndProve(h, n.postfix.addr, s, `carol@${domains[0] ?? ''}`);
  };
}

/** After an upgrade: the shared sasl_passwd holds exactly the relay's line again, compiled. */
export const earlierCredentialsRemoved = (n: Net): Case => ({
  name: "the earlier bundle's line is gone from the shared sasl_passwd; the relay's line is intact and compiled",
  fn: async (c) => {
    const text = c.h.postfix.read('/etc/postfix/sasl_passwd');
    assert(text === `${relayLine(n)}\n`, `/etc/postfix/sasl_passwd is now:\n${text ?? '(missing)'}`);
    const q = await c.h.postfix.exec('postmap', ['-q', 'store.test', 'hash:/etc/postfix/sasl_passwd'], {
      allowFail: true,
    });
    assert(q.stdout.trim() === '', `postmap -q store.test still finds: ${q.stdout}`);
  },
});

// A server that already delivers example.net with virtual(8) through a virtual
// mailbox map (issue 10: a domain we add to virtual_mailbox_domains would be
// looked up in that map, "User unknown in virtual mailbox table").
export const VHOSTS = '/var/mail/vhosts';
export async function virtualMapExisting(h: Hosts): Promise<void> {
  const pf = h.postfix;
  await writeMap(pf, '/etc/postfix/vmailbox', ['alice@example.net example.net/alice/']);
  await pf.exec('sh', ['-c', `mkdir -p ${VHOSTS} && chown 5000:5000 ${VHOSTS}`]);
  await postconf(
    pf,
    'virtual_mailbox_domains = example.net',
    'virtual_mailbox_maps = hash:/etc/postfix/vmailbox',
    `virtual_mailbox_base = ${VHOSTS}`,
    'virtual_uid_maps = static:5000',
    'virtual_gid_maps = static:5000',
  );
  await h.postfix.exec('postfix', ['reload']);
  await sleep(1500);
}

/** alice@example.net is still accepted and virtual(8) writes it into her maildir. */
export const virtualMailStillDelivered = (when: string): Case => ({
  name: `${when}: the other domain's virtual mail still resolves (alice@example.net lands in ${VHOSTS}/example.net/alice/new)`,
  fn: async (c) => {
    await waitFor(`SMTP on ${c.t.smtp.host}:25`, () => canConnect(c.t.smtp), 30_000, 200);
    const r = await sendMail({ host: c.t.smtp.host, from: SENDER, to: ['alice@example.net'] });
    assert(
      r.rcpt['alice@example.net']?.code === 250 && r.queueId,
      `alice@example.net not accepted:\n${r.transcript.join('\n')}`,
    );
    const dir = c.h.postfix.path(`${VHOSTS}/example.net/alice/new`);
    const found = (): boolean =>
      existsSync(dir) && readdirSync(dir).some((f) => readFileSync(`${dir}/${f}`, 'latin1').includes(r.messageId));
    await waitFor(`${r.messageId} in the maildir`, async () => found(), 20_000, 200).catch((e: Error) => {
      throw new Error(`${e.message}\n${postfixLog(c.h, new RegExp(`${r.queueId}: `)).join('\n')}`);
    });
  },
});

// Local recipients already go elsewhere (Dovecot's LMTP) through mailbox_transport,
// and the default route is a relay: the two global routes the bundle may need.
export const DEFAULT_ROUTE_PORT = 2527;
export function mailboxTransportExisting(n: Net, slot: (s: StandIn) => void) {
  return async (h: Hosts): Promise<void> => {
    const pf = h.postfix;
    // local names are Dovecot users, not Unix accounts
    await postconf(pf, 'mailbox_transport = lmtp:unix:private/dovecot-lmtp', 'local_recipient_maps =');
    const s = await startStandIn({
      listen: { path: pf.path('/var/spool/postfix/private/dovecot-lmtp') },
      protocol: 'lmtp',
    });
    slot(s);
    await reloadAndProve(h, n.postfix.addr, s, 'carol@mx.test');
  };
}
export function defaultTransportExisting(n: Net, slot: (s: StandIn) => void) {
  return async (h: Hosts): Promise<void> => {
    // replaces the suite's "default_transport = discard": the relay is the lane's client address
    await postconf(h.postfix, `default_transport = smtp:[${n.client.addr}]:${DEFAULT_ROUTE_PORT}`);
    const s = await startStandIn({ listen: { host: n.client.addr, port: DEFAULT_ROUTE_PORT }, protocol: 'smtp' });
    slot(s);
    await reloadAndProve(h, n.postfix.addr, s, 'carol@example.com');
  };
}

/** The dry run: CONFLICTS first, then "old -> new" per main.cf key and one diff per file of main.cf and master.cf. */
export const dryRunShowsPlan = (host: HostId, key: string): Case => ({
  name: `${host}/apply.sh --dry-run: CONFLICTS first, then "old -> new" per key and one diff each of main.cf and master.cf`,
  fn: async (c) => {
    const on = host === 'postfix-host' ? c.h.postfix : c.h.cyrus;
    const r = await script(c.bundle, host, on, 'apply.sh', ['--dry-run']);
    const lines = r.out.split('\n');
    const at = (re: RegExp): number => lines.findIndex((l) => re.test(l));
    const conflicts = at(/CONFLICTS \(\d+\)/);
    const oldNew = at(new RegExp(`would change main\\.cf: ${key} = .*  ->  ${key} = `));
    const mainDiff = at(/^lmtp-wizard: would change \/etc\/postfix\/main\.cf \(every change of this run\):$/);
    const masterDiff = at(/^lmtp-wizard: would change \/etc\/postfix\/master\.cf \(every change of this run\):$/);
    assert(
      r.code === 0 && conflicts >= 0 && conflicts < oldNew && oldNew < mainDiff && masterDiff > conflicts,
      `the dry run's order is wrong (${conflicts}, ${oldNew}, ${masterDiff}, ${mainDiff}):\n${r.out}`,
    );
    assert(
      lines[mainDiff + 1] === '--- /etc/postfix/main.cf' &&
        lines[mainDiff + 2] === '+++ /etc/postfix/main.cf (planned)',
      `no diff of main.cf:\n${r.out}`,
    );
    assert(
      lines.slice(mainDiff).some((l) => l.startsWith(`-${key} = `)) &&
        lines.slice(mainDiff).some((l) => l.startsWith(`+${key} = `)),
      `the main.cf diff does not change ${key}:\n${r.out}`,
    );
    assert(
      lines.slice(masterDiff).some((l) => /^\+cyrus +unix +- +- +n /.test(l)),
      `the master.cf diff does not add our service:\n${r.out}`,
    );
    assert(!/postconf says/.test(r.out), `postconf warns about the plan:\n${r.out}`);
  },
});

/** A bundle line Postfix does not know (an -o option of our service) is caught on the copy, before any change. */
export const unknownOptionRefused = (host: HostId): Case => ({
  name: `${host}/apply.sh with an option Postfix does not know in our service: postconf's warning on the copy is a conflict; exit 3, no byte changed`,
  fn: async (c) => {
    const on = host === 'postfix-host' ? c.h.postfix : c.h.cyrus;
    const root = mkdtempSync(join(bundlesRoot() ?? '/tmp', 'broken-'));
    cpSync(c.bundle.root, root, { recursive: true });
    const path = join(root, host, 'apply.sh');
    const text = readFileSync(path, 'utf8').replace(/^(set_master \S+ '[^']*lmtp)/gm, '$1 -o lmtp_bogus_option=1');
    assert(text.includes('lmtp_bogus_option'), 'no set_master line to change');
    writeFileSync(path, text);
    const r = await script({ ...c.bundle, root, hosts: { [host]: join(root, host) } }, host, on, 'apply.sh');
    assert(
      r.code === 3 &&
        /postconf says "postconf: warning: \/etc\/postfix\/master\.cf: unused parameter: lmtp_bogus_option=1"/.test(
          r.out,
        ),
      `expected exit 3 naming postconf's warning, got ${r.code}:\n${r.out}`,
    );
    const before = c.before[host];
    assert(before, `no snapshot of ${host}`);
    const diff = diffSnapshots(before, await snapshot(on));
    assert(diff.length === 0, `apply.sh refused but changed:\n${diff.join('\n')}`);
  },
});

/** The way out a conflict names: apply.sh --replace KEY writes our value; an unknown key changes nothing. */
export const replaceApplies = (host: HostId, key: string, was: string, boxes: string[]): Case => ({
  name: `${host}/apply.sh --replace ${key}: a wrong key is refused (exit 2, nothing changed); with ${key} it applies ("replacing ${key} as asked")`,
  fn: async (c) => {
    const on = host === 'postfix-host' ? c.h.postfix : c.h.cyrus;
    const bad = await script(c.bundle, host, on, 'apply.sh', ['--replace', 'no_such_key']);
    assert(
      bad.code === 2 && /--replace no_such_key: this bundle has no such entry/.test(bad.out),
      `--replace no_such_key: exit ${bad.code}:\n${bad.out}`,
    );
    const before = c.before[host];
    assert(before, `no snapshot of ${host}`);
    const diff = diffSnapshots(before, await snapshot(on));
    assert(diff.length === 0, `a refused --replace changed:\n${diff.join('\n')}`);
    const r = await apply(c.bundle, host, on, { args: ['--replace', key] });
    assert(
      r.out.includes(`replacing ${key} as asked (was: ${was})`) && r.backup,
      `apply.sh --replace ${key} did not say so:\n${r.out}`,
    );
    c.applied[host] = r;
    await waitForDaemons(c);
    await createMailboxes(c.t, boxes);
  },
});

// A main.cf without compatibility_level (level 0, as on a server carried over
// from old releases): relay_domains is unset and its default is $mydestination.
// Below level 1 smtpd_relay_restrictions defaults to empty, and smtpd exits
// without a relay rule; Debian's own main.cf writes it out, so this does too.
export async function compatZeroExisting(h: Hosts): Promise<void> {
  await h.postfix.exec('postconf', ['-X', 'compatibility_level']);
  await h.postfix.exec('postconf', [
    '-e',
    'smtpd_relay_restrictions = permit_mynetworks permit_sasl_authenticated defer_unauth_destination',
  ]);
  await h.postfix.exec('postfix', ['reload']);
}

/**
 * The admin writes the list's value out, as the conflict says; apply.sh then
 * grows it from that text. The snapshot is taken again first: rollback.sh
 * restores what was there when apply.sh ran.
 */
export const mergesOntoWrittenDefault = (key: string, written: string, want: string, boxes: string[]): Case => ({
  name: `after "postconf -e '${key} = ${written}'", apply.sh merges onto it: ${key} = ${want}`,
  fn: async (c) => {
    const on = c.h.postfix;
    await on.exec('postconf', ['-e', `${key} = ${written}`]);
    c.before['mail-host'] = await snapshot(on);
    c.applied['mail-host'] = await apply(c.bundle, 'mail-host', on);
    await waitForDaemons(c);
    await createMailboxes(c.t, boxes);
    const got = (await on.exec('postconf', ['-nh', key])).stdout.trim();
    assert(got === want, `${key} is "${got}", expected "${want}"`);
  },
});
