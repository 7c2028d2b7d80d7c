// Every field's help in plain words, except the first step's (those stay in
// fields.ts, so they come with the first chunk). These come with the chunk
// of the steps that show them (issue 25: the first chunk holds only what the
// first step needs). A test holds every field to exactly one hint.
import { slotOf, type FieldPath, type MxSlotKey, type StaticFieldPath } from './fields.ts';

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const ordinal = (i: number): string => ORDINALS[i] ?? `number ${i + 1}`;

/** The hints of a slot: a further MX host's fields, a backend's own proxy password (issue 15, one slot per item since issue 24). */
const MX_SLOT_HINTS: Record<MxSlotKey, string> = {
  host: 'Another Postfix host that delivers to the same store, such as a backup MX or one per site. The bundle gets a folder postfix-host-<this name>/ for it, and the store admits it too. “Remove” takes this MX away again.',
  username:
    'The user this MX logs in to the store with: its own, different from the first MX’s, so that it can be revoked alone. The store adds it to sasldb and to the LMTP admins. Empty with “One SASL user for every MX host”.',
  password:
    'This MX’s own password, with the same rules as the one above. It goes into this MX’s cyrus_sasl_passwd and the store’s sasldb (each 0600 in the bundle), never into a share link or the preview.',
  concurrency:
    'How many LMTP sessions this MX opens at once. Every MX’s figure, the first MX’s included, adds up against lmtpd maxchild on the Limits step: the store serves no more sessions than that in all.',
};
const backendPasswordHint = (i: number): string =>
  `The password the frontends log in with on the ${ordinal(i)} backend of “Backend hosts”, as the proxy user. Give each backend its own, so that a backend’s password opens no other backend: it goes only into that backend’s sasldb and into the frontends’ /etc/imapd-murder.conf as “<first label of the backend>_password” (each 0600), never into a share link, answers.json or the preview. Leave empty to use the proxy password above for this backend.`;

