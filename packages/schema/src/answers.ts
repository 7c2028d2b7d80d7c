// The one answers schema. The web form, the HTTP API and the generator all
// parse with it, so a value that passes here is a value the generator may use.
import * as z from 'zod/mini';
import {
  absolutePathField,
  boolField,
  clientAddressField,
  fqdnField,
  hostOrIpField,
  intField,
  listenAddressField,
  mxPasswordField,
  optionalHostnameField,
  optionalUnixNameField,
  optionalPathField,
  optionalPasswordField,
  passwordField,
  unixNameField,
} from './fields.ts';
import { crossFieldIssues } from './cross-field.ts';
import { DEFAULT_TARGET, TARGET_IDS } from './targets.ts';

/** The recipient checks; share-migrations.ts fills "any" into links made before "cyrus" existed. */
export const RECIPIENT_CHECKS = ['cyrus', 'unix', 'any'] as const;

/** The share-link format; raise it with a migration in share-migrations.ts. */
export const SCHEMA_VERSION = 5;

// Services in Debian's stock master.cf. Re-using one of their names for
// the Cyrus transport would silently replace a service Postfix needs;
// "lmtp" is the exception the guide itself allows.
export const RESERVED_TRANSPORT_NAMES: readonly string[] = [
  'smtp',
  'smtpd',
  'smtps',
  'submission',
  'submissions',
  'pickup',
  'cleanup',
  'qmgr',
  'oqmgr',
  'tlsmgr',
  'rewrite',
  'bounce',
  'defer',
  'trace',
  'verify',
  'flush',
  'proxymap',
  'proxywrite',
  'relay',
  'showq',
  'error',
  'retry',
  'discard',
  'local',
  'virtual',
  'anvil',
  'scache',
  'postlog',
  'maildrop',
  'uucp',
  'ifmail',
  'bsmtp',
  'mailman',
  'postscreen',
  'dnsblog',
  'tlsproxy',
  'pipe',
];

// master.cf service names may hold "-" (the amavis recipes' "smtp-amavis"),
// and main.cf reads <service>_destination_* for such a name too. A leading
// "-" would read as an option and a trailing one looks like a typo.
const transportNameField = z.string().check(
  z.refine((v) => /^[a-z](?:[a-z0-9-]{0,29}[a-z0-9])?$/.test(v), {
    error:
      'Transport name must start with a lower-case letter and use only a-z, 0-9 and "-", not at the end (at most 31 characters)',
  }),
  z.refine((v) => !RESERVED_TRANSPORT_NAMES.includes(v), {
    error: 'Transport name is already a stock Postfix service; pick another name such as "cyrus"',
  }),
);

const domainList = z._default(
  z.array(fqdnField('Domain')).check(z.maxLength(100, { error: 'At most 100 domains' })),
  [],
);

const DeliverySchema = z.strictObject({
  transportName: z._default(transportNameField, 'cyrus'),
  localRecipients: z._default(boolField('Local recipients'), true),
  virtualDomains: domainList,
  transportMapDomains: domainList,
  defaultTransport: z._default(boolField('Default transport'), false),
  /**
   * How Postfix learns, during the SMTP dialogue, whether a recipient exists:
   * "cyrus": ask Cyrus (reject_unverified_recipient probes through our LMTP
   * transport), for local, virtual and transport-map domains alike;
   * "unix": keep Postfix's passwd check for local recipients;
   * "any": accept every local name and let Cyrus refuse later (a bounce).
   */
  localRecipientCheck: z._default(z.enum(RECIPIENT_CHECKS, { error: 'Must be "cyrus", "unix" or "any"' }), 'cyrus'),
});

