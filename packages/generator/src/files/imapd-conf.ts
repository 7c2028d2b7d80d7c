// imapd.conf keys on the Cyrus host, edited in place.
import type { Context } from '../context.ts';
import { GUIDE, series } from '../facts.ts';
import type { CyrusSetting } from '../serializers/cyrus-kv.ts';
import type { FileModule } from './module.ts';
import { tlsImapdSettings } from './lmtp-tls.ts';
import { extraMxUsers } from '../topologies/multi-mx.ts';
import { tcpOf } from '../topologies/views.ts';
import { MURDER_DOC, murderImapdSettings } from '../topologies/murder/facts.ts';

function settings(c: Context): CyrusSetting[] {
  const { a, release: r } = c;
  const out: CyrusSetting[] = [];
  if (c.local) {
    out.push({
      key: 'lmtpsocket',
      value: c.local.unixSocket.path,
      policy: 'owned',
      source: 'unixSocket.path',
      why: `Cyrus's own tools find lmtpd here; it must match the listen= path in cyrus.conf. ${GUIDE.unix}.`,
    });
  } else {
    const a = tcpOf(c);
    out.push(
      {
        key: `${a.tcp.serviceName}_admins`,
        value: a.sasl.username,
        policy: 'merged',
        source: 'sasl.username',
        why:
          c.part?.kind === 'mupdate'
            ? `The backends and frontends log in to the mupdate master as this user, and only its admins may; "mupdate_admins" makes the user an admin of the mupdate service alone, not of IMAP. Added to any admins already listed. ${MURDER_DOC}, "Configuring the MUPDATE Master".`
            : `Only LMTP admins may deliver over TCP; ordinary Cyrus users are refused. The key is the cyrus.conf service name ("${a.tcp.serviceName}", answer tcp.serviceName) followed by _admins: it sets "admins" for that service alone. Added to any admins already listed. ${GUIDE.tcpStep2}.`,
      },
      // one item per further MX with its own user (issue 15), added the same way
      ...extraMxUsers(c.a).map(
        (u): CyrusSetting => ({
          key: `${a.tcp.serviceName}_admins`,
          value: u.username,
          policy: 'merged',
          source: `extraMx.${u.index}.username`,
          why: `The SASL user of the MX host ${u.host}: it too must be an LMTP admin to deliver. Each MX has its own user, so one can be revoked without stopping the others. Added to the same list. ${GUIDE.tcpStep2}.`,
        }),
      ),
      {
        key: 'sasl_pwcheck_method',
        value: 'auxprop',
        policy: 'merged',
        source: 'sasl.username',
        why: "Check SASL passwords against an auxiliary property store (Debian's default) as well. A list: a method already there, such as saslauthd for PAM or LDAP logins, stays first and keeps working; auxprop is added after it.",
      },
      {
        key: 'sasl_auxprop_plugin',
        value: 'sasldb',
        policy: 'merged',
        source: 'sasl.username',
        why: 'That store is /etc/sasldb2, where apply.sh puts the LMTP user. A list too: another auxprop plugin already named (sql, ldapdb) stays.',
      },
      ...tlsImapdSettings(c),
      ...murderImapdSettings(c),
    );
  }
  out.push({
    key: 'lmtp_downcase_rcpt',
    value: a.cyrus.downcaseRecipients ? 'yes' : 'no',
    policy: 'owned',
    source: 'cyrus.downcaseRecipients',
    why: `Fold recipient addresses to lower case before looking up the mailbox. "yes" has been Cyrus's default for years; the guide's warning about Postfix 2.0 is obsolete. ${GUIDE.postfix}.`,
  });
  // "keep" writes nothing: the store's own value (or Cyrus's default, "off") stays.
  if (a.cyrus.virtdomains !== 'keep') {
    out.push({
      key: 'virtdomains',
      value: a.cyrus.virtdomains,
      policy: 'exclusive',
      resolve: 'answer cyrus.virtdomains "keep" (or the current value) in the wizard, or change the key by hand first',
      source: 'cyrus.virtdomains',
      why:
        a.cyrus.virtdomains === 'userid'
          ? `Keep the domain: mail to user@domain goes to the mailbox of user@domain. ${GUIDE.tcpStep4}.`
          : 'Drop the domain: user@any-domain goes to the mailbox "user".',
    });
  }
  if (a.cyrus.virtdomains === 'userid' && a.delivery.localRecipients) {
    out.push({
      key: 'defaultdomain',
      value: a.mailHost,
      policy: 'exclusive',
      resolve:
        'another default domain decides where local mail goes; answer cyrus.virtdomains "keep" in the wizard, or change the key by hand first',
      source: 'cyrus.virtdomains',
      why: `With virtdomains "userid", local mail arrives as user@${a.mailHost}, which Cyrus would look for in a separate domain and bounce. Naming ${a.mailHost} the default domain puts those recipients in the plain "user" mailboxes. Checked on Cyrus ${series(r.cyrusVersion)}, ${r.label}; the guide does not mention it.`,
    });
  }
  out.push({
    key: 'master_pid_file',
    value: r.cyrusMasterPidFile,
    policy: 'owned',
    ifKnown: true,
    source: 'facts.cyrusMasterPidFile',
    why:
      r.cyrmasterDefaultPidFile === r.cyrusMasterPidFile
        ? `Where cyrmaster writes its pid. /etc/init.d/cyrus-imapd stops and restarts cyrmaster by ${r.cyrusMasterPidFile}, and Cyrus ${series(r.cyrusVersion)} on ${r.label} already writes that file and has no key for it, so apply.sh leaves the key out: it sets it only where cyr_info conf-default lists it. ${GUIDE.unixStep4}.`
        : `Where cyrmaster writes its pid. /etc/init.d/cyrus-imapd stops and restarts cyrmaster by ${r.cyrusMasterPidFile}, but Cyrus ${series(r.cyrusVersion)} on ${r.label} writes ${r.cyrmasterDefaultPidFile} unless told, so without systemd "restart" printed "failed", left the old cyrmaster running with the old configuration and still exited 0. Pointing the key at the init script's file fixes stop, restart, reload and status for everyone, not only for apply.sh. apply.sh sets the key only where cyr_info conf-default lists it. ${GUIDE.unixStep4}.`,
  });
  return out;
}

export const imapdConf: FileModule = {
  id: 'imapd-conf',
  role: 'cyrus',
  applies: () => true,
  target: '/etc/imapd.conf',
  path: 'files/etc/imapd.conf.fragment',
  mode: 0o644,
  // lmtp_admins (TCP step 2) is for TCP only; on a single host the settings
  // are the downcase note of the Postfix section.
  guideRef: (c) => (c.remote ? GUIDE.tcpStep2 : GUIDE.postfix),
  explanation: () =>
    'Keys for /etc/imapd.conf. apply.sh edits the file in place, and each key says how it meets a value already there. "owned" keys serve only the LMTP delivery this bundle sets up: a different value is replaced on the same line. "merged" keys are lists: our item is added and the others stay. "exclusive" keys must be unset or already equal; any other value is a conflict, and apply.sh stops before its first change and says how to resolve it. A missing key is appended, and every other line stays as it is. master_pid_file is written only where the installed Cyrus knows the key (3.10 does, 3.6 does not).',
  body: (c) => ({ kind: 'imapd-conf', settings: settings(c) }),
};
