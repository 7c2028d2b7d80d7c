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
   * release has postfix depend on it, so the bundle installs it.
   */
  packages: { postfix: ['postfix'], postfixRemote: ['libsasl2-modules'], cyrus: ['cyrus-imapd'], cyrusRemote: ['sasl2-bin'] },
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
  },
  'debian-12': {
    postfixVersion: '3.7.11',
    cyrusVersion: '3.6.1',
    saslModules: 'Recommends',
    postfixUnit: 'postfix@-.service',
    deliveredLog: 'Delivered: <id> to mailbox: <name>',
    // Cyrus 3.6 writes the init script's file itself and has no master_pid_file key
    cyrmasterDefaultPidFile: '/run/cyrus-master.pid',
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
} as const;
