// Issue 24, defect 13: parseInspect reads every master.cf service name that
// postconf can print. The lines below are what postconf -M, -P and -n printed,
// on Debian 13 (postfix 3.10.13) and Debian 12 (3.7.11) alike, for a master.cf
// with an amavis-style filter (smtp-amavis, a re-injection smtpd on
// 127.0.0.1:10025), an IPv6 one on [::1]:10026, and names with ".", "-", "/",
// "=", "@" and "+" (postconf -c DIR on the release's root filesystem).
import { describe, expect, it } from 'vitest';
import { comparePlans, parseInspect, parsePlanLines, planFromInspect } from '../src/index.ts';
import { answers, block, fixture, hostsOf } from './inspect-helpers.ts';

const POSTCONF_M = [
  'smtp       inet  n       -       y       -       -       smtpd',
  'smtp-amavis unix -       -       n       -       2       smtp -o smtp_data_done_timeout=1200 -o smtp_send_xforward_command=yes',
  '127.0.0.1:10025 inet n   -       n       -       -       smtpd -o content_filter= -o smtpd_recipient_restrictions=permit_mynetworks,reject -o mynetworks=127.0.0.0/8',
  '[::1]:10026 inet n       -       n       -       -       smtpd -o content_filter=',
  'lmtp.filter-2 unix -     -       n       -       -       lmtp -o lmtp_send_xforward_command=yes',
  'a/b        unix  -       -       n       -       -       smtp -o smtp_helo_name=x',
  'c=d        unix  -       -       n       -       -       smtp -o smtp_helo_name=y',
  'e@f+g      unix  -       -       n       -       -       smtp -o {smtp_helo_name=two words} -o my-custom.param=1 -o smtp_bind_address6=::1',
];
const POSTCONF_P = [
  'smtp-amavis/unix/smtp_data_done_timeout = 1200',
  'smtp-amavis/unix/smtp_send_xforward_command = yes',
  '127.0.0.1:10025/inet/content_filter =',
  '127.0.0.1:10025/inet/mynetworks = 127.0.0.0/8',
  '127.0.0.1:10025/inet/smtpd_recipient_restrictions = permit_mynetworks,reject',
  '[::1]:10026/inet/content_filter =',
  'lmtp.filter-2/unix/lmtp_send_xforward_command = yes',
  'a/b/unix/smtp_helo_name = x',
  'c=d/unix/smtp_helo_name = y',
  'e@f+g/unix/my-custom.param = 1',
  'e@f+g/unix/smtp_bind_address6 = ::1',
  'e@f+g/unix/smtp_helo_name = two words',
];
const POSTCONF_N = [
  'compatibility_level = 3.9',
  'content_filter = smtp-amavis:[127.0.0.1]:10024',
  'e@f+g_destination_recipient_limit = 1',
  'lmtp.filter-2_destination_concurrency_limit = 2',
  'smtp-amavis_destination_recipient_limit = 1',
];

const sections = (m = POSTCONF_M, p = POSTCONF_P, n = POSTCONF_N): string[] => [
  '@section postconf-n',
  ...n.map((l) => `|${l}`),
  '@section postconf-M',
  ...m.map((l) => `|${l}`),
  '@section postconf-P',
  ...p.map((l) => `|${l}`),
];