const LimitsSchema = z.strictObject({
  // 20: the delivery benchmark (pnpm bench:mail, docs/PERFORMANCE.md) found
  // 100 no faster and dearer in connections and CPU, and 20 stays within
  // stock Debian's lmtpunix maxchild=20 if the cyrus.conf change is skipped.
  concurrency: z._default(intField('Concurrency', 1, 1000), 20),
  recipients: z._default(intField('Recipient limit', 0, 100000), 0),
  lmtpMaxChild: z._default(intField('lmtpd maxchild', 1, 1000), 100),
});

const CyrusSchema = z.strictObject({
  downcaseRecipients: z._default(boolField('Downcase recipients'), true),
  // "keep" leaves the store's virtdomains as it is (unset on a fresh host, which
  // Cyrus reads as "off"); an explicit answer must match a value already there.
  virtdomains: z._default(z.enum(['keep', 'off', 'userid'], { error: 'Must be "keep", "off" or "userid"' }), 'keep'),
  disableMissingServices: z._default(boolField('Disable missing services'), true),
});

const targetField = z.enum(TARGET_IDS, {
  error: `Debian release must be one of ${TARGET_IDS.map((t) => `"${t}"`).join(', ')}`,
});

const common = {
  /** The Debian release of every host the bundle is for. */
  target: z._default(targetField, DEFAULT_TARGET),
  /**
   * An upgrade bundle (issue 23): the hosts run the bundle for this release
   * now and move to `target`; the bundle adds UPGRADE.md, in host order.
   */
  upgradeFrom: z._default(
    z.enum(['none', 'debian-12'], { error: 'Upgrading from must be "none" or "debian-12"' }),
    'none',
  ),
  mailHost: fqdnField('Postfix host name'),
  delivery: z.prefault(DeliverySchema, {}),
  limits: z.prefault(LimitsSchema, {}),
  cyrus: z.prefault(CyrusSchema, {}),
};

const UnixSocketSchema = z.strictObject({
  path: z._default(absolutePathField('Unix socket path', 107), '/run/cyrus/socket/lmtp'),
  group: z._default(unixNameField('Socket group'), 'lmtp'),
  postfixUser: z._default(unixNameField('Postfix user'), 'postfix'),
});

// The SERVICES entries of Debian's stock cyrus.conf (active and commented
// out) other than lmtp. set_service replaces the line of its name, so taking
// one of these names would replace a service the store needs.
export const RESERVED_CYRUS_SERVICE_NAMES: readonly string[] = [
  'imap',
  'imaps',
  'pop3',
  'pop3s',
  'nntp',
  'nntps',
  'http',
  'https',
  'lmtpunix',
  'sieve',
  'notify',
  'mupdate',
  'fud',
  'ptloader',
];

// cyrus.conf(5): a name is letters and digits only ("-" and "_" are not
// allowed), which also keeps "<name>_admins" in imapd.conf unambiguous.
const cyrusServiceField = z.string().check(
  z.refine((v) => /^[a-z][a-z0-9]{0,15}$/.test(v), {
    error:
      'Cyrus service name must start with a lower-case letter and use only a-z and 0-9 (at most 16 characters; cyrus.conf allows no "-" or "_")',
  }),
  z.refine((v) => !RESERVED_CYRUS_SERVICE_NAMES.includes(v), {
    error: 'Cyrus service name is already a service in Debian\'s cyrus.conf; pick another name such as "lmtptcp"',
  }),
);

// Ports a Debian Cyrus store already uses for other services.
const TAKEN_PORTS = [110, 143, 993, 995, 4190];

const TcpSchema = z.strictObject({
  storeHost: hostOrIpField('Cyrus store host'),
  port: z._default(
    intField('LMTP port', 1, 65535).check(
      z.refine((p) => !TAKEN_PORTS.includes(p), {
        error: 'LMTP port is taken by IMAP, POP3 or Sieve on a Cyrus store',
      }),
    ),
    2003,
  ),
  allowFrom: z._default(z.array(clientAddressField).check(z.maxLength(50, { error: 'At most 50 addresses' })), []),
  /** The cyrus.conf service of lmtpd over TCP; also the prefix of <name>_admins and the tcp-wrapper daemon name. */
  serviceName: z._default(cyrusServiceField, 'lmtp'),
  /** "" listens on every address of the store; else cyrus.conf listen="ADDR:lmtp". */
  listenAddress: z._default(listenAddressField, ''),
});

