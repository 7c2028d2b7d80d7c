// Hostile shapes rather than hostile text: numbers out of range, floats for
// integers, wrong types, prototype-pollution keys, unknown keys, bodies that
// are not objects. Each entry still changes ONE field of a valid base body.
import { bodyWith, Raw, type Base, type HostileEntry } from './hostile-bodies.ts';

type Spec = [base: Base, path: string, value: unknown, label: string, expectedPath?: string];

const NUMBERS: Spec[] = [
  ['remote', 'tcp.port', 0, 'zero'],
  ['remote', 'tcp.port', -1, 'negative'],
  ['remote', 'tcp.port', 65536, 'above 65535'],
  ['remote', 'tcp.port', new Raw('1e400'), '1e400 (Infinity once parsed)'],
  ['remote', 'tcp.port', new Raw('-0'), 'minus zero'],
  ['remote', 'tcp.port', 2003.5, 'float'],
  ['remote', 'tcp.port', new Raw('2003.000001'), 'float a millionth above an integer'],
  ['remote', 'tcp.port', new Raw('9007199254740993'), 'beyond 2^53'],
  ['remote', 'tcp.port', '2003', 'string'],
  ['remote', 'tcp.port', 143, 'a port IMAP already uses'],
  ['single', 'limits.concurrency', 0, 'zero'],
  ['single', 'limits.concurrency', 1001, 'above 1000'],
  ['single', 'limits.concurrency', 1.5, 'float'],
  ['single', 'limits.concurrency', '100', 'string'],
  ['single', 'limits.recipients', -1, 'negative'],
  ['single', 'limits.recipients', 100001, 'above 100000'],
  ['single', 'limits.recipients', 0.5, 'float'],
  ['single', 'limits.lmtpMaxChild', 0, 'zero'],
  ['single', 'limits.lmtpMaxChild', 1e6, 'a million'],
  ['single', 'limits.lmtpMaxChild', 2.5, 'float'],
  ['single', 'limits.lmtpMaxChild', null, 'null'],
];

const OTHER_TYPES: Spec[] = [
  ['single', 'delivery.localRecipients', 'true', 'string for boolean'],
  ['single', 'delivery.defaultTransport', 1, 'number for boolean'],
  ['single', 'cyrus.downcaseRecipients', null, 'null for boolean'],
  ['single', 'cyrus.disableMissingServices', [], 'array for boolean'],
  ['single', 'topology', 'Single-Host', 'wrong case'],
  ['single', 'topology', 'single-host\n', 'trailing newline'],
  ['single', 'topology', 42, 'number'],
  ['single', 'topology', null, 'null'],
  ['single', 'delivery.localRecipientCheck', 'all', 'not one of the choices'],
  ['single', 'cyrus.virtdomains', 'on', 'not one of the choices'],
  ['single', 'cyrus.virtdomains', { off: true }, 'object for enum'],
  ['single', 'target', 'debian-11', 'a release the wizard does not know'],
  ['remote', 'target', 13, 'number for enum'],
  ['single', 'delivery', [], 'array for object'],
  ['single', 'delivery', 'cyrus', 'string for object'],
  ['single', 'unixSocket', null, 'null for object'],
  ['single', 'limits', [1, 2], 'array for object'],
  ['single', 'cyrus', 42, 'number for object'],
  ['remote', 'tcp', [], 'array for object'],
  ['remote', 'sasl', 'postman:secret', 'string for object'],
  ['remote', 'sasl', null, 'null for object'],
  ['single', 'delivery.virtualDomains', 'example.com', 'string for array'],
  ['single', 'delivery.virtualDomains', { 0: 'example.com' }, 'object for array'],
  [
    'single',
    'delivery.virtualDomains',
    Array.from({ length: 101 }, (_, i) => `d${i}.example.com`),
    '101 domains (at most 100)',
  ],
  ['remote', 'tcp.allowFrom', '192.0.2.25', 'string for array'],
  ['remote', 'tcp.allowFrom', Array.from({ length: 51 }, (_, i) => `192.0.2.${i}`), '51 addresses (at most 50)'],
];

const pollution = { polluted: 'yes' };
const PROTO_KEYS: Spec[] = [
  ['single', '__proto__', pollution, 'top-level __proto__ object'],
  ['single', '__proto__', 'x', 'top-level __proto__ string'],
  ['single', 'constructor', { prototype: pollution }, 'top-level constructor.prototype'],
  ['single', 'prototype', pollution, 'top-level prototype'],
  ['single', 'delivery.__proto__', pollution, 'nested __proto__'],
  ['single', 'unixSocket.constructor', { prototype: pollution }, 'nested constructor'],
  ['single', 'limits.prototype', pollution, 'nested prototype'],
  ['remote', 'tcp.__proto__', { port: 25 }, '__proto__ carrying a port'],
  // A prototype that carried the password must not satisfy the required field.
  ['remote', 'sasl.__proto__', { password: 'from-the-prototype' }, '__proto__ carrying the password'],
];

const UNKNOWN_KEYS: Spec[] = [
  ['single', 'bogus', '$(id)', 'top-level'],
  ['single', 'delivery.extra', 'lmtp_admins: anyone', 'in delivery'],
  ['single', 'limits.maxchild', 5, 'in limits'],
  ['single', 'cyrus.admins', 'anyone', 'in cyrus'],
  ['single', 'unixSocket.mode', '0777', 'in unixSocket'],
  ['remote', 'tcp.bind', '0.0.0.0', 'in tcp'],
  ['remote', 'sasl.user', 'root', 'in sasl (typo of username)'],
  ['single', 'tcp', { storeHost: 'store.example.org' }, 'remote-only block on single-host'],
  ['remote', 'unixSocket', { path: '/tmp/lmtp' }, 'single-host-only block on remote'],
  ['single', 'mail\nHost', 'evil.example.org', 'key with a newline'],
  ['single', 'mailHost\u202e', 'evil.example.org', 'key with a bidi control'],
];

const entry = ([base, path, value, label, expectedPath]: Spec, kind: string): HostileEntry => ({
  name: `${path}: ${kind}: ${label}`,
  payload: bodyWith(base, path, value),
  path: expectedPath ?? path,
  status: 422,
  ...(typeof value === 'string' && value.length >= 6 && kind === 'unknown key' ? { hostile: value } : {}),
});

const NOT_OBJECTS: HostileEntry[] = [
  ['[]', 'array'],
  ['"single-host"', 'string'],
  ['42', 'number'],
  ['null', 'null'],
  ['true', 'boolean'],
].map(([payload = '', label = '']) => ({
  name: `body: ${label} instead of an object`,
  payload,
  path: '',
  status: 422,
}));

export const STRUCTURAL: readonly HostileEntry[] = [
  ...NUMBERS.map((s) => entry(s, 'number')),
  ...OTHER_TYPES.map((s) => entry(s, 'type')),
  ...PROTO_KEYS.map((s) => entry(s, 'prototype key')),
  ...UNKNOWN_KEYS.map((s) => entry(s, 'unknown key')),
  ...NOT_OBJECTS,
];
