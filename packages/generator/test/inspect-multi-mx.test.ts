// The import with several MX hosts (issue 15 on issue 12): a store and two
// Postfix hosts pasted at once prefill mailHost and extraMx, and the plan
// covers every MX folder (postfix-host-<host>/). Fixture: captured by the
// real-mail scenario remote-two-mx on Debian 13 (store.test, mx.test, mx2.test).
import { describe, expect, it } from 'vitest';
import { generate, matchHosts, planFromInspect, planSummary, prefillFrom } from '../src/index.ts';
import { answers, block, fixture, hostsOf } from './inspect-helpers.ts';

const TWO_MX = fixture('inspect-debian-13-remote-two-mx.txt');
const blocks = TWO_MX.split(/\n(?==== lmtp-wizard inspect\.sh begin)/).map((b) => b.trim());
const ANSWERS = {
  topology: 'remote',
  target: 'debian-13',
  mailHost: 'mx.test',
  tcp: { storeHost: 'store.test' },
  sasl: { password: 'S3cret-lmtp' },
  extraMx: [{ host: 'mx2.test', username: 'postman2', password: 'An0ther-secret' }],
};

describe('prefillFrom with two Postfix hosts and a store', () => {
  it('the first Postfix host pasted is mailHost, the next one extraMx.0 (host only: inspect.sh never prints a SASL user or password)', () => {
    expect(blocks).toHaveLength(3);
    const p = prefillFrom(hostsOf(TWO_MX));
    const at = (path: string) => p.find((x) => x.path.join('.') === path);
    expect(at('topology')?.value).toBe('remote');
    expect(at('mailHost')?.value).toBe('mx.test');
    expect(at('extraMx.0.host')).toMatchObject({
      value: 'mx2.test',
      note: expect.stringMatching(/^from your server: mx2\.test is MX host 2 .*order pasted.*myhostname/),
    });
    // issue 24: the store host from the store's own output, its lmtpd maxchild kept (20, stock lmtpunix), and the
    // two MX hosts' parallel deliveries within it (10 each), each with its reason; never a SASL user or password
    expect(p.filter((x) => x.path[0] === 'extraMx').map((x) => x.path.join('.'))).toEqual([
      'extraMx.0.host',
      'extraMx.0.concurrency',
    ]);
    expect(at('tcp.storeHost')).toMatchObject({
      value: 'store.test',
      note: expect.stringMatching(/^from your server: store\.test runs Cyrus/),
    });
    expect(at('limits.lmtpMaxChild')).toMatchObject({
      value: 20,
      note: expect.stringMatching(/lmtpunix maxchild=20 on store\.test/),
    });
    expect(at('limits.concurrency')).toMatchObject({
      value: 10,
      note: expect.stringMatching(/maxchild on store\.test is 20, shared by 2 MX hosts/),
    });
    expect(at('extraMx.0.concurrency')?.value).toBe(10);
    expect(JSON.stringify(p)).not.toMatch(/password|S3cret/i);
    // the MX blocks pasted the other way round (the store first: these captured hosts all have Cyrus installed), mx2.test is the first MX
    const swapped = prefillFrom(hostsOf([blocks[0], blocks[2], blocks[1]].join('\n')));
    expect(swapped.find((x) => x.path.join('.') === 'mailHost')?.value).toBe('mx2.test');
    expect(swapped.find((x) => x.path.join('.') === 'extraMx.0.host')?.value).toBe('mx.test');
  });
  it("each further MX's concurrency from its own master.cf row of the transport, with where it came from", () => {
    const mx = (name: string, maxproc: number) =>
      block(
        [
          '@section postconf-n',
          `|myhostname = ${name}`,
          '|virtual_transport = cyrusstore:inet:store.example.org:2003',
          '|virtual_mailbox_domains = example.org',
          '@section postconf-M',
          `|cyrusstore unix - - n - ${maxproc} lmtp`,
        ],
        [
          '@debian_version 13.1',
          `@hostname ${name.split('.')[0]}`,
          '@package postfix 3.10.13-1',
          '@package cyrus-imapd absent',
        ],
      );
    const store = block(
      [
        '@section cyrus.conf /etc/cyrus.conf',
        '|SERVICES {',
        '|  lmtp cmd="lmtpd -a" listen="0.0.0.0:2003" maxchild=40',
        '|}',
      ],
      ['@debian_version 13.1', '@hostname store', '@package postfix absent', '@package cyrus-imapd 3.10.2-1'],
    );
    const p = prefillFrom(
      hostsOf([mx('mx1.example.org', 10), store, mx('mx2.example.org', 7), mx('mx3.example.org', 5)].join('\n')),
    );
    const v = Object.fromEntries(p.map((x) => [x.path.join('.'), x.value]));
    expect(v).toMatchObject({
      mailHost: 'mx1.example.org',
      'limits.concurrency': 10,
      'tcp.storeHost': 'store.example.org',
      'extraMx.0.host': 'mx2.example.org',
      'extraMx.0.concurrency': 7,
      'extraMx.1.host': 'mx3.example.org',
      'extraMx.1.concurrency': 5,
    });
    expect(p.find((x) => x.path.join('.') === 'extraMx.1.concurrency')?.note).toBe(
      'from your server: master.cf "cyrusstore" on mx3 runs at most 5 processes',
    );
    expect(Object.keys(v).some((k) => /username|password/.test(k))).toBe(false);
  });
  it('drops a further MX whose concurrency the schema refuses, and keeps its host', () => {
    const mx = (name: string, maxproc: number) =>
      block(
        [
          '@section postconf-n',
          `|myhostname = ${name}`,
          '|virtual_transport = cyrusstore:inet:store.example.org:2003',
          '@section postconf-M',
          `|cyrusstore unix - - n - ${maxproc} lmtp`,
        ],
        [
          '@debian_version 13.1',
          `@hostname ${name.split('.')[0]}`,
          '@package postfix 3.10.13-1',
          '@package cyrus-imapd absent',
        ],
      );
    const store = block(
      [],
      ['@debian_version 13.1', '@hostname store', '@package postfix absent', '@package cyrus-imapd 3.10.2-1'],
    );
    const v = Object.fromEntries(
      prefillFrom(hostsOf([mx('mx1.example.org', 10), store, mx('mx2.example.org', 5000)].join('\n'))).map((x) => [
        x.path.join('.'),
        x.value,
      ]),
    );
    expect(v['extraMx.0.host']).toBe('mx2.example.org');
    expect(v['extraMx.0.concurrency']).toBeUndefined();
  });
});

