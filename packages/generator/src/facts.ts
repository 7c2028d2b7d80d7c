// Debian 12 (bookworm) facts the bundle depends on, checked on postfix
// 3.7.11 and cyrus-imapd 3.6.1. Typed data, not conditions spread in code.
export const DEBIAN12 = {
  postfixVersion: '3.7.11',
  cyrusVersion: '3.6.1',
  postfixDir: '/etc/postfix',
  imapdConf: '/etc/imapd.conf',
  cyrusConf: '/etc/cyrus.conf',
  services: '/etc/services',
  hostsAllow: '/etc/hosts.allow',
  hostsDeny: '/etc/hosts.deny',
  sasldb: '/etc/sasldb2',
  sasldbOwner: { user: 'root', group: 'sasl', mode: '660' },
  cyrusUser: 'cyrus',
  cyrusGroup: 'mail',
  /** Where Debian's cyrus programs live; cyrus.conf's cmd= names resolve here. */
  cyrusBin: '/usr/lib/cyrus/bin',
  /** The packaged tmpfiles.d file; the init script reads it by this full path. */
  packagedTmpfiles: '/usr/lib/tmpfiles.d/cyrus-imapd.conf',
  /** Our override; systemd-tmpfiles prefers /etc over /usr/lib by file name. */
  tmpfilesOverride: '/etc/tmpfiles.d/cyrus-imapd.conf',
  defaultSocketDir: '/run/cyrus/socket',
  /**
   * The pid file /etc/init.d/cyrus-imapd stops, reloads and checks cyrmaster by
   * (Debian 12 and 13 alike). cyrmaster 3.6 writes it there by itself and has no
   * master_pid_file key; 3.10 writes {configdirectory}/master.pid unless told.
   */
  cyrusMasterPidFile: '/run/cyrus-master.pid',
  /** Postfix's own default for lmtp_host_lookup is "dns", which ignores /etc/hosts. */
  postfixMapType: 'hash',
  /** Packages each host needs; libsasl2-modules is only a Recommends of postfix. */
  postfixHostPackages: ['postfix', 'libsasl2-modules'],
  cyrusHostPackages: ['cyrus-imapd', 'sasl2-bin'],
  backupRoot: '/var/backups/lmtp-wizard',
} as const;

export const GUIDE = {
  intro: 'Guide, introduction',
  postfix: 'Guide, "Setting up Postfix for LMTP delivery to Cyrus"',
  unix: 'Guide, "Unix sockets"',
  unixStep1: 'Guide, "Unix sockets", step 1',
  unixStep2: 'Guide, "Unix sockets", step 2',
  unixStep3: 'Guide, "Unix sockets", step 3',
  unixStep4: 'Guide, "Unix sockets", step 4',
  tcp: 'Guide, "TCP sockets"',
  tcpStep1: 'Guide, "TCP sockets", step 1',
  tcpStep2: 'Guide, "TCP sockets", step 2',
  tcpStep3: 'Guide, "TCP sockets", step 3',
  tcpStep4: 'Guide, "TCP sockets", step 4',
} as const;
