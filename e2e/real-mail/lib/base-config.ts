// The neutral base a fresh host of the release has before any bundle, plus the
// test-only safety net (discard transport, no DNS, logs in files the suite
// reads). Written into a container's overlay before it boots.
import type { Container } from './containers/container.ts';
import { RELEASES, type Release } from './containers/rootfs.ts';
import { hostsFile, type Net } from './network.ts';

export const POSTFIX_LOG = '/var/log/lwz-postfix.log';
/** Everything that logs through syslog (Cyrus, systemd) lands here: rsyslog writes *.* to it. */
export const SYSLOG_FILE = '/var/log/lwz-syslog.log';
export const ADMIN_PASSWORD = 'adminpw-lwz';

export interface BaseOptions {
  release: Release;
  net: Net;
  /** Postfix myhostname, e.g. mx.test */
  myhostname: string;
  /** the address smtpd listens on besides loopback */
  smtpAddr: string;
}

function mainCf(o: BaseOptions): string {
  return [
    '# lmtp-wizard real-mail base: what a fresh host has, plus test safety',
    `compatibility_level = ${RELEASES[o.release].compatibilityLevel}`,
    `myhostname = ${o.myhostname}`,
    'myorigin = $myhostname',
    'mydestination = $myhostname, localhost',
    `inet_interfaces = 127.0.0.1, ${o.smtpAddr}`,
    // Postfix's (and Debian's) default; the remote-ipv6 scenario needs the
    // lmtp client to use IPv6, and the bundle must not depend on a test tweak
    'inet_protocols = all',
    `mynetworks = 127.0.0.0/8, ${o.net.client.addr}/32`,
    'alias_maps =',
    'alias_database =',
    'biff = no',
    'append_dot_mydomain = no',
    'readme_directory = no',
    // test safety: nothing is relayed or looked up outside the lane
    'default_transport = discard',
    'relay_transport = discard',
    'smtp_dns_support_level = disabled',
    `maillog_file = ${POSTFIX_LOG}`,
    '',
  ].join('\n');
}

/**
 * Before boot: main.cf, the stock master.cf, /etc/services without an lmtp
 * entry (neither release has one), the stock cyrus.conf as the package left it
 * (pop3, nntp and http included, so the bundle's own step that disables them
 * is tested), the stock imapd.conf plus the admin the test logs in as, and the
 * host's name and hosts file.
 */
export function writeBaseConfig(c: Container, o: BaseOptions): void {
  const read = (p: string): string => {
    const text = c.read(p);
    if (text === undefined) throw new Error(`${c.name}: ${p} is missing from the root filesystem`);
    return text;
  };
  c.write('/etc/postfix/main.cf', mainCf(o));
  c.write('/etc/postfix/master.cf', read('/usr/share/postfix/master.cf.dist'));
  c.write(
    '/etc/services',
    read('/etc/services')
      .split('\n')
      .filter((l) => !/^lmtp\s/.test(l))
      .join('\n'),
  );
  c.write('/etc/imapd.conf', `${read('/etc/imapd.conf').trimEnd()}\n\n# lwz-real-mail base\nadmins: cyrus\n`);
  c.write('/etc/hosts', hostsFile(o.net));
  c.write('/etc/hostname', `${o.myhostname}\n`);
  c.write('/etc/mailname', `${o.myhostname}\n`);
  c.write('/etc/resolv.conf', '');
}

/** After boot: the Cyrus admin the suite creates mailboxes as. */
export async function addCyrusAdmin(c: Container): Promise<void> {
  await c.exec('saslpasswd2', ['-p', '-c', 'cyrus'], { input: ADMIN_PASSWORD });
}
