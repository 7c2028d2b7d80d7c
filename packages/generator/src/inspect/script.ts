// inspect.sh: the read-only script that prints what "Start from my current
// configuration" reads (issue 12). The same text for every host and every
// answer; the wizard shows it, and every host folder of the bundle has it.
// Static text: nothing from the answers is interpolated here.
import { GENERATOR_VERSION } from '../version.ts';
import { INSPECT_TEMPLATE } from '../shell/embedded.ts';
import { fillTemplate } from '../shell/template.ts';

/** The format this generator prints and reads; raise it when the grammar changes (parse.ts). */
export const INSPECT_FORMAT = 1;

/** What inspect.sh prints instead of a secret value. */
export const SECRET_MARKER = '<hidden by inspect.sh>';

/**
 * main.cf parameters whose effective (postconf), default (postconf -d) and
 * expanded (postconf -x) values apply.sh reads besides postconf -n: the lists
 * it merges into (add_main_list, main_list_default), the restriction list it
 * appends to, mydestination (local_domains) and myhostname (the mail host).
 * A unit test checks that every merged key of the file modules is here.
 */
export const POSTCONF_KEYS: readonly string[] = [
  'myhostname',
  'mydestination',
  'virtual_mailbox_domains',
  'virtual_mailbox_maps',
  'virtual_transport',
  'relay_domains',
  'transport_maps',
  'smtpd_recipient_restrictions',
  'smtpd_restriction_classes',
  'inet_protocols',
  'compatibility_level',
];

/** imapd.conf keys that apply.sh sets only where `cyr_info conf-default` lists them (set_imapd_if_known). */
export const IMAPD_IF_KNOWN: readonly string[] = ['master_pid_file'];

/**
 * Key names whose values are secrets (an extended regular expression, matched
 * against the lower-cased key): imapd.conf's ldap_password, proxy_password,
 * sql_passwd, ldap_bind_pw and the like; in main.cf and master.cf, a
 * *_password_maps value is kept only when it names map files.
 */
export const SECRET_KEY_ERE = 'pass|secret|_pw$|_pw_|pwd|token|credential|api_?key|private';

const BEGIN = `=== lmtp-wizard inspect.sh begin format ${INSPECT_FORMAT} ===`;

/** inspect.sh (src/shell/inspect.sh) with this generator's constants filled in; the file itself holds none. */
export const INSPECT_SH = fillTemplate(INSPECT_TEMPLATE, {
  GENERATOR_VERSION,
  SECRET_KEY_ERE,
  SECRET_MARKER,
  POSTCONF_KEYS: POSTCONF_KEYS.join(' '),
  IMAPD_IF_KNOWN: IMAPD_IF_KNOWN.join(' '),
  BEGIN,
});

/** The text of inspect.sh: the same for every host and every answer. */
export const inspectScript = (): string => INSPECT_SH;