export const FIELD_HINTS: Partial<Record<StaticFieldPath, string>> = {
  mailHost:
    'The fully qualified name of the host that runs Postfix, such as mail.example.org. Mail addressed to this name counts as local.',
  'unixSocket.path':
    'Where Cyrus listens for LMTP. Debian’s default is /run/cyrus/socket/lmtp; keep it unless you moved it.',
  'unixSocket.group':
    'The group that owns the socket directory. The directory’s mode (0750) is the only access control, so only Postfix should be in this group.',
  'unixSocket.postfixUser': 'The account Postfix delivers as; it is added to the socket group.',
  'murder.mupdateHost':
    'The host that keeps the one list of which backend holds which mailbox (mupdate in master mode). Backends report their mailboxes to it; frontends copy the list from it.',
  'murder.frontends':
    'One per line. Postfix tries them in this order: the first, and the next while one is down. On a frontend lmtpd only proxies each message to the backend that holds the mailbox.',
  'murder.backends':
    'One per line: the hosts that store the mailboxes. Create each mailbox on the backend that should hold it. Their first labels must differ.',
  port: 'The port lmtpd listens on, on the frontends (for Postfix) and the backends (for the frontends). 2003 is customary.',
  'murder.proxyUser':
    'Who the frontends log in as on the backends. It may deliver and act for users there, but it is not an admin.',
  'murder.proxyPassword':
    'The password of the proxy user on every backend whose own password below is empty. Leave empty when each backend has its own. Goes only to the frontends and those backends, in files readable by root or cyrus alone. Never in a share link.',
  'murder.mupdateUser': 'Who the frontends and backends log in as on the mupdate master.',
  'murder.mupdatePassword':
    'Goes only to the Cyrus hosts, in files readable by root or cyrus alone. Never in a share link.',
  'tcp.storeHost': 'The host name or IP address of the machine that runs Cyrus, as Postfix can resolve it.',
  'tcp.port': 'The TCP port Cyrus’s lmtpd listens on. 2003 is the usual choice; the wizard adds it to /etc/services.',
  'tcp.allowFrom':
    'One per line: the Postfix host’s addresses or networks (10.0.0.0/24) for tcp wrappers on the store. Leave empty to rely on your firewall.',
  'tcp.listenAddress':
    'One IP address of the store for lmtpd to listen on, such as 192.0.2.10 or 2001:db8::10, so LMTP is not reachable on its other addresses (127.0.0.1 included). Leave empty to listen on every address; with no allowed addresses either, any host that reaches the port may try to log in (guide, “TCP sockets”).',
  'tcp.serviceName':
    'The name of lmtpd’s entry in the store’s cyrus.conf: letters and digits only. The same name prefixes the LMTP admins key (lmtp_admins for “lmtp”) and names the service in hosts.allow and hosts.deny. Keep “lmtp” unless the store already has an lmtp service of its own, such as a content filter’s re-injection port; then choose another name, such as lmtptcp (guide, “TCP sockets”).',
  'sasl.username':
    'The account Postfix logs in to Cyrus with. The bundle creates it in sasldb where Postfix delivers (the store, or each frontend of a Murder) and makes it an LMTP admin there.',
  'sasl.password':
    '1 to 256 printable ASCII characters, no spaces. It goes into the Postfix host’s cyrus_sasl_passwd (named after the transport, mode 0600) and the sasldb of each Cyrus host Postfix delivers to, and is never shown in the preview.',
  'sasl.sharedUser':
    'Only with further MX hosts below. Off (recommended): each MX logs in with a user of its own, so that one MX can be stopped alone by removing its user on the store (saslpasswd2 -d), while the others keep delivering. On: every MX logs in as the user above; leave the MX hosts’ own user and password empty.',
  'tls.mode':
    'The guide’s TCP setup (“TCP sockets”) leaves the hop from Postfix to the store in plain text: its SASL login protects the password, not the mail. The bundle goes beyond the guide here. Pinning needs no CA: the store’s apply.sh prints its certificate’s SHA-256 fingerprint, and you pass it to the Postfix host’s apply.sh with --store-fingerprint, so the store comes first. CA mode accepts a certificate for the store’s name that your own CA signed. With TLS off, anyone on the path between the hosts can read the mail.',
  'tls.storeCert':
    'The private key stays on the store and is never in the bundle. A self-signed certificate suits a pinned fingerprint. In CA mode, use a certificate your CA signed for the store’s name.',
  'tls.certPath':
    'The absolute path of the store’s PEM certificate. lmtpd presents it on STARTTLS, under our service’s tls_server_cert key.',
  'tls.keyPath':
    'The absolute path of its private key. The cyrus user must be able to read it, or the store’s apply.sh stops before any change.',
  'tls.caFile':
    'The absolute path of the CA certificate that signed the store’s certificate, on the Postfix host. Postfix trusts only this file for the hop (lmtp_tls_CAfile), not every public CA.',
  'tls.verifyName':
    'The host name the store’s certificate must carry. Leave it empty to use the store host. If the store host is an IP address, give a name here, because Postfix matches names, not addresses.',
  'delivery.transportName':
    'The name of the Postfix service, a copy of lmtp, that talks to Cyrus. The guide calls it cyrus.',
  'delivery.localRecipients':
    'Mail for the host’s own name goes to Cyrus through mailbox_transport instead of /var/mail, after /etc/aliases and .forward files, one recipient at a time: a message to ten local users is ten deliveries and ten stored copies.',
  'delivery.localRecipientCheck':
    'How Postfix knows that a recipient exists. “Ask Cyrus” checks each address of your local, virtual and transport-map domains with Cyrus while the sender is still connected: an unknown one is refused at once (550), and nothing bounces. Cyrus mailboxes are not Unix accounts, so the Unix check suits only Unix users. Accepting any address works, but unknown ones bounce later to a sender that is often forged.',
  'delivery.virtualDomains':
    'One domain per line, delivered to Cyrus through virtual_mailbox_domains. Not the Postfix host name itself.',
  'delivery.transportMapDomains':
    'One domain per line, routed to Cyrus by a transport map entry. Use this for domains Postfix already treats as relay or local.',
  'delivery.defaultTransport':
    'Only for a host that does nothing but feed the store: every address Postfix does not route otherwise goes to Cyrus.',
  'limits.concurrency':
    'How many LMTP sessions Postfix opens at once for virtual domains, transport-map domains and the default transport. For local recipients only the service’s process limit (the same number) applies: local(8) hands them over one at a time under its own limits. It must not exceed the lmtpd maxchild below. 20 delivered as fast as 100 in our measurements, with fewer connections.',
  'limits.recipients':
    'How many recipients Postfix sends in one LMTP transaction; 0 means no limit. With 0, a message to many users of a virtual domain, a transport-map domain or the default transport is handed over once and Cyrus stores it once. Local recipients are each a separate delivery whatever this says: local(8) expands aliases and .forward for each recipient and hands them over one by one. Where mail to many local users matters, make your users’ domain a virtual domain instead (take it out of mydestination; /etc/aliases and .forward then no longer apply to it).',
  'limits.lmtpMaxChild': 'The most lmtpd processes Cyrus starts, set in cyrus.conf.',
  'cyrus.downcaseRecipients':
    'Cyrus’s lmtp_downcase_rcpt, already on by default in Debian’s Cyrus. Turn it off only if your mailbox names use capitals.',
  'cyrus.virtdomains':
    'Whether Cyrus keeps the domain part of an address. “keep” never changes a store that already has a setting; “off” or “userid” must match the store’s value if it has one, or apply.sh stops before any change. When local recipients and virtual domains both go to Cyrus, a warning here says what each choice does to them.',
  'cyrus.disableMissingServices':
    'Debian’s stock cyrus.conf starts services whose programs come from other packages; cyrmaster exits when they are missing.',
};