const SaslSchema = z.strictObject({
  username: z._default(unixNameField('SASL user name'), 'postman'),
  password: passwordField,
  /**
   * With extraMx: false (the default) gives every MX its own SASL user, so one
   * can be revoked alone; true makes every MX log in as username/password.
   */
  sharedUser: z._default(boolField('One SASL user for every MX'), false),
});

/** At most this many further MX hosts: far above a primary and a backup per site. */
export const MAX_EXTRA_MX = 20;

/**
 * A further MX host delivering to the same store (issue 15). The first MX is
 * mailHost with sasl and limits.concurrency; each further one gets its own
 * postfix-host-<host>/ folder.
 */
const ExtraMxSchema = z.strictObject({
  host: fqdnField('MX host name'),
  /** its own SASL user; "" only with sasl.sharedUser */
  username: z._default(optionalUnixNameField('SASL user name'), ''),
  password: z._default(mxPasswordField, ''),
  /** its LMTP connections to the store; with the others' at most lmtpd maxchild */
  concurrency: z._default(intField('Concurrency', 1, 1000), 20),
});

/**
 * TLS on the remote LMTP hop (issue 11). lmtpd speaks STARTTLS only; Postfix
 * either pins the store's certificate by its SHA-256 fingerprint (no CA
 * needed) or verifies it against a CA file. "off" keeps the hop in plain
 * text, with a warning. A single host needs none: its Unix socket never
 * leaves the host.
 */
const TlsSchema = z.strictObject({
  mode: z._default(
    z.enum(['fingerprint', 'ca', 'off'], { error: 'TLS must be "fingerprint", "ca" or "off"' }),
    'fingerprint',
  ),
  /** "self-signed": the store's apply.sh makes the pair there; "existing": certPath and keyPath on the store. */
  storeCert: z._default(
    z.enum(['self-signed', 'existing'], { error: 'Store certificate must be "self-signed" or "existing"' }),
    'self-signed',
  ),
  certPath: z._default(optionalPathField('Certificate path', 200), ''),
  keyPath: z._default(optionalPathField('Key path', 200), ''),
  /** "ca" only: the CA file on the Postfix host. */
  caFile: z._default(optionalPathField('CA file', 200), ''),
  /** "ca" only: the name the certificate must carry; "" is the store host (an IP-literal store needs a name). */
  verifyName: z._default(optionalHostnameField('Certificate name'), ''),
});

export const SingleHostSchema = z.strictObject({
  topology: z.literal('single-host'),
  ...common,
  unixSocket: z.prefault(UnixSocketSchema, {}),
});

export const RemoteSchema = z.strictObject({
  topology: z.literal('remote'),
  ...common,
  tcp: TcpSchema,
  sasl: SaslSchema,
  tls: z.prefault(TlsSchema, {}),
  extraMx: z._default(
    z.array(ExtraMxSchema).check(z.maxLength(MAX_EXTRA_MX, { error: `At most ${MAX_EXTRA_MX} further MX hosts` })),
    [],
  ),
});

/**
 * A Cyrus Murder (issue 15): Postfix delivers to lmtpproxyd on a frontend,
 * which asks the mupdate master where the mailbox lives and proxies the
 * delivery to lmtpd on that backend. Cyrus's murder-installation.rst.
 */
/**
 * One backend's own proxy password, in the order of murder.backends: the
 * frontends log in to that backend with it (imapd.conf "<first label>_password").
 * "" (or no item) uses murder.proxyPassword, so answers from before
 * per-backend passwords, with one proxyPassword, mean what they meant.
 */
const BackendPasswordSchema = z.strictObject({
  password: z._default(optionalPasswordField, ''),
});

