// The neutral base a fresh Debian 12 host has before any bundle is applied,
// plus the test-only safety net (discard transport, no DNS, logs under /var).
import { chownSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dropNewDirs, dropNewDiversionsAndGroups, pristineText, restoreFile, TRACKED_FILES } from './pristine.ts';
import { run, sh } from './sh.ts';

export const POSTFIX_LOG = '/var/log/lwz-postfix.log';
/** Everything that logs via syslog (Cyrus) lands here, through our /dev/log listener. */
export const SYSLOG_FILE = '/var/log/lwz-syslog.log';

export interface BaseOptions {
  /** Postfix myhostname, e.g. mx.test */
  myhostname: string;
  /** Postfix inet_interfaces, e.g. "127.0.0.1" or "127.0.0.1, 10.200.0.2" */
  inetInterfaces: string;
  mynetworks: string;
  /** "stock": cyrus.conf exactly as the package installed it (pop3, nntp and
   * http included), so the bundle's own disable_missing_services is tested;
   * "minimal" (the phase-1 experiments): those services commented out. */
  cyrusConf?: 'stock' | 'minimal';
}

function mainCf(o: BaseOptions): string {
  return [
    '# lmtp-wizard real-mail base: what a fresh host has, plus test safety',
    'compatibility_level = 3.6',
    `myhostname = ${o.myhostname}`,
    'myorigin = $myhostname',
    'mydestination = $myhostname, localhost',
    `inet_interfaces = ${o.inetInterfaces}`,
    // Postfix's (and Debian's) default; the remote-ipv6 scenario needs the
    // lmtp client to use IPv6, and the bundle must not depend on a test tweak
    'inet_protocols = all',
    `mynetworks = ${o.mynetworks}`,
    'alias_maps =',
    'alias_database =',
    'biff = no',
    'append_dot_mydomain = no',
    'readme_directory = no',
    // test safety: nothing is relayed or looked up outside this machine
    'default_transport = discard',
    'relay_transport = discard',
    'smtp_dns_support_level = disabled',
    `maillog_file = ${POSTFIX_LOG}`,
    '',
  ].join('\n');
}

/** Stock cyrus.conf minus services whose programs are not installed. */
export function minimalCyrusConf(stock: string): string {
  const missing = (prog: string): boolean => !existsSync(`/usr/lib/cyrus/bin/${prog}`);
  return stock
    .split('\n')
    .map((line) => {
      const m = /^\s*[a-z0-9]+\s+cmd="([a-z0-9_]+)/.exec(line);
      return m?.[1] && missing(m[1]) ? `#${line}  # program not installed` : line;
    })
    .join('\n');
}

function stockMasterCf(): string {
  for (const p of ['/usr/share/postfix/master.cf.dist', '/etc/postfix/master.cf.proto']) {
    if (existsSync(p)) return readFileSync(p, 'utf8');
  }
  throw new Error('no stock master.cf found');
}

function required(path: (typeof TRACKED_FILES)[number]): string {
  const text = pristineText(path);
  if (text === undefined) throw new Error(`pristine ${path} is missing`);
  return text;
}

/** Remove all state a scenario may leave behind. Daemons must be stopped. */
export async function resetState(): Promise<void> {
  await dropNewDiversionsAndGroups();
  for (const path of TRACKED_FILES) restoreFile(path);
  dropNewDirs();
  // mailboxes, Cyrus databases, sieve scripts and the runtime dir
  await sh('rm -rf /var/lib/cyrus/* /var/spool/cyrus/mail/* /var/spool/sieve/* /run/cyrus');
  await run('/usr/lib/cyrus/bin/makedirs', ['--cleansquat']);
  writeFileSync('/var/lib/cyrus/user_deny.db', '');
  chownSync('/var/lib/cyrus/user_deny.db', uidOf('cyrus'), gidOf('mail'));
  // sasldb: keep the file the package created (root:sasl 0660), drop all users
  const users = await run('sasldblistusers2', [], { allowFail: true });
  for (const line of users.stdout.split('\n')) {
    const m = /^(\S+)@(\S+): /.exec(line);
    if (m?.[1] && m[2]) await run('saslpasswd2', ['-d', '-u', m[2], m[1]], { allowFail: true });
  }
  // the queue, emptied directly (postsuper would log as user postfix, which
  // cannot create maillog_file under /var/log)
  await sh('cd /var/spool/postfix && rm -rf active/* bounce/* corrupt/* defer/* deferred/* flush/* hold/* incoming/* maildrop/* trace/*');
  await sh(`rm -f /var/spool/postfix/pid/master.pid ${POSTFIX_LOG}; : > ${SYSLOG_FILE}`);
}

export async function writeBaseConfig(o: BaseOptions): Promise<void> {
  writeFileSync('/etc/postfix/main.cf', mainCf(o));
  writeFileSync('/etc/postfix/master.cf', stockMasterCf());
  const services = required('/etc/services').split('\n').filter((l) => !/^lmtp\s/.test(l));
  writeFileSync('/etc/services', services.join('\n'));
  const stock = required('/etc/cyrus.conf');
  writeFileSync('/etc/cyrus.conf', o.cyrusConf === 'stock' ? stock : minimalCyrusConf(stock));
  // stock imapd.conf + the admin the test logs in as to create mailboxes
  writeFileSync('/etc/imapd.conf', `${required('/etc/imapd.conf').trimEnd()}\n\n# lwz-real-mail base\nadmins: cyrus\n`);
  await run('saslpasswd2', ['-p', '-c', 'cyrus'], { input: ADMIN_PASSWORD });
}

export const ADMIN_PASSWORD = 'adminpw-lwz';

function idOf(flag: '-u' | '-g', name: string): number {
  const line = readFileSync(flag === '-u' ? '/etc/passwd' : '/etc/group', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  const id = Number(line?.split(':')[2]);
  if (!Number.isInteger(id)) throw new Error(`no ${flag === '-u' ? 'user' : 'group'} ${name}`);
  return id;
}
const uidOf = (n: string): number => idOf('-u', n);
const gidOf = (n: string): number => idOf('-g', n);

