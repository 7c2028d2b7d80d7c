// A Postfix host with a content filter, as amavisd-new is set up (issue 24,
// defect 13): main.cf hands every message to the smtp-amavis transport, which
// gives it by SMTP to a filter on 127.0.0.1:10024; the filter gives it back to
// a second smtpd on 127.0.0.1:10025 (`-o content_filter=` and the other
// overrides of amavis's README), which queues it for delivery. inspect.sh then
// prints postconf -P lines such as `127.0.0.1:10025/inet/content_filter =`,
// which the wizard's import refused. The filter is the test's own (a Perl
// script run inside the host, in the role amavisd plays): it adds a header and
// re-injects, so a message that arrives with that header went through it.
import type { Container } from '../lib/containers/container.ts';
import { postfixLog, type Hosts } from '../lib/diagnostics.ts';
import type { Net } from '../lib/network.ts';
import { assert } from '../lib/runner.ts';
import type { Case, Scenario } from '../lib/scenario.ts';
import { sleep, waitFor } from '../lib/sh.ts';
import { waitForMessage } from '../lib/topology.ts';
import { BOXES, postconf } from './brownfield-postfix-lib.ts';
import { rollbackRestores, send, SENDER, verifyPasses } from './common.ts';
import { sendMail } from '../lib/mail.ts';

const FILTER = '/usr/local/sbin/lwz-filter';
const FILTER_LOG = '/var/log/lwz-filter.log';
const HEADER = 'X-Lwz-Filter: passed through 127.0.0.1:10024';

// The filter: an SMTP server on 127.0.0.1:10024 (one process per connection)
// that re-injects each message, with HEADER on top, to 127.0.0.1:10025 and
// answers 250 only once that smtpd took it, as amavisd does.
const FILTER_PL = String.raw`#!/usr/bin/perl
use strict;
use warnings;
use IO::Socket::IP;
use Net::SMTP;
$SIG{CHLD} = 'IGNORE';
$SIG{PIPE} = 'IGNORE';
my $srv = IO::Socket::IP->new(LocalHost => '127.0.0.1', LocalPort => 10024, Listen => 10, ReuseAddr => 1) or die "listen on 127.0.0.1:10024: $!";
while (1) {
  my $c = $srv->accept or next;
  my $pid = fork;
  if (!defined $pid || $pid) { close $c; next; }
  $c->autoflush(1);
  my $say = sub { print $c "$_[0]\r\n" };
  $say->('220 lwz-filter ESMTP');
  my ($from, @to);
  while (defined(my $l = <$c>)) {
    $l =~ s/\r?\n\z//;
    if ($l =~ /^(EHLO|HELO)\b/i) { $say->('250 lwz-filter') }
    elsif ($l =~ /^MAIL FROM:\s*<([^>]*)>/i) { $from = $1; @to = (); $say->('250 2.1.0 Ok') }
    elsif ($l =~ /^RCPT TO:\s*<([^>]*)>/i) { push @to, $1; $say->('250 2.1.5 Ok') }
    elsif ($l =~ /^DATA\b/i) {
      $say->('354 End data with <CR><LF>.<CR><LF>');
      my @msg;
      while (defined(my $d = <$c>)) { $d =~ s/\r?\n\z//; last if $d eq '.'; $d =~ s/^\.//; push @msg, $d }
      my ($id) = map { /^Message-ID:\s*(\S+)/i ? $1 : () } @msg;
      my ($ok, $reply) = (0, 'no connection to 127.0.0.1:10025');
      if (my $s = Net::SMTP->new('127.0.0.1', Port => 10025, Hello => 'lwz-filter', Timeout => 30)) {
        $ok = $s->mail($from) && $s->to(@to) && $s->data && $s->datasend(join("\n", '${HEADER}', @msg) . "\n") && $s->dataend;
        $reply = $s->message // '';
        $reply =~ s/\s+\z//;
        $s->quit;
      }
      if (open my $log, '>>', '${FILTER_LOG}') { print $log 'id=' . ($id // '-') . ' from=<' . $from . '> to=<' . join(',', @to) . '> ' . ($ok ? 'reinjected' : 'failed') . " ($reply)\n"; close $log }
      $say->($ok ? "250 2.0.0 Ok: reinjected ($reply)" : "451 4.3.0 re-injection failed ($reply)");
    }
    elsif ($l =~ /^RSET\b/i) { ($from, @to) = (); $say->('250 2.0.0 Ok') }
    elsif ($l =~ /^NOOP\b/i) { $say->('250 2.0.0 Ok') }
    elsif ($l =~ /^QUIT\b/i) { $say->('221 2.0.0 Bye'); last }
    else { $say->('502 5.5.2 Error: command not recognized') }
  }
  exit 0;
}
`;

