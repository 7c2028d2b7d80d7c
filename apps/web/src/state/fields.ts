// Every form field, once: its answers path, its visible label, its help in
// plain words, and how its raw form value becomes an answer. Step
// components and the draft conversion both read this table, so a field's
// label and path cannot drift apart between the form and the schema.
import { TARGET_IDS, TARGETS } from '@lmtp-wizard/schema/targets';

export type Topology = 'single-host' | 'remote' | 'murder';
/** The topologies whose Postfix host logs in over TCP with SASL and TLS (a Murder's, to its frontend). */
const OVER_TCP: readonly Topology[] = ['remote', 'murder'];
export type FieldKind = 'text' | 'password' | 'number' | 'checkbox' | 'list' | 'select';
/** The raw value of a form control: text for inputs, a boolean for checkboxes. */
export type FieldValue = string | boolean;

export interface FieldDef {
  label: string;
  hint: string;
  kind: FieldKind;
  /** Only asked for this topology (or these). */
  topology?: Topology | readonly Topology[];
  /** Has no default: left empty until the person types. */
  required?: true;
  /** Never leaves the page except in the POST body of validate and bundle (issue 4). */
  secret?: true;
  options?: readonly { value: string; label: string }[];
  autoComplete?: string;
  placeholder?: string;
  /**
   * Only asked while every listed field (by its current value, typed or
   * default) has one of the listed values: the TLS details hide when TLS is
   * off, the CA file shows only in CA mode.
   */
  shownWhen?: Readonly<Record<string, readonly string[]>>;
}

/** The keys of one further MX's slot, in form order. */
export const MX_SLOT_KEYS = ['host', 'username', 'password', 'concurrency'] as const;
export type MxSlotKey = (typeof MX_SLOT_KEYS)[number];
/** A field of one item of a list (issue 24): one slot per listed MX host or backend, never a fixed number. */
export type SlotPath = `extraMx.${number}.${MxSlotKey}` | `murder.backendPasswords.${number}.password`;
/** The groups of slots, as a step lists them: expanded to one slot per item of the answers. */
export type SlotGroup = 'extraMx.*' | 'murder.backendPasswords.*';

const MX_SLOT_RE = /^extraMx\.([0-9]{1,2})\.(host|username|password|concurrency)$/;
const BACKEND_SLOT_RE = /^murder\.backendPasswords\.([0-9]{1,2})\.password$/;

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const ordinal = (i: number): string => ORDINALS[i] ?? `number ${i + 1}`;

/**
 * The fields of further MX host number i + 2 (issue 15). The form offers one
 * slot per further MX: "Add an MX host" adds one, "Remove" takes it away.
 */
function mxSlotDef(i: number, key: MxSlotKey): FieldDef {
  const n = i + 2;
  switch (key) {
    case 'host':
      return {
        label: `MX host ${n}: host name`, kind: 'text', topology: 'remote', required: true, autoComplete: 'off', placeholder: `mx${n}.example.org`,
        hint: 'Another Postfix host that delivers to the same store, such as a backup MX or one per site. The bundle gets a folder postfix-host-<this name>/ for it, and the store admits it too. “Remove” takes this MX away again.',
      };
    case 'username':
      return {
        label: `MX host ${n}: SASL user name`, kind: 'text', topology: 'remote', autoComplete: 'off', placeholder: `postman${n}`,
        hint: 'The user this MX logs in to the store with: its own, different from the first MX’s, so that it can be revoked alone. The store adds it to sasldb and to the LMTP admins. Empty with “One SASL user for every MX host”.',
      };
    case 'password':
      return {
        label: `MX host ${n}: SASL password`, kind: 'password', topology: 'remote', secret: true, autoComplete: 'new-password',
        hint: 'This MX’s own password, with the same rules as the one above. It goes into this MX’s cyrus_sasl_passwd and the store’s sasldb (each 0600 in the bundle), never into a share link or the preview.',
      };
    case 'concurrency':
      return {
        label: `MX host ${n}: parallel deliveries`, kind: 'number', topology: 'remote', placeholder: '20 (default)',
        hint: 'How many LMTP sessions this MX opens at once. Every MX’s figure, the first MX’s included, adds up against lmtpd maxchild on the Limits step: the store serves no more sessions than that in all.',
      };
  }
}