/** The help text of any field of the later steps, the slots of the lists included. */
export function hintOf(path: FieldPath): string | undefined {
  const slot = slotOf(path);
  if (slot === undefined) return FIELD_HINTS[path as StaticFieldPath];
  if (slot.group === 'murder.backendPasswords.*') return backendPasswordHint(slot.index);
  return MX_SLOT_HINTS[path.slice(path.lastIndexOf('.') + 1) as MxSlotKey];
}

/** The words of the later steps' choices (the first step's are in fields.ts). */
const OPTION_LABELS: Partial<Record<StaticFieldPath, Readonly<Record<string, string>>>> = {
  'tls.mode': {
    fingerprint: 'Pin the store’s certificate (recommended)',
    ca: 'Verify the store’s certificate with a CA',
    off: 'Off: the mail crosses the network in plain text',
  },
  'tls.storeCert': {
    'self-signed': 'Self-signed: the store’s apply.sh makes a key pair there',
    existing: 'Existing: a certificate and key already on the store',
  },
  'delivery.localRecipientCheck': {
    cyrus: 'Ask Cyrus during the SMTP dialogue (recommended)',
    unix: 'Accept only Unix accounts for local mail (Postfix’s default check)',
    any: 'Accept any address; Cyrus refuses unknown mailboxes later',
  },
  'cyrus.virtdomains': {
    keep: 'keep: leave the store’s current setting (off on a fresh host)',
    off: 'off: one mailbox per user name, domains ignored',
    userid: 'userid: keep user@domain mailboxes apart',
  },
};

/** What a choice of a select field says, wherever it is defined. */
export function optionLabel(path: FieldPath, option: { value: string; label?: string | undefined }): string {
  return option.label ?? OPTION_LABELS[path as StaticFieldPath]?.[option.value] ?? option.value;
}
