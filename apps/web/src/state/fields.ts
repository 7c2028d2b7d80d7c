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
  /**
   * Help in plain words: here only for the first step's fields; every other
   * field's is in field-hints.ts, which loads with the later steps (issue 25).
   */
  hint?: string;
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

/**
 * The fields of further MX host number i + 2 (issue 15): the form offers two
 * slots; the API takes up to 20. A slot with nothing typed is not sent, so
 * clearing its fields removes that MX.
 */
function mxSlot<I extends 0 | 1>(i: I) {
  const n = i + 2;
  return {
    [`extraMx.${i}.host`]: {
      label: `MX host ${n}: host name`, kind: 'text', topology: 'remote', autoComplete: 'off', placeholder: `mx${n}.example.org`,
    },
    [`extraMx.${i}.username`]: {
      label: `MX host ${n}: SASL user name`, kind: 'text', topology: 'remote', autoComplete: 'off', placeholder: `postman${n}`,
    },
    [`extraMx.${i}.password`]: {
      label: `MX host ${n}: SASL password`, kind: 'password', topology: 'remote', secret: true, autoComplete: 'new-password',
    },
    [`extraMx.${i}.concurrency`]: {
      label: `MX host ${n}: parallel deliveries`, kind: 'number', topology: 'remote', placeholder: '20 (default)',
    },
  } as Record<`extraMx.${I}.${'host' | 'username' | 'password' | 'concurrency'}`, FieldDef>;
}

/** The form's per-backend proxy password slots; the API takes one per backend (up to 20). */
export const BACKEND_PASSWORD_SLOTS = 4;

/**
 * Backend number i + 1's own proxy password (issue 15), in the order of
 * "Backend hosts". An empty slot uses the proxy password above for that
 * backend; a slot with nothing typed is not sent.
 */
function backendPasswordSlot<I extends 0 | 1 | 2 | 3>(i: I) {
  return {
    [`murder.backendPasswords.${i}.password`]: {
      label: `Backend ${i + 1}: proxy password`, kind: 'password', topology: 'murder', secret: true, autoComplete: 'new-password',
    },
  } as Record<`murder.backendPasswords.${I}.password`, FieldDef>;
}