// amavisd-new's README.postfix, as admins copy it (the -o overrides of the re-injection smtpd)
const MASTER_CF = `
smtp-amavis unix -      -       n       -       2       smtp
  -o smtp_data_done_timeout=1200
  -o smtp_send_xforward_command=yes
  -o smtp_dns_support_level=disabled
  -o max_use=20
127.0.0.1:10025 inet n  -       n       -       -       smtpd
  -o content_filter=
  -o local_recipient_maps=
  -o relay_recipient_maps=
  -o smtpd_restriction_classes=
  -o smtpd_delay_reject=no
  -o smtpd_client_restrictions=permit_mynetworks,reject
  -o smtpd_helo_restrictions=
  -o smtpd_sender_restrictions=
  -o smtpd_recipient_restrictions=permit_mynetworks,reject
  -o smtpd_data_restrictions=reject_unauth_pipelining
  -o smtpd_end_of_data_restrictions=
  -o mynetworks=127.0.0.0/8
  -o smtpd_error_sleep_time=0
  -o smtpd_soft_error_limit=1001
  -o smtpd_hard_error_limit=1000
  -o smtpd_client_connection_count_limit=0
  -o smtpd_client_connection_rate_limit=0
  -o receive_override_options=no_header_body_checks,no_unknown_recipient_checks
`;

const filterLog = (on: Container): string => on.read(FILTER_LOG) ?? '';

/** The Postfix queue id the filter's re-injection got for `firstId`'s message (from the smtp-amavis delivery's reply). */
function reinjected(h: Hosts, firstId: string): string | undefined {
  const line =
    postfixLog(h, new RegExp(`${firstId}: to=.*relay=127\\.0\\.0\\.1\\[127\\.0\\.0\\.1\\]:10024.*status=sent`)).at(
      -1,
    ) ?? '';
  return /queued as ([0-9A-Za-z]+)/.exec(line)?.[1];
}

/** One message to `rcpt` went to the filter, came back through 127.0.0.1:10025, and was then delivered (the second queue id's status=sent). */
async function throughFilter(
  h: Hosts,
  messageId: string,
  firstId: string,
  rcpt: string,
  relay: RegExp,
): Promise<string> {
  let second: string | undefined;
  await waitFor(
    `${firstId} handed to the filter on 127.0.0.1:10024, re-injected, and delivered`,
    () => {
      second = reinjected(h, firstId);
      return !!second && postfixLog(h, new RegExp(`${second}: to=<${rcpt}>.*status=sent`)).some((l) => relay.test(l));
    },
    30_000,
    250,
  ).catch((e: Error) => {
    throw new Error(
      `${e.message}\nPostfix:\n${postfixLog(h, new RegExp(`${firstId}: |${second ?? 'none'}: `)).join('\n')}\nfilter:\n${filterLog(h.postfix)}`,
    );
  });
  assert(
    new RegExp(`id=${messageId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .*reinjected`).test(filterLog(h.postfix)),
    `the filter did not log ${messageId}:\n${filterLog(h.postfix)}`,
  );
  assert(
    postfixLog(h, new RegExp(`${second}: client=localhost\\[127\\.0\\.0\\.1\\]`)).length > 0,
    `${second} did not come in from 127.0.0.1 (the re-injection smtpd)`,
  );
  return second ?? '';
}