/**
 * Backend number i + 1's own proxy password (issue 15): one slot per line of
 * "Backend hosts", in its order. An empty slot uses the proxy password above
 * for that backend.
 */
function backendSlotDef(i: number): FieldDef {
  return {
    label: `Backend ${i + 1}: proxy password`, kind: 'password', topology: 'murder', secret: true, autoComplete: 'new-password',
    hint: `The password the frontends log in with on the ${ordinal(i)} backend of “Backend hosts”, as the proxy user. Give each backend its own, so that a backend’s password opens no other backend: it goes only into that backend’s sasldb and into the frontends’ /etc/imapd-murder.conf as “<first label of the backend>_password” (each 0600), never into a share link, answers.json or the preview. Leave empty to use the proxy password above for this backend.`,
  };
}

export const mxSlotPath = (i: number, key: MxSlotKey): SlotPath => `extraMx.${i}.${key}`;
export const backendSlotPath = (i: number): SlotPath => `murder.backendPasswords.${i}.password`;

/** The slot paths of a group for `count` items, in form order. */
export function slotPaths(group: SlotGroup, count: number): SlotPath[] {
  const out: SlotPath[] = [];
  for (let i = 0; i < count; i++) {
    if (group === 'extraMx.*') out.push(...MX_SLOT_KEYS.map((k) => mxSlotPath(i, k)));
    else out.push(backendSlotPath(i));
  }
  return out;
}

/** The group a slot path belongs to, with its item index; undefined for every other path. */
export function slotOf(path: string): { group: SlotGroup; index: number } | undefined {
  const mx = MX_SLOT_RE.exec(path);
  if (mx) return { group: 'extraMx.*', index: Number(mx[1]) };
  const be = BACKEND_SLOT_RE.exec(path);
  if (be) return { group: 'murder.backendPasswords.*', index: Number(be[1]) };
  return undefined;
}

