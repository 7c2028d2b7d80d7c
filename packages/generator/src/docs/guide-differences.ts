// Where the target release's real daemons disagree with the guide, and what
// the bundle does instead. Shown in the top-level README of every bundle.
import type { HostAnswers } from '../context.ts';
import { GUIDE, series, type Release } from '../facts.ts';
import { localView, remoteView } from '../topologies/views.ts';

export interface Difference {
  guideRef: string;
  guide: string;
  /** What the target release does; a function where it names the release's own facts. */
  reality: string | ((r: Release) => string);
  bundle: string;
  /** Whether it applies to a host view (a Murder's README passes its Postfix host's). */
  applies: (a: HostAnswers) => boolean;
}

const always = () => true;
const single = (a: HostAnswers) => localView(a) !== null;
const remote = (a: HostAnswers) => remoteView(a) !== null;

export const DIFFERENCES: readonly Difference[] = [
  {
    guideRef: GUIDE.unixStep3,
    guide: "sed -i sed -i '/socket/s/mail/lmtp/' /usr/lib/tmpfiles.d/cyrus-imapd.conf",
    reality:
      'The command is garbled, and an edit under /usr/lib is overwritten by the next cyrus-common upgrade. Without systemd, /etc/init.d/cyrus-imapd re-applies the packaged file by full path at every start and resets the group to mail.',
    bundle:
      'Writes /etc/tmpfiles.d/cyrus-imapd.conf, diverts the packaged file with dpkg-divert and links the override in its place.',
    applies: single,
  },
  {
    guideRef: GUIDE.unix,
    guide: 'Use dpkg-statoverride for the socket permissions.',
    reality: '/run/cyrus/socket is created at boot and belongs to no package, so a statoverride has no effect there.',
    bundle: 'Uses tmpfiles.d for the socket directory.',
    applies: single,
  },
  {
    guideRef: GUIDE.unix,
    guide: 'Use dpkg-statoverride for the socket permissions.',
    reality:
      'Over TCP there is no socket to protect, but a statoverride does matter for /etc/sasldb2, which holds the SASL user.',
    bundle: 'Uses dpkg-statoverride root:sasl 0660 for /etc/sasldb2.',
    applies: remote,
  },
  {
    guideRef: GUIDE.unix,
    guide: 'Make the socket file readable and writable by cyrus and postfix.',
    reality: 'cyrmaster creates the socket with mode 0777; only its directory (0750) restricts access.',
    bundle: 'Controls access through the directory group only, and verify.sh checks it.',
    applies: single,
  },
  {
    guideRef: GUIDE.tcpStep1,
    guide: 'lmtp_destination_concurrency_limit and lmtp_destination_recipient_limit',
    reality:
      'These reach only a service named "lmtp". Postfix reads <service>_destination_* for the service a message uses.',
    bundle: 'Sets <transport>_destination_concurrency_limit and _recipient_limit for the service it creates.',
    applies: remote,
  },
  {
    guideRef: GUIDE.tcpStep1,
    guide: 'Limit the LMTP transport to 100 parallel deliveries and no recipient limit (0).',
    reality:
      "Both act only where mail reaches the LMTP service from the queue manager: virtual domains, transport maps and the default transport. Local recipients pass through local(8) first, which expands aliases and .forward recipient by recipient and hands each one over on its own: one LMTP delivery and one stored copy per local recipient, whatever the recipient limit. Concurrency 100 delivered no faster than 20 in our benchmark (docs/PERFORMANCE.md) and opened more connections, and above lmtpd's maxchild (20 in stock Debian) deliveries wait for a free lmtpd.",
    bundle:
      "Sets concurrency 20 by default and recipient limit 0 for its own service, says in main.cf and in the top README which routes they act on, and names the option of delivering your users' domain as a Cyrus virtual domain where mail to many local users matters.",
    applies: always,
  },
  {
    guideRef: GUIDE.unix,
    guide: 'Do not run the lmtp transport chrooted if the socket is outside the chroot.',
    reality: "Debian's stock master.cf leaves lmtp at the default chroot, and the copy inherits it.",
    bundle: 'Creates the service with chroot "n" explicitly.',
    applies: always,
  },
  {
    guideRef: GUIDE.tcp,
    guide: 'You must have an lmtp entry in /etc/services.',
    reality: "Debian's /etc/services has no lmtp entry, and cyrmaster then starts no LMTP listener without any error.",
    bundle: 'Adds "lmtp <port>/tcp" when missing, and refuses to change a different existing entry.',
    applies: remote,
  },
  {
    guideRef: GUIDE.tcp,
    guide: 'tcp wrapper rules for "lmtpd" in hosts.allow and hosts.deny',
    reality:
      'Cyrus looks the rules up under the cyrus.conf service name ("lmtp"); an "lmtpd:" rule is ignored. 127.0.0.1 is refused like any unlisted client.',
    bundle:
      'Writes "lmtp:" rules; the store\'s verify.sh accepts the refusal of 127.0.0.1 as proof that the rule works.',
    applies: (a) => (remoteView(a)?.tcp.allowFrom.length ?? 0) > 0,
  },
  {
    guideRef: GUIDE.tcpStep1,
    guide: 'lmtp_sasl_security_options = (empty, allowing plain-text logins)',
    reality: 'With sasldb, Postfix and Cyrus agree on a SCRAM mechanism by themselves.',
    bundle: "Keeps Postfix's default (noplaintext, noanonymous).",
    applies: remote,
  },
  {
    guideRef: GUIDE.tcp,
    guide: '(silent on name lookups)',
    reality: 'lmtp_host_lookup defaults to dns, so a store named only in /etc/hosts is not found.',
    bundle: 'Sets lmtp_host_lookup = native, as an -o option of our master.cf service only.',
    applies: remote,
  },
  {
    guideRef: GUIDE.tcpStep1,
    guide: 'lmtp_sasl_auth_enable and lmtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd in main.cf',
    reality:
      'Global lmtp_* settings reach every LMTP client (the stock lmtp service, Dovecot, amavis), and the shared sasl_passwd often holds the relay credentials of smtp_sasl_password_maps.',
    bundle:
      'Sets them as -o options of our master.cf service, reading a credentials file of our own, /etc/postfix/<transport>_sasl_passwd (0600); main.cf and sasl_passwd stay as they are.',
    applies: remote,
  },
  {
    guideRef: GUIDE.tcp,
    guide: 'On sarge you also need postfix-tls.',
    reality: (r) =>
      `Obsolete; SASL is built into postfix. The client mechanisms come from libsasl2-modules, which postfix ${r.postfixVersion} only ${r.saslModules.toLowerCase()}.`,
    bundle: 'Installs libsasl2-modules on the Postfix host when missing.',
    applies: remote,
  },
  {
    guideRef: GUIDE.postfix,
    guide: 'Postfix 2.0 does not downcase recipients; set lmtp_downcase_rcpt.',
    reality: (r) => `Obsolete; lmtp_downcase_rcpt is on by default in Cyrus ${series(r.cyrusVersion)}.`,
    bundle: 'Writes the value you chose explicitly, defaulting to yes.',
    applies: always,
  },
  {
    guideRef: GUIDE.tcpStep4,
    guide: 'Use mailbox_transport for local recipients.',
    reality: 'Cyrus users are not Unix accounts, so Postfix answers "User unknown in local recipient table".',
    bundle: 'Empties local_recipient_maps unless you keep the Unix-account check.',
    applies: (a) => a.delivery.localRecipients,
  },
  {
    guideRef: GUIDE.tcpStep4,
    guide: '(silent on unknown recipients: "That\'s it!")',
    reality: (r) =>
      `Without a check Postfix accepts mail for any address in the local, virtual and transport-map domains; Cyrus refuses an unknown mailbox only at delivery, and Postfix then bounces to the sender, who is often forged (backscatter). Postfix ${series(r.postfixVersion)} can probe the address through the LMTP transport during the SMTP dialogue instead (reject_unverified_recipient), and Cyrus answers 550 at RCPT.`,
    bundle:
      'With localRecipientCheck "cyrus" (the default) smtpd asks Cyrus about every recipient of our domains, through an owned map and one item at the end of smtpd_recipient_restrictions; unknown ones get 550 during the dialogue, and 450 while the store is down. On a single host a table exported from Cyrus\'s mailbox list (kept fresh by systemd units) is read first, so a mailbox that exists skips the probe and its 3 s wait; any other address is probed. "unix" and "any" keep the other ways, with a warning.',
    applies: (a) => a.delivery.localRecipientCheck === 'cyrus',
  },
  {
    guideRef: GUIDE.tcpStep4,
    guide: '(silent on virtdomains with local recipients)',
    reality:
      'With virtdomains: userid, local mail arrives as user@<host name>, which Cyrus files under that domain, so local recipients bounce with 550.',
    bundle:
      'Sets defaultdomain to the Postfix host name when local recipients and virtdomains: userid are combined, and warns about other mydestination domains.',
    applies: (a) => a.delivery.localRecipients && a.cyrus.virtdomains === 'userid',
  },
  {
    guideRef: GUIDE.intro,
    guide: '(silent on internationalised mail)',
    reality:
      "Cyrus's LMTP server does not offer SMTPUTF8, so a message that requires it (UTF-8 in the envelope or headers, sent with SMTPUTF8) is bounced with 5.6.7 at delivery. Plain 8-bit mail is delivered.",
    bundle:
      'Leaves smtputf8_enable as it is and tells you, so you can decide; turning it off makes Postfix refuse such mail at SMTP time instead.',
    applies: always,
  },
  {
    guideRef: GUIDE.unixStep4,
    guide: 'service postfix restart; service cyrus-imapd restart',
    reality: (r) =>
      `Restarting Postfix is needed only for master.cf and group changes; main.cf and lookup tables need postfix reload. ${
        r.cyrmasterDefaultPidFile === r.cyrusMasterPidFile
          ? `The Cyrus restart works: Cyrus ${series(r.cyrusVersion)} writes ${r.cyrusMasterPidFile}, the file /etc/init.d/cyrus-imapd reads.`
          : `Cyrus ${series(r.cyrusVersion)} writes ${r.cyrmasterDefaultPidFile}, not ${r.cyrusMasterPidFile} that /etc/init.d/cyrus-imapd reads, so without systemd that restart prints "failed", exits 0, and the old cyrmaster keeps the old configuration.`
      }`,
    bundle:
      'Sets master_pid_file: /run/cyrus-master.pid where Cyrus knows the key, stops a cyrmaster the init script cannot find by its pid, fails when the cyrmaster pid did not change, runs postfix check before touching Postfix, and reloads Postfix for main.cf-only changes. verify.sh fails on a cyrmaster older than imapd.conf or cyrus.conf.',
    applies: always,
  },
  {
    guideRef: GUIDE.unix,
    guide: '(silent on the other services in cyrus.conf)',
    reality:
      "Debian's stock cyrus.conf starts pop3, nntp and http, whose programs are in other packages; cyrmaster exits without them.",
    bundle: 'Comments such services out (unless you opt out); verify.sh reports any that remain.',
    applies: always,
  },
  {
    guideRef: GUIDE.tcpStep1,
    guide:
      'The TCP hop carries the mail in plain text, and the guide allows plain-text logins ("The above configuration will allow plain text logins").',
    reality: (r) =>
      `SCRAM protects the password but not the mail. lmtpd has no implicit-TLS port; it offers STARTTLS only with a certificate and key${r.tls.allowStarttlsKey ? `, and Cyrus ${series(r.cyrusVersion)} also needs allowstarttls (off by default)` : ''}. A verified client certificate would log a session in without SASL, past lmtp_admins. lmtp_tls_fingerprint_digest defaults to md5 below compatibility_level 3.6${r.tls.tlsRequiredKey ? `, and Postfix ${series(r.postfixVersion)} lets a "TLS-Required: no" header lower the level` : ''}.`,
    bundle:
      "Beyond the guide: TLS on the hop by default (answer tls.mode). The store gets a self-signed pair made on the store (or your paths) and, under its service prefix, STARTTLS on, plain-text logins only after STARTTLS, no client certificates, TLS 1.2 and 1.3. Our Postfix service pins the store's certificate by SHA-256 fingerprint (or verifies it with your CA); without TLS the mail is deferred, never sent in clear. The store's apply.sh prints the exact command for the Postfix host, whose apply.sh refuses before any change until the store presents that certificate. TLS connections are reused through a tlsproxy service of our own (lmtp_tls_connection_reuse): without it Postfix opens a new connection, TLS handshake and SASL login for every message.",
    applies: (a) => {
      const r = remoteView(a);
      return r !== null && r.tls.mode !== 'off';
    },
  },
  {
    guideRef: GUIDE.tcpStep1,
    guide: 'The TCP hop carries the mail in plain text.',
    reality: 'Anyone on the network path between the two hosts can read every message.',
    bundle:
      'TLS is off, as you answered (tls.mode "off"): the bundle keeps the hop in plain text. Turn it on unless the hosts share a network you trust.',
    applies: (a) => remoteView(a)?.tls.mode === 'off',
  },
  {
    guideRef: GUIDE.unix,
    guide: 'Unix sockets.',
    reality:
      "The Unix socket never leaves the host; only processes on it can reach it, and the socket directory's group decides which.",
    bundle: 'No TLS on a single host: there is no network hop to protect.',
    applies: single,
  },
];
