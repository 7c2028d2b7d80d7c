// Policies of the main.cf settings (issue 10): every setting says how it meets
// a value already there, and the exclusive ones are checked before any change.
// The shell tests run the real preflight lines and library functions under sh,
// with a stub postconf that reads a fake main.cf.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAnswers } from '@lmtp-wizard/schema';
import { generate } from '../src/index.ts';
import { createContext } from '../src/context.ts';
import { mainCf } from '../src/files/main-cf.ts';
import { APPLY_LIB } from '../src/scripts/shell-lib.ts';
import { COMMON_LIB } from '../src/scripts/common-lib.ts';
import { POSTFIX_LIB } from '../src/scripts/shell-lib-postfix.ts';
import { RECIPIENTS_APPLY, RECIPIENTS_COMMON } from '../src/scripts/shell-lib-recipients.ts';
import { POLICIES_LIB } from '../src/shell/embedded.ts';

function answers(a: object) {
  const r = parseAnswers(a);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.answers;
}
const SINGLE = { topology: 'single-host', mailHost: 'mx.test' };
const settingsOf = (a: object) => {
  const body = mainCf.body(createContext(answers(a)));
  if (body.kind !== 'postconf') throw new Error(body.kind);
  return body.settings;
};

describe('main.cf policies', () => {
  const all = settingsOf({
    ...SINGLE,
    delivery: { virtualDomains: ['example.org'], transportMapDomains: ['lists.example.org'], defaultTransport: true },
  });
  it('the global routes and an admin-set local_recipient_maps are exclusive, each with a way out that names a wizard answer', () => {
    const exclusive = all.filter((s) => s.policy === 'exclusive');
    expect(exclusive.map((s) => s.key)).toEqual([
      'mailbox_transport',
      'local_recipient_maps',
      'virtual_transport',
      'default_transport',
      'unverified_recipient_reject_code',
      'unverified_recipient_defer_code',
      'unverified_recipient_tempfail_action',
    ]);
    for (const s of exclusive) expect(s.resolve).toMatch(/delivery\.[a-zA-Z]+/);
  });
  it('lists are merged, and only settings named after our transport are owned', () => {
    expect(all.filter((s) => s.policy === 'merged').map((s) => s.key)).toEqual([
      'virtual_mailbox_domains',
      'transport_maps',
      'relay_domains',
      'smtpd_restriction_classes',
    ]);
    for (const s of all.filter((x) => x.policy === 'owned')) expect(s.key.startsWith('cyrus_')).toBe(true);
  });
});

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Runs the bundle's preflight against a fake main.cf; returns the recorded conflicts. */
function preflight(a: object, mainCfText: string): string {
  dir = mkdtempSync(join(tmpdir(), 'lwz-policy-'));
  writeFileSync(join(dir, 'main.cf'), mainCfText);
  const host = generate(answers(a)).hosts.find((h) => h.id !== 'cyrus-host')!;
  // the apt candidates check (check_packages) asks the real dpkg and apt; murder-failover.test.ts and real-mail cover it
  const lines = host.steps.flatMap((s) => s.preflight ?? []).filter((l) => !l.startsWith('check_packages '));
  const script = [
    'set -eu',
    `FAKE=${join(dir, 'main.cf')} CONFLICTS=${join(dir, 'conflicts')}; : >"$CONFLICTS"`,
    // postconf -n KEY / -nh KEY, as Postfix answers for an explicitly set key (nothing when unset)
    // -h/-hx/-nh KEY print the value alone (no $ expansion: the fake main.cf has none)
    `postconf() { l=$(grep "^$2 =" "$FAKE" || true); [ -n "$l" ] || return 0; if [ "$1" != -n ]; then printf '%s\\n' "$l" | sed 's/^[^=]*= *//'; else printf '%s\\n' "$l"; fi; }`,
    APPLY_LIB,
    POLICIES_LIB,
    POSTFIX_LIB,
    RECIPIENTS_COMMON,
    RECIPIENTS_APPLY,
    ...lines,
    'cat "$CONFLICTS"',
  ].join('\n');
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('the preflight of exclusive main.cf settings', () => {
  const VDOM = { ...SINGLE, delivery: { virtualDomains: ['example.org'] } };
  it('finds nothing on a fresh main.cf', () => {
    expect(preflight(VDOM, 'myhostname = mx.test\n')).toBe('');
  });
  it("refuses another store's virtual_transport, and says to route the domains per domain", () => {
    const out = preflight(VDOM, 'virtual_transport = lmtp:unix:private/dovecot-lmtp\n');
    expect(out).toContain(
      '/etc/postfix/main.cf: virtual_transport is "lmtp:unix:private/dovecot-lmtp", this bundle needs "cyrus:unix:/run/cyrus/socket/lmtp"',
    );
    expect(out).toContain('delivery.transportMapDomains');
  });
  it('takes over a value routed through our own service (an earlier bundle, the cyrdeliver pipe)', () => {
    expect(preflight(VDOM, 'mailbox_transport = cyrus\nvirtual_transport = cyrus:unix:/old/socket\n')).toBe('');
  });
  it('refuses a local_recipient_maps the admin set, unless the answers keep the Unix check', () => {
    const text = 'local_recipient_maps = hash:/etc/postfix/local_recipients\n';
    expect(preflight(SINGLE, text)).toMatch(
      /local_recipient_maps is "hash:\/etc\/postfix\/local_recipients".*delivery\.localRecipientCheck "unix"/,
    );
    expect(preflight({ ...SINGLE, delivery: { localRecipientCheck: 'unix' } }, text)).toBe('');
    expect(preflight(SINGLE, 'local_recipient_maps =\n')).toBe('');
  });
  it('refuses a default_transport taken by a relay', () => {
    const out = preflight(
      { ...SINGLE, delivery: { defaultTransport: true } },
      'default_transport = smtp:[relay.example.net]:587\n',
    );
    expect(out).toMatch(/default_transport is "smtp:\[relay\.example\.net\]:587".*delivery\.defaultTransport "false"/);
  });
});

describe('the SASL login is scoped to our transport', () => {
  const REMOTE = {
    topology: 'remote',
    mailHost: 'mx.test',
    tcp: { storeHost: 'store.test' },
    sasl: { password: 'pw-1' },
    delivery: { transportName: 'cyrusstore' },
  };
  const host = generate(answers(REMOTE)).hosts.find((h) => h.id === 'postfix-host')!;
  const commands = host.steps.flatMap((s) => s.commands);
  it('as -o options on our master.cf service, reading a credentials file of our own; no lmtp_* setting in main.cf', () => {
    expect(commands).toContain(
      "set_master cyrusstore/unix 'cyrusstore unix - - n - 20 lmtp -o lmtp_sasl_auth_enable=yes -o lmtp_sasl_password_maps=hash:/etc/postfix/cyrusstore_sasl_passwd -o lmtp_host_lookup=native -o lmtp_tls_security_level=fingerprint -o lmtp_tls_fingerprint_cert_match=STORE-SHA256-FINGERPRINT -o lmtp_tls_fingerprint_digest=sha256 -o lmtp_tls_connection_reuse=yes -o tlsproxy_service_name=cyrusstore-tlsproxy -o lmtp_tls_loglevel=1 -o lmtp_sasl_tls_security_options=noanonymous -o tls_required_enable=no'",
    );
    expect(settingsOf(REMOTE).filter((s) => s.key.startsWith('lmtp_'))).toEqual([]);
    // the shared sasl_passwd is only ever read for an earlier bundle's line
    expect(commands.filter((c) => /\/etc\/postfix\/sasl_passwd\b/.test(c))).toEqual([
      'drop_earlier_credentials /etc/postfix/sasl_passwd store.test postman',
    ]);
  });
  it('the credentials file is ours: /etc/postfix/<transport>_sasl_passwd, 0600, the only file with the password', () => {
    const secret = host.files.filter((f) => f.secret);
    expect(secret.map((f) => [f.path, f.target, f.mode.toString(8)])).toEqual([
      ['files/etc/postfix/cyrusstore_sasl_passwd', '/etc/postfix/cyrusstore_sasl_passwd', '600'],
    ]);
    expect(commands).toContain(
      'install_file "$HERE"/files/etc/postfix/cyrusstore_sasl_passwd /etc/postfix/cyrusstore_sasl_passwd 0600 root root',
    );
  });
});

describe('the transport map is merged by key', () => {
  /** Runs the real library functions on a copy of a transport map; returns the file and the conflicts. */
  function onMap(text: string | null, lines: string[]): { map: string; conflicts: string; code: number | null } {
    dir = mkdtempSync(join(tmpdir(), 'lwz-table-'));
    const map = join(dir, 'transport');
    if (text !== null) writeFileSync(map, text);
    const script = [
      'set -eu',
      `DRY_RUN=0 CHANGED="" BACKUP=${join(dir, 'backup')} CONFLICTS=${join(dir, 'conflicts')} MAP=${map}; mkdir -p "$BACKUP"; : >"$CONFLICTS"`,
      COMMON_LIB,
      APPLY_LIB,
      POLICIES_LIB,
      POSTFIX_LIB,
      ...lines,
    ].join('\n');
    const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
    const read = (p: string) => spawnSync('cat', [p], { encoding: 'utf8' }).stdout;
    return { map: read(map), conflicts: read(join(dir, 'conflicts')), code: r.status };
  }
  const ROUTE = 'cyrus:unix:/run/cyrus/socket/lmtp';
  it('adds our key and keeps every other entry, comment and continuation line (a file without a final newline too)', () => {
    const before = '# relays\nexample.net smtp:[relay.example.net]:587\nlists.example.com\n  relay:[lists.example.com]';
    const r = onMap(before, [
      `merge_table_key "$MAP" example.org ${ROUTE}`,
      `merge_table_key "$MAP" example.org ${ROUTE}`,
    ]);
    expect(r.code).toBe(0);
    expect(r.map).toBe(`${before}\nexample.org ${ROUTE}\n`);
  });
  it('creates a missing map', () => {
    expect(onMap(null, [`merge_table_key "$MAP" example.org ${ROUTE}`]).map).toBe(`example.org ${ROUTE}\n`);
  });
  it('a key already routed elsewhere is a conflict (keys compare in lower case); the same route is not', () => {
    const r = onMap('Example.ORG   smtp:[other.example]:25  \n', [`check_table_key "$MAP" example.org ${ROUTE} how`]);
    expect(r.conflicts).toContain(
      `transport: example.org is "smtp:[other.example]:25", this bundle needs "${ROUTE}"; to resolve: how`,
    );
    expect(onMap(`example.org ${ROUTE}\n`, [`check_table_key "$MAP" example.org ${ROUTE} how`]).conflicts).toBe('');
  });
  it("an upgrade removes only an earlier bundle's line for the store and user from the shared sasl_passwd", () => {
    const relay = '[relay.example.net]:587 relayuser:relay-pw\n';
    const stub = 'postmap() { :; }';
    for (const earlier of ['store.test postman:old-pw\n', 'Store.Test\tpostman:p:a$s\n']) {
      expect(onMap(`${relay}${earlier}`, [stub, 'drop_earlier_credentials "$MAP" store.test postman']).map).toBe(relay);
    }
    // another user's line for the store, a comment and the relay stay
    const others = `# mine\nstore.test admin:pw\n${relay}`;
    expect(onMap(others, [stub, 'drop_earlier_credentials "$MAP" store.test postman']).map).toBe(others);
  });
});