export const FIELDS = {
  target: {
    label: 'Debian release', kind: 'select',
    options: TARGET_IDS.map((id) => ({ value: id, label: TARGETS[id].label })),
    hint: 'The release every host of this setup runs. The bundle is written for that release’s postfix and cyrus-imapd, and its apply.sh changes nothing on a host that runs another one.',
  },
  mailHost: {
    label: 'Postfix host name',
    hint: 'The fully qualified name of the host that runs Postfix, such as mail.example.org. Mail addressed to this name counts as local.',
    kind: 'text', required: true, autoComplete: 'off', placeholder: 'mail.example.org',
  },
  'unixSocket.path': {
    label: 'Unix socket path', kind: 'text', topology: 'single-host',
    hint: 'Where Cyrus listens for LMTP. Debian’s default is /run/cyrus/socket/lmtp; keep it unless you moved it.',
  },
  'unixSocket.group': {
    label: 'Socket group', kind: 'text', topology: 'single-host',
    hint: 'The group that owns the socket directory. The directory’s mode (0750) is the only access control, so only Postfix should be in this group.',
  },
  'unixSocket.postfixUser': {
    label: 'Postfix user', kind: 'text', topology: 'single-host',
    hint: 'The account Postfix delivers as; it is added to the socket group.',
  },
  'murder.mupdateHost': {
    label: 'mupdate master host', kind: 'text', topology: 'murder', required: true, autoComplete: 'off',
    placeholder: 'mupdate.example.org',
    hint: 'The host that keeps the one list of which backend holds which mailbox (mupdate in master mode). Backends report their mailboxes to it; frontends copy the list from it.',
  },
  'murder.frontends': {
    label: 'Frontend hosts', kind: 'list', topology: 'murder', required: true, autoComplete: 'off',
    hint: 'One per line. Postfix delivers to the first; there lmtpd only proxies each message to the backend that holds the mailbox.',
  },
  'murder.backends': {
    label: 'Backend hosts', kind: 'list', topology: 'murder', required: true, autoComplete: 'off',
    hint: 'One per line: the hosts that store the mailboxes. Create each mailbox on the backend that should hold it. Their first labels must differ.',
  },
  port: {
    label: 'LMTP port', kind: 'number', topology: 'murder',
    hint: 'The port lmtpd listens on, on the frontends (for Postfix) and the backends (for the frontends). 2003 is customary.',
  },
  'murder.proxyUser': {
    label: 'Proxy user name', kind: 'text', topology: 'murder', autoComplete: 'off',
    hint: 'Who the frontends log in as on the backends. It may deliver and act for users there, but it is not an admin.',
  },
  'murder.proxyPassword': {
    label: 'Proxy password (every backend without its own)', kind: 'password', topology: 'murder', secret: true, autoComplete: 'new-password',
    hint: 'The password of the proxy user on every backend whose own password below is empty. Leave empty when each backend has its own. Goes only to the frontends and those backends, in files readable by root or cyrus alone. Never in a share link.',
  },
  'murder.mupdateUser': {
    label: 'mupdate user name', kind: 'text', topology: 'murder', autoComplete: 'off',
    hint: 'Who the frontends and backends log in as on the mupdate master.',
  },
  'murder.mupdatePassword': {
    label: 'mupdate password', kind: 'password', topology: 'murder', required: true, secret: true, autoComplete: 'new-password',
    hint: 'Goes only to the Cyrus hosts, in files readable by root or cyrus alone. Never in a share link.',
  },
  'tcp.storeHost': {
    label: 'Cyrus store host', kind: 'text', topology: 'remote', required: true, autoComplete: 'off',
    placeholder: 'store.example.org',
    hint: 'The host name or IP address of the machine that runs Cyrus, as Postfix can resolve it.',
  },
  'tcp.port': {
    label: 'LMTP port', kind: 'number', topology: 'remote',
    hint: 'The TCP port Cyrus’s lmtpd listens on. 2003 is the usual choice; the wizard adds it to /etc/services.',
  },
  'tcp.allowFrom': {
    label: 'Addresses allowed to connect', kind: 'list', topology: 'remote',
    hint: 'One per line: the Postfix host’s addresses or networks (10.0.0.0/24) for tcp wrappers on the store. Leave empty to rely on your firewall.',
  },
  'tcp.listenAddress': {
    label: 'Store listen address', kind: 'text', topology: 'remote', autoComplete: 'off',
    placeholder: 'every address',
    hint: 'One IP address of the store for lmtpd to listen on, such as 192.0.2.10 or 2001:db8::10, so LMTP is not reachable on its other addresses (127.0.0.1 included). Leave empty to listen on every address; with no allowed addresses either, any host that reaches the port may try to log in (guide, “TCP sockets”).',
  },
  'tcp.serviceName': {
    label: 'Cyrus service name', kind: 'text', topology: 'remote', autoComplete: 'off',
    hint: 'The name of lmtpd’s entry in the store’s cyrus.conf: letters and digits only. The same name prefixes the LMTP admins key (lmtp_admins for “lmtp”) and names the service in hosts.allow and hosts.deny. Keep “lmtp” unless the store already has an lmtp service of its own, such as a content filter’s re-injection port; then choose another name, such as lmtptcp (guide, “TCP sockets”).',
  },
  'sasl.username': {
    label: 'SASL user name', kind: 'text', topology: OVER_TCP, autoComplete: 'off',
    hint: 'The account Postfix logs in to Cyrus with. It is created in the store’s sasldb and must be an LMTP admin there.',
  },
  'sasl.password': {
    label: 'SASL password', kind: 'password', topology: OVER_TCP, required: true, secret: true,
    autoComplete: 'new-password',
    hint: '1 to 256 printable ASCII characters, no spaces. It goes into the Postfix host’s cyrus_sasl_passwd (named after the transport, mode 0600) and the store’s sasldb, and is never shown in the preview.',
  },
  'sasl.sharedUser': {
    label: 'One SASL user for every MX host', kind: 'checkbox', topology: 'remote',
    hint: 'Only with further MX hosts below. Off (recommended): each MX logs in with a user of its own, so that one MX can be stopped alone by removing its user on the store (saslpasswd2 -d), while the others keep delivering. On: every MX logs in as the user above; leave the MX hosts’ own user and password empty.',
  },
  'tls.mode': {
    label: 'TLS on the LMTP hop', kind: 'select', topology: OVER_TCP,
    options: [
      { value: 'fingerprint', label: 'Pin the store’s certificate (recommended)' },
      { value: 'ca', label: 'Verify the store’s certificate with a CA' },
      { value: 'off', label: 'Off: the mail crosses the network in plain text' },
    ],
    hint: 'The guide’s TCP setup (“TCP sockets”) leaves the hop from Postfix to the store in plain text: its SASL login protects the password, not the mail. The bundle goes beyond the guide here. Pinning needs no CA: the store’s apply.sh prints its certificate’s SHA-256 fingerprint, and you pass it to the Postfix host’s apply.sh with --store-fingerprint, so the store comes first. CA mode accepts a certificate for the store’s name that your own CA signed. With TLS off, anyone on the path between the hosts can read the mail.',
  },
  'tls.storeCert': {
    label: 'Store certificate', kind: 'select', topology: OVER_TCP,
    shownWhen: { 'tls.mode': ['fingerprint', 'ca'] },
    options: [
      { value: 'self-signed', label: 'Self-signed: the store’s apply.sh makes a key pair there' },
      { value: 'existing', label: 'Existing: a certificate and key already on the store' },
    ],
    hint: 'The private key stays on the store and is never in the bundle. A self-signed certificate suits a pinned fingerprint. In CA mode, use a certificate your CA signed for the store’s name.',
  },
  'tls.certPath': {
    label: 'Certificate path on the store', kind: 'text', topology: OVER_TCP, required: true, autoComplete: 'off',
    shownWhen: { 'tls.mode': ['fingerprint', 'ca'], 'tls.storeCert': ['existing'] },
    placeholder: '/etc/ssl/certs/store.pem',
    hint: 'The absolute path of the store’s PEM certificate. lmtpd presents it on STARTTLS, under our service’s tls_server_cert key.',
  },
  'tls.keyPath': {
    label: 'Key path on the store', kind: 'text', topology: OVER_TCP, required: true, autoComplete: 'off',
    shownWhen: { 'tls.mode': ['fingerprint', 'ca'], 'tls.storeCert': ['existing'] },
    placeholder: '/etc/ssl/private/store.key',
    hint: 'The absolute path of its private key. The cyrus user must be able to read it, or the store’s apply.sh stops before any change.',
  },
  'tls.caFile': {
    label: 'CA file on the Postfix host', kind: 'text', topology: OVER_TCP, required: true, autoComplete: 'off',
    shownWhen: { 'tls.mode': ['ca'] },
    placeholder: '/etc/ssl/certs/our-ca.pem',
    hint: 'The absolute path of the CA certificate that signed the store’s certificate, on the Postfix host. Postfix trusts only this file for the hop (lmtp_tls_CAfile), not every public CA.',
  },
  'tls.verifyName': {
    label: 'Name in the store’s certificate', kind: 'text', topology: OVER_TCP, autoComplete: 'off',
    shownWhen: { 'tls.mode': ['ca'] },
    placeholder: 'the store host',
    hint: 'The host name the store’s certificate must carry. Leave it empty to use the store host. If the store host is an IP address, give a name here, because Postfix matches names, not addresses.',
  },
  'delivery.transportName': {
    label: 'Transport name', kind: 'text',
    hint: 'The name of the Postfix service, a copy of lmtp, that talks to Cyrus. The guide calls it cyrus.',
  },
  'delivery.localRecipients': {
    label: 'Deliver local recipients to Cyrus', kind: 'checkbox',
    hint: 'Mail for the host’s own name goes to Cyrus through mailbox_transport instead of /var/mail, after /etc/aliases and .forward files, one recipient at a time: a message to ten local users is ten deliveries and ten stored copies.',
  },
  'delivery.localRecipientCheck': {
    label: 'Recipient check', kind: 'select',
    options: [
      { value: 'cyrus', label: 'Ask Cyrus during the SMTP dialogue (recommended)' },
      { value: 'unix', label: 'Accept only Unix accounts for local mail (Postfix’s default check)' },
      { value: 'any', label: 'Accept any address; Cyrus refuses unknown mailboxes later' },
    ],
    hint: 'How Postfix knows that a recipient exists. “Ask Cyrus” checks each address of your local, virtual and transport-map domains with Cyrus while the sender is still connected: an unknown one is refused at once (550), and nothing bounces. Cyrus mailboxes are not Unix accounts, so the Unix check suits only Unix users. Accepting any address works, but unknown ones bounce later to a sender that is often forged.',
  },
  'delivery.virtualDomains': {
    label: 'Virtual domains', kind: 'list',
    hint: 'One domain per line, delivered to Cyrus through virtual_mailbox_domains. Not the Postfix host name itself.',
  },
  'delivery.transportMapDomains': {
    label: 'Transport map domains', kind: 'list',
    hint: 'One domain per line, routed to Cyrus by a transport map entry. Use this for domains Postfix already treats as relay or local.',
  },
  'delivery.defaultTransport': {
    label: 'Send all other mail to Cyrus (default transport)', kind: 'checkbox',
    hint: 'Only for a host that does nothing but feed the store: every address Postfix does not route otherwise goes to Cyrus.',
  },
  'limits.concurrency': {
    label: 'Parallel deliveries', kind: 'number',
    hint: 'How many LMTP sessions Postfix opens at once for virtual domains, transport-map domains and the default transport. For local recipients only the service’s process limit (the same number) applies: local(8) hands them over one at a time under its own limits. It must not exceed the lmtpd maxchild below. 20 delivered as fast as 100 in our measurements, with fewer connections.',
  },
  'limits.recipients': {
    label: 'Recipients per delivery', kind: 'number',
    hint: 'How many recipients Postfix sends in one LMTP transaction; 0 means no limit. With 0, a message to many users of a virtual domain, a transport-map domain or the default transport is handed over once and Cyrus stores it once. Local recipients are each a separate delivery whatever this says: local(8) expands aliases and .forward for each recipient and hands them over one by one. Where mail to many local users matters, make your users’ domain a virtual domain instead (take it out of mydestination; /etc/aliases and .forward then no longer apply to it).',
  },
  'limits.lmtpMaxChild': {
    label: 'lmtpd maxchild', kind: 'number',
    hint: 'The most lmtpd processes Cyrus starts, set in cyrus.conf.',
  },
  'cyrus.downcaseRecipients': {
    label: 'Lower-case recipient addresses in Cyrus', kind: 'checkbox',
    hint: 'Cyrus’s lmtp_downcase_rcpt, already on by default in Debian’s Cyrus. Turn it off only if your mailbox names use capitals.',
  },
  'cyrus.virtdomains': {
    label: 'Cyrus virtual domains (virtdomains)', kind: 'select',
    options: [
      { value: 'keep', label: 'keep: leave the store’s current setting (off on a fresh host)' },
      { value: 'off', label: 'off: one mailbox per user name, domains ignored' },
      { value: 'userid', label: 'userid: keep user@domain mailboxes apart' },
    ],
    hint: 'Whether Cyrus keeps the domain part of an address. “keep” never changes a store that already has a setting; “off” or “userid” must match the store’s value if it has one, or apply.sh stops before any change. When local recipients and virtual domains both go to Cyrus, a warning here says what each choice does to them.',
  },
  'cyrus.disableMissingServices': {
    label: 'Disable pop3, nntp and http in cyrus.conf', kind: 'checkbox',
    hint: 'Debian’s stock cyrus.conf starts services whose programs come from other packages; cyrmaster exits when they are missing.',
  },
} as const satisfies Record<string, FieldDef>;

