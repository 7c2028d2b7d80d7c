// A small, well-formed inspect.sh output for the web app's unit tests: a
// Debian 13 mail host with Postfix and Cyrus and settings of its own. The
// line count and cksum are computed as inspect.sh computes them, with the
// generator's own cksum, so the generator's strict parser accepts it.
import { posixCksum } from '../../../../packages/generator/src/inspect/parse.ts';

export const MAIL_HOST_BODY = [
  '@debian_version 13.1',
  '@hostname mail.example.org',
  '@package postfix 3.10.13-0+deb13u1',
  '@package cyrus-imapd 3.10.2-1',
  '@postconf-version 3.10.13',
  '@section postconf-n',
  '|compatibility_level = 3.6',
  '|mydestination = $myhostname, localhost',
  '|myhostname = mail.example.org',
  '|smtpd_banner = $myhostname ESMTP Example Relay',
  '|virtual_transport = lmtp:unix:private/dovecot-lmtp',
  '@section postconf-M',
  '|smtp       inet  n       -       y       -       -       smtpd',
  '|pickup     unix  n       -       y       60      1       pickup',
  '@section postconf-P',
  '@section postconf-h',
  '|myhostname = mail.example.org',
  '|mydestination = $myhostname, localhost',
  '@section postconf-d',
  '@section postconf-x',
  '|mydestination = mail.example.org, localhost',
  '@section imapd.conf /etc/imapd.conf',
  '|configdirectory: /var/lib/cyrus',
  '|ldap_password: <hidden by inspect.sh>',
  '|virtdomains: userid',
  '@section cyrus.conf /etc/cyrus.conf',
  '|SERVICES {',
  '|  imap cmd="imapd -U 30" listen="imap" prefork=0',
  '|  lmtpunix cmd="lmtpd" listen="/run/cyrus/socket/lmtp" prefork=0',
  '|}',
  '@section imapd-known',
  '@section services-lmtp /etc/services',
  '@absent hosts.allow /etc/hosts.allow',
  '@absent hosts.deny /etc/hosts.deny',
];

export function inspectOutput(body: readonly string[] = MAIL_HOST_BODY): string {
  const text = body.map((l) => `${l}\n`).join('');
  return [
    '=== lmtp-wizard inspect.sh begin format 1 ===',
    ...body,
    `=== lmtp-wizard inspect.sh end lines ${body.length} cksum ${posixCksum(text)} ===`,
    '',
  ].join('\n');
}
