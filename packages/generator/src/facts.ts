// What the bundle relies on in each Debian release it can target: one typed
// record per release, keyed like the `target` answer. Code asks the record
// (ctx.release); it never tests a version number itself.
import { TARGETS, TARGET_IDS, type Target } from '@lmtp-wizard/schema';

/**
 * What every supported release shares: paths and packages, the same on 12
 * and 13. Module metadata that exists before any answer (a file's target
 * path) reads it here; everything else asks ctx.release.
 */
export const EVERY_RELEASE = {
  postfixDir: '/etc/postfix',
  imapdConf: '/etc/imapd.conf',
  cyrusConf: '/etc/cyrus.conf',
  sasldb: '/etc/sasldb2',
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
  /** default_database_type: still hash on Postfix 3.10 in Debian. */
  postfixMapType: 'hash',
  /**
   * Packages per host. libsasl2-modules holds the SASL client mechanisms; no
   * release has postfix depend on it, so the bundle installs it. tcpd holds
   * tcpdmatch, with which the store's verify.sh judges the tcp-wrapper rules
   * (7.6.q-32 on Debian 12, 7.6.q-36 on 13; Cyrus links libwrap0 itself).
   * cyrus-murder holds mupdate (and mupdatetest), nothing else, on both
   * releases: the mupdate master runs "mupdate -m" and each frontend its
   * mupdate slave, while a backend needs none of it (its lmtpd and imapd, from
   * cyrus-imapd, talk to the master through cyrus-common's library). It
   * depends on cyrus-pop3d.
   */
  packages: {
    postfix: ['postfix'],
    postfixRemote: ['libsasl2-modules'],
    cyrus: ['cyrus-imapd'],
    cyrusRemote: ['sasl2-bin'],
    cyrusWrappers: ['tcpd'],
    cyrusTls: ['openssl'],
    murderMupdate: ['cyrus-murder'],
  },
  /**
   * Our own directory for the store's LMTP key pair. Not /etc/ssl/private
   * (root:ssl-cert 0710, shared by every TLS daemon and, on Debian 12 only, a
   * group cyrus is not in) and not Cyrus's own config directory: a directory
   * of our own is removed whole by rollback.sh, and nothing else reads it.
   */
  tlsDir: '/etc/cyrus-lmtp-tls',
  backupRoot: '/var/backups/lmtp-wizard',
  /** What apply.sh records for verify.sh (the neighbours of what it merged), one file per host folder. */
  stateRoot: '/var/lib/lmtp-wizard',
} as const;

/** What differs between releases. */
interface ReleaseOwn {
  postfixVersion: string;
  cyrusVersion: string;
  /** How the postfix package relates to libsasl2-modules. */
  saslModules: 'Recommends' | 'Suggests';
  /** The systemd unit whose journal holds the Postfix daemons' log. */
  postfixUnit: string;
  /** What Cyrus's lmtpd logs for each delivered message. */
  deliveredLog: string;
  /** Where cyrmaster writes its pid unless imapd.conf says otherwise (the init script reads cyrusMasterPidFile). */
  cyrmasterDefaultPidFile: string;
  /** TLS on the LMTP hop (issue 11). */
  tls: {
    /**
     * Cyrus 3.10 offers STARTTLS only with <service>_allowstarttls: on
     * (cyr_info conf-default: "allowstarttls: no"; NEWS.Debian of 3.10.2-1).
     * Cyrus 3.6 has no such key (conf-lint calls it unknown) and offers
     * STARTTLS whenever tls_server_cert and tls_server_key are set.
     */
    allowStarttlsKey: boolean;
    /**
     * Postfix 3.10 honours a "TLS-Required: no" message header (RFC 8689),
     * which lowers the client's level to "may", unless tls_required_enable =
     * no. Postfix 3.7 has neither the header support nor the key.
     */
    tlsRequiredKey: boolean;
  };
}

export type Release = typeof EVERY_RELEASE &
  ReleaseOwn & {
    id: Target;
    /** "Debian 13 (trixie)" */
    label: string;
    /** The number /etc/debian_version starts with. */
    major: number;
  };

const OWN: Record<Target, ReleaseOwn> = {
  'debian-13': {
    postfixVersion: '3.10.13',
    cyrusVersion: '3.10.2',
    saslModules: 'Suggests',
    // Postfix 3.10 runs as postfix.service; the postfix@- instance is gone.
    postfixUnit: 'postfix.service',
    deliveredLog: 'Delivered: sessionid=<…> … mailbox=<…>',
    // {configdirectory}/master.pid; Cyrus 3.10 has the master_pid_file key
    cyrmasterDefaultPidFile: '/var/lib/cyrus/master.pid',
    tls: { allowStarttlsKey: true, tlsRequiredKey: true },
  },
  'debian-12': {
    postfixVersion: '3.7.11',
    cyrusVersion: '3.6.1',
    saslModules: 'Recommends',
    postfixUnit: 'postfix@-.service',
    deliveredLog: 'Delivered: <id> to mailbox: <name>',
    // Cyrus 3.6 writes the init script's file itself and has no master_pid_file key
    cyrmasterDefaultPidFile: '/run/cyrus-master.pid',
    tls: { allowStarttlsKey: false, tlsRequiredKey: false },
  },
};

export const RELEASES: Readonly<Record<Target, Release>> = Object.fromEntries(
  TARGET_IDS.map((id) => [id, { ...EVERY_RELEASE, ...OWN[id], id, ...TARGETS[id] }]),
) as Record<Target, Release>;

/** "3.10" from "3.10.2": the series a sentence names. */
export const series = (version: string): string => version.split('.').slice(0, 2).join('.');

/** A value per release, made once at load time (fixed texts that name the release). */
export const perRelease = <T>(make: (r: Release) => T): Readonly<Record<Target, T>> =>
  Object.fromEntries(TARGET_IDS.map((id) => [id, make(RELEASES[id])])) as Record<Target, T>;

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
  beyond: 'Beyond the guide (it leaves the TCP hop in plain text)',
} as const;