/** A field of fixed place in the form. */
export type StaticFieldPath = keyof typeof FIELDS;
export type FieldPath = StaticFieldPath | SlotPath;
/** The fields of fixed place; the slots of lists come from slotPaths. */
export const FIELD_PATHS = Object.keys(FIELDS) as StaticFieldPath[];

export const isFieldPath = (value: string): value is FieldPath => Object.hasOwn(FIELDS, value) || slotOf(value) !== undefined;

export function fieldDef(path: FieldPath): FieldDef {
  if (Object.hasOwn(FIELDS, path)) return FIELDS[path as StaticFieldPath];
  const mx = MX_SLOT_RE.exec(path);
  if (mx) return mxSlotDef(Number(mx[1]), mx[2] as MxSlotKey);
  const be = BACKEND_SLOT_RE.exec(path);
  if (be) return backendSlotDef(Number(be[1]));
  throw new Error(`no form field ${path}`);
}

export const appliesTo = (path: FieldPath, topology: Topology | null): boolean => {
  const only = fieldDef(path).topology;
  return only === undefined || topology === null || (typeof only === 'string' ? only === topology : only.includes(topology));
};

/**
 * Whether a field is asked: it applies to the topology, and its shownWhen
 * holds for the current values (valueOf gives what is typed, or the default).
 */