const MurderSchema = z.strictObject({
  mupdateHost: fqdnField('mupdate master host'),
  frontends: z
    .array(fqdnField('Frontend host'))
    .check(z.minLength(1, { error: 'At least one frontend' }), z.maxLength(10, { error: 'At most 10 frontends' })),
  backends: z
    .array(fqdnField('Backend host'))
    .check(z.minLength(1, { error: 'At least one backend' }), z.maxLength(20, { error: 'At most 20 backends' })),
  /** The user the frontends log in as, on the backends (proxy_authname; proxyservers and lmtp_admins there). */
  proxyUser: z._default(unixNameField('Proxy user name'), 'mailproxy'),
  /** The password of every backend that has none of its own in backendPasswords; "" when each has its own. */
  proxyPassword: z._default(optionalPasswordField, ''),
  /** backendPasswords[i].password: backend i's own proxy password (crossFieldIssues: one per backend). */
  backendPasswords: z._default(
    z.array(BackendPasswordSchema).check(z.maxLength(20, { error: 'At most 20 backend passwords, one per backend' })),
    [],
  ),
  /** The user the frontends and backends log in as, on the mupdate master (mupdate_authname; admins there). */
  mupdateUser: z._default(unixNameField('mupdate user name'), 'mupdate'),
  mupdatePassword: passwordField,
});

export const MurderAnswersSchema = z.strictObject({
  topology: z.literal('murder'),
  ...common,
  murder: MurderSchema,
  /** LMTP port of the frontends and the backends (one /etc/services entry). */
  port: z._default(
    intField('LMTP port', 1, 65535).check(
      z.refine((p) => !TAKEN_PORTS.includes(p) && p !== 3905, {
        error: 'LMTP port is taken by IMAP, POP3, Sieve or mupdate on a Cyrus host',
      }),
    ),
    2003,
  ),
  /** Postfix → frontend: the SASL login, as in the remote topology. */
  sasl: SaslSchema,
  tls: z.prefault(TlsSchema, {}),
});

const TOPOLOGY_ERROR = 'Topology must be "single-host", "remote" or "murder"';

/** Every field rule, no cross-field rule: what partial answers are parsed with (issues.ts). */
export const FieldsOnlySchema = z.discriminatedUnion(
  'topology',
  [SingleHostSchema, RemoteSchema, MurderAnswersSchema],
  {
    error: TOPOLOGY_ERROR,
  },
);

export const AnswersSchema = z
  .discriminatedUnion('topology', [SingleHostSchema, RemoteSchema, MurderAnswersSchema], {
    error: TOPOLOGY_ERROR,
  })
  .check(
    z.superRefine(
      (answers, ctx) => {
        for (const issue of crossFieldIssues(answers)) ctx.addIssue({ code: 'custom', ...issue, input: answers });
      },
      // Cross-field rules read nested objects and quote values in their
      // messages, so here they run only on answers whose every field passed:
      // a refused value is never echoed back. For the others, issues.ts runs
      // them on what did parse (crossFieldErrorsOfPartial).
      { when: (payload) => payload.issues.length === 0 },
    ),
  );

/** Parsed answers: every default filled in. */
export type Answers = z.output<typeof AnswersSchema>;
/** What a client may send: defaults may be left out. */
export type AnswersInput = z.input<typeof AnswersSchema>;
export type SingleHostAnswers = Extract<Answers, { topology: 'single-host' }>;
export type RemoteAnswers = Extract<Answers, { topology: 'remote' }>;
export type ExtraMx = RemoteAnswers['extraMx'][number];
export type MurderAnswers = Extract<Answers, { topology: 'murder' }>;

/** The proxy password of backend i: its own, else murder.proxyPassword ("" if neither: crossFieldIssues refuses that). */
export const backendPassword = (m: MurderAnswers['murder'], i: number): string =>
  m.backendPasswords[i]?.password || m.proxyPassword;
