// fast-check arbitraries for the reject property: valid answers with every
// field present, the fields one can replace, and values each field refuses.
import fc from 'fast-check';
import { parseAnswers, type Answers } from '@lmtp-wizard/schema';

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/);
const fqdn = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-z]{2,6}$/))
  .map(([ls, tld]) => [...ls, tld].join('.'));
const unixName = fc.stringMatching(/^[a-z][-a-z0-9_]{0,10}$/);
const segment = fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,8}$/);
const printable = fc.string({
  unit: fc.integer({ min: 33, max: 126 }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 40,
});

const common = {
  target: fc.constantFrom('debian-13', 'debian-12'),
  mailHost: fqdn,
  delivery: fc.record({
    transportName: fc.stringMatching(/^cy[a-z0-9]{0,6}$/),
    localRecipients: fc.constant(true),
    virtualDomains: fc.uniqueArray(fqdn, { maxLength: 2 }),
    transportMapDomains: fc.uniqueArray(fqdn, { maxLength: 2 }),
    defaultTransport: fc.boolean(),
    localRecipientCheck: fc.constantFrom('cyrus', 'any', 'unix'),
  }),
  limits: fc.record({
    concurrency: fc.integer({ min: 1, max: 50 }),
    recipients: fc.integer({ min: 0, max: 100_000 }),
    lmtpMaxChild: fc.integer({ min: 50, max: 1000 }),
  }),
  cyrus: fc.record({
    downcaseRecipients: fc.boolean(),
    virtdomains: fc.constantFrom('keep', 'off', 'userid'),
    disableMissingServices: fc.boolean(),
  }),
};

const single = fc.record({
  topology: fc.constant('single-host'),
  ...common,
  unixSocket: fc.record({
    path: fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join('/')}`),
    group: unixName,
    postfixUser: unixName,
  }),
});

const remote = fc.record({
  topology: fc.constant('remote'),
  ...common,
  tcp: fc.record({
    storeHost: fc.oneof(fqdn, fc.ipV4(), fc.constantFrom('2001:db8::10', '::1')),
    port: fc.integer({ min: 1, max: 65535 }).filter((p) => ![110, 143, 993, 995, 4190].includes(p)),
    allowFrom: fc.array(
      fc.oneof(
        fc.ipV4(),
        fc.ipV4().map((a) => `${a}/24`),
      ),
      { maxLength: 2 },
    ),
  }),
  sasl: fc.record({ username: unixName, password: printable }),
});

/** Answers the schema accepts, with every default written out, so every field path exists. */
export const fullAnswers: fc.Arbitrary<Answers> = fc
  .oneof(single, remote)
  .map((input) => parseAnswers(input))
  .filter((r) => r.ok)
  .map((r) => (r.ok ? r.answers : (undefined as never)));

export type Node = { path: (string | number)[]; value: unknown };

/** Every field of the answers, objects and arrays included, except the root. */
export function fieldsOf(value: unknown, path: (string | number)[] = []): Node[] {
  const here: Node[] = path.length > 0 ? [{ path, value }] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => fieldsOf(v, [...path, i]))];
  if (value !== null && typeof value === 'object') {
    return [...here, ...Object.entries(value).flatMap(([k, v]) => fieldsOf(v, [...path, k]))];
  }
  return here;
}

const RANGES: Record<string, [number, number]> = {
  'tcp.port': [1, 65535],
  'limits.concurrency': [1, 1000],
  'limits.recipients': [0, 100_000],
  'limits.lmtpMaxChild': [1, 1000],
};

const control = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.constant(0x7f), fc.integer({ min: 0x80, max: 0x9f }))
  .map((c) => String.fromCharCode(c));
// Any code point beyond ASCII that stays beyond ASCII once lower-cased: the
// host-name fields fold case first, and U+212A KELVIN SIGN folds to "k".
const nonAscii = fc
  .integer({ min: 0x80, max: 0x10ffff })
  .map((c) => String.fromCodePoint(c))
  .filter((c) => /[^\x00-\x7f]/.test(c.toLowerCase()));

/** The character goes strictly inside, where trimming cannot remove it. */
const inserted = (valid: string, ch: fc.Arbitrary<string>) =>
  fc
    .tuple(ch, fc.integer({ min: 1, max: Math.max(1, valid.length) }))
    .map(([c, k]) => `${valid.slice(0, k)}${c}${valid.slice(k) || 'x'}`);

const wrongTypes = (exclude: string) =>
  fc
    .oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.constant({}), fc.constant([]), fc.constant('x'))
    .filter((v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v) !== exclude);

/** A value the field at this path must refuse. */
export function invalidFor(node: Node): fc.Arbitrary<unknown> {
  const { value } = node;
  if (typeof value === 'string') {
    return fc.oneof(inserted(value, control), inserted(value, nonAscii), wrongTypes('string'));
  }
  if (typeof value === 'number') {
    const [min, max] = RANGES[node.path.join('.')] ?? [0, 0];
    return fc.oneof(
      fc.integer({ min: -1e9, max: min - 1 }),
      fc.integer({ min: max + 1, max: 1e12 }),
      fc.double({ min, max, noNaN: true }).filter((d) => !Number.isInteger(d)),
      fc.constant(String(value)),
      wrongTypes('number'),
    );
  }
  if (typeof value === 'boolean')
    return fc.oneof(fc.constant(String(value)), fc.constant(value ? 1 : 0), wrongTypes('boolean'));
  return wrongTypes(Array.isArray(value) ? 'array' : 'object');
}