export function isShown(path: FieldPath, topology: Topology | null, valueOf: (p: FieldPath) => FieldValue | undefined): boolean {
  if (!appliesTo(path, topology)) return false;
  const when = (fieldDef(path) as FieldDef).shownWhen;
  if (when === undefined) return true;
  return Object.entries(when).every(([dep, values]) => {
    const v = valueOf(dep as FieldPath);
    return typeof v === 'string' && values.includes(v);
  });
}

/**
 * Paths of whole lists of slots, whose issues belong to the field that
 * decides how many slots there are ("4 backend passwords for 2 backends" is
 * fixed on "Backend hosts").
 */
const LIST_OWNERS: Readonly<Record<string, StaticFieldPath>> = {
  'murder.backendPasswords': 'murder.backends',
};

/** The field an error path belongs to: "delivery.virtualDomains.2" belongs to the list, "extraMx.0.host" to its slot. */
export function fieldOfPath(path: string): FieldPath | undefined {
  const slot = /^(extraMx\.[0-9]{1,2}\.(?:host|username|password|concurrency)|murder\.backendPasswords\.[0-9]{1,2}\.password)(?:\.|$)/.exec(path);
  if (slot?.[1]) return slot[1] as FieldPath;
  const owner = LIST_OWNERS[path];
  if (owner) return owner;
  let best: StaticFieldPath | undefined;
  for (const field of FIELD_PATHS) {
    if ((path === field || path.startsWith(`${field}.`)) && (best === undefined || field.length > best.length)) {
      best = field;
    }
  }
  return best;
}

/**
 * A message with every answers path in it ("murder.backends",
 * "extraMx.0.password") replaced by the field's label in quotes (issue 24):
 * admin-facing text names fields as the form does. Host names and other
 * dotted words are left alone: only paths of form fields are replaced.
 */
export function withLabels(text: string): string {
  return text.replace(/\b[a-z][A-Za-z]*(?:\.[A-Za-z0-9]+)+\b/g, (token) => {
    const path = isFieldPath(token) ? token : LIST_OWNERS[token];
    return path === undefined ? token : `“${fieldDef(path).label}”`;
  });
}
