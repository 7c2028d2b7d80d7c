// fast-check arbitraries for answers the schema accepts, including edge
// values: every printable password character, IP literals, long names.
import fc from 'fast-check';
import { parseAnswers, TARGET_IDS, type Answers } from '@lmtp-wizard/schema';

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
const fqdn = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-z]{2,6}$/))
  .map(([ls, tld]) => [...ls, tld].join('.'));
const ipv4 = fc.ipV4();
const ipv6 = fc.constantFrom('2001:db8::1', '::1', 'fe80::1:2', '2001:db8:0:0:0:0:0:10');
const unixName = fc.stringMatching(/^[a-z][-a-z0-9_]{0,12}$/);
const segment = fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,10}$/).filter((s) => s !== '.' && s !== '..');
const socketPath = fc.array(segment, { minLength: 2, maxLength: 4 }).map((s) => `/${s.join('/')}`);
const password = fc.string({
  unit: fc.integer({ min: 33, max: 126 }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 64,
});
const transport = fc.stringMatching(/^[a-z](?:[a-z0-9-]{0,7}[a-z0-9])?$/);

const common = {
  target: fc.constantFrom(...TARGET_IDS),
  mailHost: fqdn,
  delivery: fc.record(
    {
      transportName: transport,
      localRecipients: fc.boolean(),
      virtualDomains: fc.uniqueArray(fqdn, { maxLength: 3 }),
      transportMapDomains: fc.uniqueArray(fqdn, { maxLength: 2 }),
      defaultTransport: fc.boolean(),
      localRecipientCheck: fc.constantFrom('cyrus', 'any', 'unix'),
    },
    { requiredKeys: [] },
  ),
  limits: fc.record(
    {
      concurrency: fc.integer({ min: 1, max: 50 }),
      recipients: fc.integer({ min: 0, max: 1000 }),
      lmtpMaxChild: fc.integer({ min: 50, max: 1000 }),
    },
    { requiredKeys: [] },
  ),
  cyrus: fc.record(
    {
      downcaseRecipients: fc.boolean(),
      virtdomains: fc.constantFrom('keep', 'off', 'userid'),
      disableMissingServices: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
};

const singleInput = fc.record(
  {
    topology: fc.constant('single-host'),
    ...common,
    unixSocket: fc.record({ path: socketPath, group: unixName, postfixUser: unixName }, { requiredKeys: [] }),
  },
  { requiredKeys: ['topology', 'mailHost'] },
);

const remoteInput = fc.record(
  {
    topology: fc.constant('remote'),
    ...common,
    tcp: fc.record(
      {
        storeHost: fc.oneof(fqdn, ipv4, ipv6),
        port: fc.integer({ min: 1, max: 65535 }),
        allowFrom: fc.array(
          fc.oneof(
            ipv4,
            ipv4.map((a) => `${a}/24`),
            ipv6,
            ipv6.map((a) => `${a}/64`),
          ),
          { maxLength: 3 },
        ),
        serviceName: fc.oneof(fc.constant('lmtp'), fc.stringMatching(/^[a-z][a-z0-9]{0,15}$/)),
        listenAddress: fc.oneof(fc.constant(''), ipv4, ipv6),
      },
      { requiredKeys: ['storeHost'] },
    ),
    sasl: fc.record({ username: unixName, password }, { requiredKeys: ['password'] }),
    tls: fc.record(
      {
        mode: fc.constantFrom('fingerprint', 'ca', 'off'),
        storeCert: fc.constantFrom('self-signed', 'existing'),
        certPath: fc.stringMatching(/^(\/[a-z0-9._-]{1,12}){1,4}$/),
        keyPath: fc.stringMatching(/^(\/[a-z0-9._-]{1,12}){1,4}$/),
        caFile: fc.stringMatching(/^(\/[a-z0-9._-]{1,12}){1,4}$/),
        verifyName: fc.oneof(fc.constant(''), fqdn),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['topology', 'mailHost', 'tcp', 'sasl'] },
);

/** Further MX hosts (issue 15): none mostly, else one or two, each with its own user or all sharing one. */
const extraMx = fc.record({
  shared: fc.boolean(),
  list: fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constant<{ host: string; username: string; password: string; concurrency: number }[]>([]),
    },
    {
      weight: 2,
      arbitrary: fc.array(
        fc.record({ host: fqdn, username: unixName, password, concurrency: fc.integer({ min: 1, max: 10 }) }),
        { minLength: 1, maxLength: 2 },
      ),
    },
  ),
});

const remoteWithMx = fc.tuple(remoteInput, extraMx).map(([input, mx]) =>
  mx.list.length === 0
    ? input
    : {
        ...input,
        sasl: { ...input.sasl, sharedUser: mx.shared },
        extraMx: mx.list.map((m) => (mx.shared ? { host: m.host, concurrency: m.concurrency } : m)),
      },
);

/** Inputs the schema accepts (the few that hit a cross-field rule are dropped). */
export const validAnswers: fc.Arbitrary<Answers> = fc
  .oneof(singleInput, remoteWithMx)
  .map((input) => parseAnswers(input))
  .filter((r) => r.ok)
  .map((r) => (r.ok ? r.answers : (undefined as never)));

/** A Cyrus Murder (issue 15): one or two frontends, one to three backends, each with its own proxy password or the shared one. */
export const murderAnswers: fc.Arbitrary<Answers> = fc
  .record({
    target: fc.constantFrom(...TARGET_IDS),
    mailHost: fqdn,
    frontends: fc.uniqueArray(fqdn, { minLength: 1, maxLength: 2 }),
    backends: fc.uniqueArray(fqdn, { minLength: 1, maxLength: 3 }),
    own: fc.boolean(),
    passwords: fc.array(password, { minLength: 3, maxLength: 3 }),
    mupdatePassword: password,
    proxyPassword: password,
    saslPassword: password,
  })
  .map((m) =>
    parseAnswers({
      topology: 'murder',
      target: m.target,
      mailHost: m.mailHost,
      murder: {
        mupdateHost: 'mupdate.example.org',
        frontends: m.frontends,
        backends: m.backends,
        ...(m.own
          ? { backendPasswords: m.backends.map((_, i) => ({ password: m.passwords[i] })) }
          : { proxyPassword: m.proxyPassword }),
        mupdatePassword: m.mupdatePassword,
      },
      sasl: { password: m.saslPassword },
    }),
  )
  .filter((r) => r.ok)
  .map((r) => (r.ok ? r.answers : (undefined as never)));