describe('planFromInspect with two Postfix hosts and a store', () => {
  it('plans every folder, postfix-host-mx2.test/ against mx2.test as that MX sees the answers', () => {
    const hosts = hostsOf(TWO_MX);
    const a = answers(ANSWERS);
    const plan = planFromInspect(a, hosts);
    expect(plan.map((p) => p.host)).toEqual(['cyrus-host', 'postfix-host', 'postfix-host-mx2.test']);
    expect(matchHosts(a, hosts)['postfix-host-mx2.test']?.hostname).toBe('mx2.test');
    const [store, mx1, mx2] = plan.map((p) => p.entries);
    // the same captured host under another name: the same plan, but its own myhostname-free entries
    expect(mx2!.map((e) => `${e.file} ${e.key} ${e.action}`)).toEqual(
      mx1!.map((e) => `${e.file} ${e.key} ${e.action}`),
    );
    // the store admits the MX users (the plan shows the entry's first record, as apply.sh's print_plan does)
    expect(store!.find((e) => e.key === 'lmtp_admins')).toMatchObject({ file: '/etc/imapd.conf', action: 'add' });
    expect(mx2!.length).toBeGreaterThan(5);
    // each MX's plan is its own folder's: the master.cf row of postfix-host-mx2.test/ as generated
    const folder = generate(a).hosts.find((h) => h.id === 'postfix-host-mx2.test');
    expect(folder).toBeDefined();
    expect(planSummary(plan).conflict).toBe(0);
  });
  it('matches a further MX by its name, not by the order pasted', () => {
    const hosts = hostsOf([blocks[2], blocks[0], blocks[1]].join('\n'));
    const m = matchHosts(answers(ANSWERS), hosts);
    expect(m['postfix-host']?.hostname).toBe('mx.test');
    expect(m['postfix-host-mx2.test']?.hostname).toBe('mx2.test');
  });
  it('plans no folder for a further MX whose output was not pasted', () => {
    const plan = planFromInspect(answers(ANSWERS), hostsOf([blocks[0], blocks[1]].join('\n')));
    expect(plan.map((p) => p.host)).toEqual(['cyrus-host', 'postfix-host']);
  });
});