/** The filter set up and proven before apply.sh: a message for another domain goes through it to the lane's discard relay. */
const contentFilterExisting =
  (n: Net) =>
  async (h: Hosts): Promise<void> => {
    const pf = h.postfix;
    pf.write(FILTER, FILTER_PL, 0o755);
    await pf.exec('systemd-run', ['--unit=lwz-filter', '--quiet', '/usr/bin/perl', FILTER]);
    pf.write('/etc/postfix/master.cf', `${pf.read('/etc/postfix/master.cf') ?? ''}${MASTER_CF}`);
    await postconf(
      pf,
      'content_filter = smtp-amavis:[127.0.0.1]:10024',
      'receive_override_options = no_address_mappings',
    );
    await pf.exec('postfix', ['reload']);
    await sleep(1500);
    await waitFor(
      'the filter on 127.0.0.1:10024',
      async () =>
        (
          await pf.exec('perl', ['-MIO::Socket::IP', '-e', 'IO::Socket::IP->new("127.0.0.1:10024") or exit 1'], {
            allowFail: true,
          })
        ).code === 0,
      15_000,
      200,
    );
    const rcpt = 'someone@elsewhere.test';
    const r = await sendMail({ host: n.postfix.addr, from: SENDER, to: [rcpt] });
    assert(
      r.rcpt[rcpt]?.code === 250 && r.queueId,
      `${rcpt} not accepted before apply.sh:\n${r.transcript.join('\n')}`,
    );
    await throughFilter(h, r.messageId, r.queueId, rcpt, /postfix\/discard\[/);
  };

const dryRunLeavesFilter: Case = {
  name: "mail-host/apply.sh --dry-run, before the first apply: no conflict, our cyrus service added to master.cf, and no diff line touches the filter's services, content_filter or receive_override_options",
  fn: async (c) => {
    const dry = c.dryRun['mail-host'];
    assert(dry !== undefined, 'no dry run of mail-host was taken');
    assert(!/CONFLICTS/.test(dry), `the dry run listed conflicts:\n${dry}`);
    assert(
      /^\+cyrus +unix +- +- +n +- +\d+ +lmtp$/m.test(dry),
      `the dry run does not add our cyrus service to master.cf:\n${dry}`,
    );
    const touching = dry
      .split('\n')
      .filter(
        (l) => /^[-+](?![-+]{2} )/.test(l) && /10024|10025|amavis|content_filter|receive_override_options/.test(l),
      );
    assert(touching.length === 0, `the dry run would change the filter's lines:\n${touching.join('\n')}`);
  },
};

const filterPathDelivers: Case = {
  name: 'after apply.sh: alice@mx.test goes through the filter (127.0.0.1:10024, back in on 127.0.0.1:10025) and arrives over IMAP with its header',
  fn: async (c) => {
    const rcpt = 'alice@mx.test';
    const s = await send(c, [rcpt]);
    assert(s.queueId, 'no queue id');
    await throughFilter(c.h, s.messageId, s.queueId, rcpt, /relay=[^,]*\/run\/cyrus\/socket\/lmtp\]/);
    const text = await waitForMessage(c.t, c.h, 'user.alice', s.messageId);
    assert(text.includes(HEADER), `the message in user.alice has no "${HEADER}":\n${text.slice(0, 1500)}`);
  },
};

const filterLeftAlone: Case = {
  name: "after apply.sh: the filter's services and content_filter are as the admin wrote them",
  fn: async (c) => {
    const n = await c.h.postfix.exec('postconf', ['-h', 'content_filter', 'receive_override_options']);
    assert(n.stdout === 'smtp-amavis:[127.0.0.1]:10024\nno_address_mappings\n', `main.cf now says:\n${n.stdout}`);
    const p = await c.h.postfix.exec('postconf', [
      '-P',
      '127.0.0.1:10025/inet/content_filter',
      '127.0.0.1:10025/inet/smtpd_recipient_restrictions',
      'smtp-amavis/unix/smtp_send_xforward_command',
    ]);
    // postconf -P prints them in master.cf's order
    assert(
      p.stdout ===
        'smtp-amavis/unix/smtp_send_xforward_command = yes\n127.0.0.1:10025/inet/content_filter =\n127.0.0.1:10025/inet/smtpd_recipient_restrictions = permit_mynetworks,reject\n',
      `postconf -P now says:\n${p.stdout}`,
    );
  },
};

export const contentFilterBrownfield = (n: Net): { s: Scenario; cases: Case[] }[] => [
  {
    s: {
      name: 'brownfield-pf-content-filter',
      kind: 'single-host',
      answers: { topology: 'single-host', mailHost: 'mx.test' },
      existing: contentFilterExisting(n),
      mailboxes: BOXES,
      lmtp: { path: '/run/cyrus/socket/lmtp' },
    },
    cases: [dryRunLeavesFilter, filterLeftAlone, filterPathDelivers, verifyPasses, rollbackRestores],
  },
];