describe('parseInspect reads every service name postconf prints (issue 24)', () => {
  it('host:port, [v6]:port, and names with "-", ".", "/", "=", "@", "+": in postconf -M, -P and the transport-dependent main.cf names', () => {
    const [h] = hostsOf(block(sections()));
    expect(h?.master.map((m) => `${m.service}/${m.type}`)).toEqual([
      'smtp/inet',
      'smtp-amavis/unix',
      '127.0.0.1:10025/inet',
      '[::1]:10026/inet',
      'lmtp.filter-2/unix',
      'a/b/unix',
      'c=d/unix',
      'e@f+g/unix',
    ]);
    expect(h?.master.find((m) => m.service === '127.0.0.1:10025')?.args).toEqual([
      '-o',
      'content_filter=',
      '-o',
      'smtpd_recipient_restrictions=permit_mynetworks,reject',
      '-o',
      'mynetworks=127.0.0.0/8',
    ]);
    expect(h?.masterParams).toEqual({
      'smtp-amavis/unix/smtp_data_done_timeout': '1200',
      'smtp-amavis/unix/smtp_send_xforward_command': 'yes',
      '127.0.0.1:10025/inet/content_filter': '',
      '127.0.0.1:10025/inet/mynetworks': '127.0.0.0/8',
      '127.0.0.1:10025/inet/smtpd_recipient_restrictions': 'permit_mynetworks,reject',
      '[::1]:10026/inet/content_filter': '',
      'lmtp.filter-2/unix/lmtp_send_xforward_command': 'yes',
      'a/b/unix/smtp_helo_name': 'x',
      'c=d/unix/smtp_helo_name': 'y',
      'e@f+g/unix/my-custom.param': '1',
      'e@f+g/unix/smtp_bind_address6': '::1',
      'e@f+g/unix/smtp_helo_name': 'two words',
    });
    expect(h?.main.content_filter).toBe('smtp-amavis:[127.0.0.1]:10024');
    expect(h?.main['e@f+g_destination_recipient_limit']).toBe('1');
    expect(h?.main['lmtp.filter-2_destination_concurrency_limit']).toBe('2');
  });

  it.each([
    ['127.0.0.1:10025/inet/content_filter'],
    ['[::1]:10026/inet/content_filter ='],
    ['lmtp.filter-2/unix/lmtp_send_xforward_command = yes'],
  ])('a postconf -P line alone: %s', (line) => {
    const r = parseInspect(block(sections([], [line], [])));
    expect(r.ok).toBe(!line.endsWith('content_filter'));
  });

  it('still refuses what postconf -P never prints, naming the line', () => {
    for (const bad of [
      'smtp-amavis/unixx/smtp_helo_name = x', // not a master.cf type
      'smtp-amavis/smtp_helo_name = x', // no type
      'smtp amavis/unix/smtp_helo_name = x', // a blank in the name
      'smtp-amavis/unix/ = x', // no parameter
      'smtp-amavis/unix/smtp_helo_name=x', // not "name = value"
    ]) {
      const r = parseInspect(block(sections([], [bad], [])));
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error).toBe(`line 9: "${bad}" is not a "service/type/parameter = value" line of postconf -P`);
    }
    for (const bad of ['two words = x', '= x', 'myhostname=mx.test']) {
      const r = parseInspect(block(sections([], [], [bad])));
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error).toBe(`line 7: "${bad}" is not a "name = value" line of postconf`);
    }
    const r = parseInspect(block(sections(['127.0.0.1:10025 tcp n - n - - smtpd'], [], [])));
    expect(r.ok || r.error).toBe('line 8: "127.0.0.1:10025 tcp n - n - - smtpd" is not a master.cf row of postconf -M');
  });
});

describe('an amavis-style host, captured by the real-mail suite (brownfield-pf-content-filter)', () => {
  it.each(['debian-13', 'debian-12'] as const)(
    "%s: inspect.sh's output is read, and the wizard's plan equals apply.sh --dry-run's",
    (target) => {
      const name = `inspect-${target}-content-filter`;
      const [h, more] = hostsOf(fixture(`${name}.txt`));
      expect(more).toBeUndefined();
      expect(h?.main.content_filter).toBe('smtp-amavis:[127.0.0.1]:10024');
      expect(h?.masterParams['127.0.0.1:10025/inet/content_filter']).toBe('');
      expect(h?.master.find((m) => m.service === '127.0.0.1:10025')?.command).toBe('smtpd');
      const plan = planFromInspect(answers({ topology: 'single-host', mailHost: 'mx.test', target }), h ? [h] : []);
      const dry = fixture(`${name}.dry-run-plan.txt`).split(/^# /m).filter(Boolean);
      expect(plan.map((p) => p.host)).toEqual(dry.map((d) => d.split('\n')[0]));
      expect(plan[0]?.entries.length).toBeGreaterThan(5);
      for (const [i, p] of plan.entries()) expect(comparePlans(p.entries, parsePlanLines(dry[i] ?? ''))).toEqual([]);
    },
  );
});