export const FIELDS = {
  target: {
    label: 'Debian release', kind: 'select',
    options: TARGET_IDS.map((id) => ({ value: id, label: TARGETS[id].label })),
    hint: 'The release every host of this setup runs. The bundle is written for that release’s postfix and cyrus-imapd, and its apply.sh changes nothing on a host that runs another one.',
  },
  upgradeFrom: {
    label: 'Upgrading from', kind: 'select',
    options: [{ value: 'none', label: 'Nothing (a new setup)' }, { value: 'debian-12', label: 'Debian 12, with our debian-12 bundle' }],
    hint: 'Your answers for Debian 13, with an UPGRADE.md per host. Choose Debian 13 above.',
  },
  mailHost: {
    label: 'Postfix host name',
    kind: 'text', required: true, autoComplete: 'off', placeholder: 'mail.example.org',
  },
  'unixSocket.path': {
    label: 'Unix socket path', kind: 'text', topology: 'single-host',
  },
  'unixSocket.group': {
    label: 'Socket group', kind: 'text', topology: 'single-host',
  },
  'unixSocket.postfixUser': {
    label: 'Postfix user', kind: 'text', topology: 'single-host',
  },
  'murder.mupdateHost': {
    label: 'mupdate master host', kind: 'text', topology: 'murder', required: true, autoComplete: 'off',
    placeholder: 'mupdate.example.org',
  },
  'murder.frontends': {
    label: 'Frontend hosts', kind: 'list', topology: 'murder', required: true, autoComplete: 'off',
  },
  'murder.backends': {
    label: 'Backend hosts', kind: 'list', topology: 'murder', required: true, autoComplete: 'off',
  },
  port: {
    label: 'LMTP port', kind: 'number', topology: 'murder',
  },
  'murder.proxyUser': {
    label: 'Proxy user name', kind: 'text', topology: 'murder', autoComplete: 'off',
  },
  'murder.proxyPassword': {
    label: 'Proxy password (every backend without its own)', kind: 'password', topology: 'murder', secret: true, autoComplete: 'new-password',
  },
  ...backendPasswordSlot(0),
  ...backendPasswordSlot(1),
  ...backendPasswordSlot(2),
  ...backendPasswordSlot(3),
  'murder.mupdateUser': {
    label: 'mupdate user name', kind: 'text', topology: 'murder', autoComplete: 'off',
  },
  'murder.mupdatePassword': {
    label: 'mupdate password', kind: 'password', topology: 'murder', required: true, secret: true, autoComplete: 'new-password',
  },
  'tcp.storeHost': {
    label: 'Cyrus store host', kind: 'text', topology: 'remote', required: true, autoComplete: 'off',
    placeholder: 'store.example.org',
  },
  'tcp.port': {
    label: 'LMTP port', kind: 'number', topology: 'remote',
  },
  'tcp.allowFrom': {
    label: 'Addresses allowed to connect', kind: 'list', topology: 'remote',
  },
  'tcp.listenAddress': {
    label: 'Store listen address', kind: 'text', topology: 'remote', autoComplete: 'off',
    placeholder: 'every address',
  },
  'tcp.serviceName': {
    label: 'Cyrus service name', kind: 'text', topology: 'remote', autoComplete: 'off',
  },
  'sasl.username': {
    label: 'SASL user name', kind: 'text', topology: OVER_TCP, autoComplete: 'off',
  },
  'sasl.password': {
    label: 'SASL password', kind: 'password', topology: OVER_TCP, required: true, secret: true,
    autoComplete: 'new-password',
  },
  'sasl.sharedUser': {
    label: 'One SASL user for every MX host', kind: 'checkbox', topology: 'remote',
  },
  ...mxSlot(0),
  ...mxSlot(1),
  'tls.mode': {
    label: 'TLS on the LMTP hop', kind: 'select', topology: OVER_TCP,
    options: [
      { value: 'fingerprint', label: 'Pin the store’s certificate (recommended)' },
      { value: 'ca', label: 'Verify the store’s certificate with a CA' },
      { value: 'off', label: 'Off: the mail crosses the network in plain text' },
    ],
  },
  'tls.storeCert': {
    label: 'Store certificate', kind: 'select', topology: OVER_TCP,
    shownWhen: { 'tls.mode': ['fingerprint', 'ca'] },
    options: [
      { value: 'self-signed', label: 'Self-signed: the store’s apply.sh makes a key pair there' },
      { value: 'existing', label: 'Existing: a certificate and key already on the store' },
    ],
  },
  'tls.certPath': {
    label: 'Certificate path on the store', kind: 'text', topology: OVER_TCP, required: true, autoComplete: 'off',
    shownWhen: { 'tls.mode': ['fingerprint', 'ca'], 'tls.storeCert': ['existing'] },
    placeholder: '/etc/ssl/certs/store.pem',
  },
  'tls.keyPath': {
    label: 'Key path on the store', kind: 'text', topology: OVER_TCP, required: true, autoComplete: 'off',
    shownWhen: { 'tls.mode': ['fingerprint', 'ca'], 'tls.storeCert': ['existing'] },
    placeholder: '/etc/ssl/private/store.key',
  },
  'tls.caFile': {
    label: 'CA file on the Postfix host', kind: 'text', topology: OVER_TCP, required: true, autoComplete: 'off',
    shownWhen: { 'tls.mode': ['ca'] },
    placeholder: '/etc/ssl/certs/our-ca.pem',
  },
  'tls.verifyName': {
    label: 'Name in the store’s certificate', kind: 'text', topology: OVER_TCP, autoComplete: 'off',
    shownWhen: { 'tls.mode': ['ca'] },
    placeholder: 'the store host',
  },
  'delivery.transportName': {
    label: 'Transport name', kind: 'text',
  },
  'delivery.localRecipients': {
    label: 'Deliver local recipients to Cyrus', kind: 'checkbox',
  },
  'delivery.localRecipientCheck': {
    label: 'Recipient check', kind: 'select',
    options: [
      { value: 'cyrus', label: 'Ask Cyrus during the SMTP dialogue (recommended)' },
      { value: 'unix', label: 'Accept only Unix accounts for local mail (Postfix’s default check)' },
      { value: 'any', label: 'Accept any address; Cyrus refuses unknown mailboxes later' },
    ],
  },
  'delivery.virtualDomains': {
    label: 'Virtual domains', kind: 'list',
  },
  'delivery.transportMapDomains': {
    label: 'Transport map domains', kind: 'list',
  },
  'delivery.defaultTransport': {
    label: 'Send all other mail to Cyrus (default transport)', kind: 'checkbox',
  },
  'limits.concurrency': {
    label: 'Parallel deliveries', kind: 'number',
  },
  'limits.recipients': {
    label: 'Recipients per delivery', kind: 'number',
  },
  'limits.lmtpMaxChild': {
    label: 'lmtpd maxchild', kind: 'number',
  },
  'cyrus.downcaseRecipients': {
    label: 'Lower-case recipient addresses in Cyrus', kind: 'checkbox',
  },
  'cyrus.virtdomains': {
    label: 'Cyrus virtual domains (virtdomains)', kind: 'select',
    options: [
      { value: 'keep', label: 'keep: leave the store’s current setting (off on a fresh host)' },
      { value: 'off', label: 'off: one mailbox per user name, domains ignored' },
      { value: 'userid', label: 'userid: keep user@domain mailboxes apart' },
    ],
  },
  'cyrus.disableMissingServices': {
    label: 'Disable pop3, nntp and http in cyrus.conf', kind: 'checkbox',
  },
} as const satisfies Record<string, FieldDef>;

export type FieldPath = keyof typeof FIELDS;
export const FIELD_PATHS = Object.keys(FIELDS) as FieldPath[];

export const fieldDef = (path: FieldPath): FieldDef => FIELDS[path];

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

/** The field an error path belongs to: "delivery.virtualDomains.2" belongs to the list. */
export function fieldOfPath(path: string): FieldPath | undefined {
  let best: FieldPath | undefined;
  for (const field of FIELD_PATHS) {
    if ((path === field || path.startsWith(`${field}.`)) && (best === undefined || field.length > best.length)) {
      best = field;
    }
  }
  return best;
}
