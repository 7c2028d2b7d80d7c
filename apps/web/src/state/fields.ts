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
  /** A select's choices; the later steps' labels are in field-hints.ts (optionLabel), the first step's here. */
  options?: readonly { value: string; label?: string }[];
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

/**
 * The fields of further MX host number i + 2 (issue 15). The form offers one
 * slot per further MX: "Add an MX host" adds one, "Remove" takes it away.
 */
function mxSlotDef(i: number, key: MxSlotKey): FieldDef {
  const n = i + 2;
  switch (key) {
    case 'host':
      return {
        label: `MX host ${n}: host name`,
        kind: 'text',
        topology: 'remote',
        required: true,
        autoComplete: 'off',
        placeholder: `mx${n}.example.org`,
      };
    case 'username':
      return {
        label: `MX host ${n}: SASL user name`,
        kind: 'text',
        topology: 'remote',
        autoComplete: 'off',
        placeholder: `postman${n}`,
      };
    case 'password':
      return {
        label: `MX host ${n}: SASL password`,
        kind: 'password',
        topology: 'remote',
        autoComplete: 'new-password',
      };
    case 'concurrency':
      return {
        label: `MX host ${n}: parallel deliveries`,
        kind: 'number',
        topology: 'remote',
        placeholder: '20 (default)',
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
    label: `Backend ${i + 1}: proxy password`,
    kind: 'password',
    topology: 'murder',
    autoComplete: 'new-password',
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
    label: 'Debian release',
    kind: 'select',
    options: TARGET_IDS.map((id) => ({ value: id, label: TARGETS[id].label })),
    hint: 'The release every host of this setup runs. The bundle is written for that release’s postfix and cyrus-imapd, and its apply.sh changes nothing on a host that runs another one.',
  },
  upgradeFrom: {
    label: 'Upgrading from',
    kind: 'select',
    options: [
      { value: 'none', label: 'Nothing (a new setup)' },
      { value: 'debian-12', label: 'Debian 12, with our debian-12 bundle' },
    ],
    hint: 'Your answers for Debian 13, with an UPGRADE.md per host. Choose Debian 13 above.',
  },
  mailHost: {
    label: 'Postfix host name',
    kind: 'text',
    required: true,
    autoComplete: 'off',
    placeholder: 'mail.example.org',
  },
  'unixSocket.path': {
    label: 'Unix socket path',
    kind: 'text',
    topology: 'single-host',
  },
  'unixSocket.group': {
    label: 'Socket group',
    kind: 'text',
    topology: 'single-host',
  },
  'unixSocket.postfixUser': {
    label: 'Postfix user',
    kind: 'text',
    topology: 'single-host',
  },
  'murder.mupdateHost': {
    label: 'mupdate master host',
    kind: 'text',
    topology: 'murder',
    required: true,
    autoComplete: 'off',
    placeholder: 'mupdate.example.org',
  },
  'murder.frontends': {
    label: 'Frontend hosts',
    kind: 'list',
    topology: 'murder',
    required: true,
    autoComplete: 'off',
  },
  'murder.backends': {
    label: 'Backend hosts',
    kind: 'list',
    topology: 'murder',
    required: true,
    autoComplete: 'off',
  },
  port: {
    label: 'LMTP port',
    kind: 'number',
    topology: 'murder',
  },
  'murder.proxyUser': {
    label: 'Proxy user name',
    kind: 'text',
    topology: 'murder',
    autoComplete: 'off',
  },
  'murder.proxyPassword': {
    label: 'Proxy password (every backend without its own)',
    kind: 'password',
    topology: 'murder',
    autoComplete: 'new-password',
  },
  'murder.mupdateUser': {
    label: 'mupdate user name',
    kind: 'text',
    topology: 'murder',
    autoComplete: 'off',
  },
  'murder.mupdatePassword': {
    label: 'mupdate password',
    kind: 'password',
    topology: 'murder',
    required: true,
    autoComplete: 'new-password',
  },
  'tcp.storeHost': {
    label: 'Cyrus store host',
    kind: 'text',
    topology: 'remote',
    required: true,
    autoComplete: 'off',
    placeholder: 'store.example.org',
  },
  'tcp.port': {
    label: 'LMTP port',
    kind: 'number',
    topology: 'remote',
  },
  'tcp.allowFrom': {
    label: 'Addresses allowed to connect',
    kind: 'list',
    topology: 'remote',
  },
  'tcp.listenAddress': {
    label: 'Store listen address',
    kind: 'text',
    topology: 'remote',
    autoComplete: 'off',
    placeholder: 'every address',
  },
  'tcp.serviceName': {
    label: 'Cyrus service name',
    kind: 'text',
    topology: 'remote',
    autoComplete: 'off',
  },
  'sasl.username': {
    label: 'SASL user name',
    kind: 'text',
    topology: OVER_TCP,
    autoComplete: 'off',
  },
  'sasl.password': {
    label: 'SASL password',
    kind: 'password',
    topology: OVER_TCP,
    required: true,
    autoComplete: 'new-password',
  },
  'sasl.sharedUser': {
    label: 'One SASL user for every MX host',
    kind: 'checkbox',
    topology: 'remote',
  },
  'tls.mode': {
    label: 'TLS on the LMTP hop',
    kind: 'select',
    topology: OVER_TCP,
    options: [{ value: 'fingerprint' }, { value: 'ca' }, { value: 'off' }],
  },
  'tls.storeCert': {
    label: 'Store certificate',
    kind: 'select',
    topology: OVER_TCP,
    shownWhen: { 'tls.mode': ['fingerprint', 'ca'] },
    options: [{ value: 'self-signed' }, { value: 'existing' }],
  },
  'tls.certPath': {
    label: 'Certificate path on the store',
    kind: 'text',
    topology: OVER_TCP,
    required: true,
    autoComplete: 'off',
    shownWhen: { 'tls.mode': ['fingerprint', 'ca'], 'tls.storeCert': ['existing'] },
    placeholder: '/etc/ssl/certs/store.pem',
  },
  'tls.keyPath': {
    label: 'Key path on the store',
    kind: 'text',
    topology: OVER_TCP,
    required: true,
    autoComplete: 'off',
    shownWhen: { 'tls.mode': ['fingerprint', 'ca'], 'tls.storeCert': ['existing'] },
    placeholder: '/etc/ssl/private/store.key',
  },
  'tls.caFile': {
    label: 'CA file on the Postfix host',
    kind: 'text',
    topology: OVER_TCP,
    required: true,
    autoComplete: 'off',
    shownWhen: { 'tls.mode': ['ca'] },
    placeholder: '/etc/ssl/certs/our-ca.pem',
  },
  'tls.verifyName': {
    label: 'Name in the store’s certificate',
    kind: 'text',
    topology: OVER_TCP,
    autoComplete: 'off',
    shownWhen: { 'tls.mode': ['ca'] },
    placeholder: 'the store host',
  },
  'delivery.transportName': {
    label: 'Transport name',
    kind: 'text',
  },
  'delivery.localRecipients': {
    label: 'Deliver local recipients to Cyrus',
    kind: 'checkbox',
  },
  'delivery.localRecipientCheck': {
    label: 'Recipient check',
    kind: 'select',
    options: [{ value: 'cyrus' }, { value: 'unix' }, { value: 'any' }],
  },
  'delivery.virtualDomains': {
    label: 'Virtual domains',
    kind: 'list',
  },
  'delivery.transportMapDomains': {
    label: 'Transport map domains',
    kind: 'list',
  },
  'delivery.defaultTransport': {
    label: 'Send all other mail to Cyrus (default transport)',
    kind: 'checkbox',
  },
  'limits.concurrency': {
    label: 'Parallel deliveries',
    kind: 'number',
  },
  'limits.recipients': {
    label: 'Recipients per delivery',
    kind: 'number',
  },
  'limits.lmtpMaxChild': {
    label: 'lmtpd maxchild',
    kind: 'number',
  },
  'cyrus.downcaseRecipients': {
    label: 'Lower-case recipient addresses in Cyrus',
    kind: 'checkbox',
  },
  'cyrus.virtdomains': {
    label: 'Cyrus virtual domains (virtdomains)',
    kind: 'select',
    options: [{ value: 'keep' }, { value: 'off' }, { value: 'userid' }],
  },
  'cyrus.disableMissingServices': {
    label: 'Disable pop3, nntp and http in cyrus.conf',
    kind: 'checkbox',
  },
} as const satisfies Record<string, FieldDef>;

/** A field of fixed place in the form. */
export type StaticFieldPath = keyof typeof FIELDS;
export type FieldPath = StaticFieldPath | SlotPath;
/** The fields of fixed place; the slots of lists come from slotPaths. */
export const FIELD_PATHS = Object.keys(FIELDS) as StaticFieldPath[];

export const isFieldPath = (value: string): value is FieldPath =>
  Object.hasOwn(FIELDS, value) || slotOf(value) !== undefined;

export function fieldDef(path: FieldPath): FieldDef {
  if (Object.hasOwn(FIELDS, path)) return FIELDS[path as StaticFieldPath];
  const mx = MX_SLOT_RE.exec(path);
  if (mx) return mxSlotDef(Number(mx[1]), mx[2] as MxSlotKey);
  const be = BACKEND_SLOT_RE.exec(path);
  if (be) return backendSlotDef(Number(be[1]));
  throw new Error(`no form field ${path}`);
}

/**
 * What the form of each topology holds beyond its fields, as data (issue 22:
 * no branch per topology in the form's code): the answer sections always
 * sent (so a missing store host is reported on its own field), the lists of
 * slots and where they go, and whether its bundle holds a password.
 */
export interface TopologyForm {
  sections: readonly string[];
  /** Each list of slots: its group, the answers object that holds it, its key there, and whether an added, empty slot is sent. */
  lists: readonly { group: SlotGroup; parent: string | null; key: string; sendEmpty: boolean }[];
  passwords: boolean;
}
export const TOPOLOGY_FORMS: Readonly<Record<Topology, TopologyForm>> = {
  'single-host': { sections: [], lists: [], passwords: false },
  remote: {
    sections: ['tcp', 'sasl'],
    lists: [{ group: 'extraMx.*', parent: null, key: 'extraMx', sendEmpty: true }],
    passwords: true,
  },
  murder: {
    sections: ['murder', 'sasl'],
    lists: [{ group: 'murder.backendPasswords.*', parent: 'murder', key: 'backendPasswords', sendEmpty: false }],
    passwords: true,
  },
};

/**
 * Whether something kept for `only` these topologies (a field, a step; none:
 * every one) is there for the chosen one. With none chosen yet (null), only
 * what every topology has is.
 */
export const fitsTopology = (only: Topology | readonly Topology[] | undefined, topology: Topology | null): boolean =>
  only === undefined || ([only].flat() as readonly (Topology | null)[]).includes(topology);

/** Whether a field is asked for this topology; with none chosen yet, whether every topology asks it. */
export const appliesTo = (path: FieldPath, topology: Topology | null): boolean =>
  fitsTopology(fieldDef(path).topology, topology);

/**
 * Whether a field is asked: it applies to the topology, and its shownWhen
 * holds for the current values (valueOf gives what is typed, or the default).
 */
export function isShown(
  path: FieldPath,
  topology: Topology | null,
  valueOf: (p: FieldPath) => FieldValue | undefined,
): boolean {
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
  const slot =
    /^(extraMx\.[0-9]{1,2}\.(?:host|username|password|concurrency)|murder\.backendPasswords\.[0-9]{1,2}\.password)(?:\.|$)/.exec(
      path,
    );
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
