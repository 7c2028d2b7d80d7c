// What each generated file must contain, derived from the answers alone,
// independently of the generator's own modules.
import type { Answers as AllAnswers } from '@lmtp-wizard/schema';

/** The oracle covers the two-host topologies; a Murder's hosts are remote views of its answers. */
type Answers = Exclude<AllAnswers, { topology: 'murder' }>;
import type { Pair } from './strict-parsers.ts';

const bracket = (h: string) => (h.includes(':') ? `[${h}]` : h);

export function route(a: Answers): string {
  const hop =
    a.topology === 'single-host' ? `unix:${a.unixSocket.path}` : `inet:${bracket(a.tcp.storeHost)}:${a.tcp.port}`;
  return `${a.delivery.transportName}:${hop}`;
}

const asksCyrus = (a: Answers): boolean =>
  a.delivery.localRecipientCheck === 'cyrus' &&
  (a.delivery.localRecipients || a.delivery.virtualDomains.length + a.delivery.transportMapDomains.length > 0);

/** Issue 25: a single host reads the table exported from Cyrus's mailbox list before the probe. */
const asksList = (a: Answers): boolean => asksCyrus(a) && a.topology === 'single-host';

export function expectedMainCf(a: Answers): Pair[] {
  const d = a.delivery;
  const r = route(a);
  const t = d.transportName;
  return [
    ...(d.localRecipients ? [['mailbox_transport', r] as Pair] : []),
    ...(d.localRecipients && d.localRecipientCheck !== 'unix' ? [['local_recipient_maps', ''] as Pair] : []),
    ...(d.virtualDomains.length
      ? ([
          ['virtual_mailbox_domains', d.virtualDomains.join(', ')],
          ['virtual_transport', r],
        ] as Pair[])
      : []),
    ...(d.transportMapDomains.length
      ? ([
          ['transport_maps', 'hash:/etc/postfix/transport'],
          ['relay_domains', d.transportMapDomains.join(', ')],
        ] as Pair[])
      : []),
    ...(d.defaultTransport ? [['default_transport', r] as Pair] : []),
    // "cyrus": smtpd asks Cyrus about every recipient of our domains (issue 11)
    ...(asksCyrus(a)
      ? ([
          ['smtpd_recipient_restrictions', `check_recipient_access hash:/etc/postfix/${t}_verify`],
          ['unverified_recipient_reject_code', '550'],
          ['unverified_recipient_defer_code', '450'],
          ['unverified_recipient_tempfail_action', 'defer_if_permit'],
        ] as Pair[])
      : []),
    ...(asksList(a)
      ? ([
          ['smtpd_restriction_classes', `${t}_recipient_check`],
          [`${t}_recipient_check`, `check_recipient_access hash:/var/lib/lmtp-wizard/${t}_recipients`],
        ] as Pair[])
      : []),
    [`${t}_destination_concurrency_limit`, String(a.limits.concurrency)],
    [`${t}_destination_recipient_limit`, String(a.limits.recipients)],
  ];
}

// For remote, the lmtp client's SASL login and host lookup are -o options of
// our service only, reading a credentials file named after the transport.
export const expectedMaster = (a: Answers): string[][] => [
  [
    a.delivery.transportName,
    'unix',
    '-',
    '-',
    'n',
    '-',
    String(a.limits.concurrency),
    'lmtp',
    ...(a.topology === 'remote'
      ? [
          '-o',
          'lmtp_sasl_auth_enable=yes',
          '-o',
          `lmtp_sasl_password_maps=hash:/etc/postfix/${a.delivery.transportName}_sasl_passwd`,
          '-o',
          'lmtp_host_lookup=native',
          ...expectedTlsOptions(a),
        ]
      : []),
  ],
  // TLS connections reused through a tlsproxy service of our own (bench:tls)
  ...(a.topology === 'remote' && a.tls.mode !== 'off'
    ? [
        [
          `${a.delivery.transportName}-tlsproxy`,
          'unix',
          '-',
          '-',
          'n',
          '-',
          '0',
          'tlsproxy',
          '-o',
          'tlsproxy_client_security_level=may',
        ],
      ]
    : []),
];

// TLS on the hop (issue 11): the trust, then logging, SASL inside TLS, and the
// TLS-Required header switch that only Postfix 3.10 (Debian 13) has.
function expectedTlsOptions(a: Answers): string[] {
  if (a.topology !== 'remote' || a.tls.mode === 'off') return [];
  const trust =
    a.tls.mode === 'fingerprint'
      ? [
          'lmtp_tls_security_level=fingerprint',
          'lmtp_tls_fingerprint_cert_match=STORE-SHA256-FINGERPRINT',
          'lmtp_tls_fingerprint_digest=sha256',
        ]
      : [
          'lmtp_tls_security_level=verify',
          `lmtp_tls_CAfile=${a.tls.caFile}`,
          `lmtp_tls_verify_cert_match=${a.tls.verifyName || a.tcp.storeHost}`,
        ];
  const all = [
    ...trust,
    'lmtp_tls_connection_reuse=yes',
    `tlsproxy_service_name=${a.delivery.transportName}-tlsproxy`,
    'lmtp_tls_loglevel=1',
    'lmtp_sasl_tls_security_options=noanonymous',
    ...(a.target === 'debian-13' ? ['tls_required_enable=no'] : []),
  ];
  return all.flatMap((o) => ['-o', o]);
}

function expectedTlsImapd(a: Answers): Pair[] {
  if (a.topology !== 'remote' || a.tls.mode === 'off') return [];
  const s = a.tcp.serviceName;
  const self = a.tls.storeCert === 'self-signed';
  return [
    [`${s}_tls_server_cert`, self ? `/etc/cyrus-lmtp-tls/${s}.crt` : a.tls.certPath],
    [`${s}_tls_server_key`, self ? `/etc/cyrus-lmtp-tls/${s}.key` : a.tls.keyPath],
    ...(a.target === 'debian-13' ? ([[`${s}_allowstarttls`, 'on']] as Pair[]) : []),
    [`${s}_allowplaintext`, 'no'],
    [`${s}_tls_client_certs`, 'off'],
    [`${s}_tls_versions`, 'tls1_2 tls1_3'],
  ];
}

export function expectedImapd(a: Answers): Pair[] {
  return [
    ...(a.topology === 'single-host'
      ? ([['lmtpsocket', a.unixSocket.path]] as Pair[])
      : ([
          [`${a.tcp.serviceName}_admins`, a.sasl.username],
          // one more item per further MX with its own user (issue 15)
          ...(a.sasl.sharedUser ? [] : a.extraMx.map((m) => [`${a.tcp.serviceName}_admins`, m.username])),
          ['sasl_pwcheck_method', 'auxprop'],
          ['sasl_auxprop_plugin', 'sasldb'],
          ...expectedTlsImapd(a),
        ] as Pair[])),
    ['lmtp_downcase_rcpt', a.cyrus.downcaseRecipients ? 'yes' : 'no'],
    ...(a.cyrus.virtdomains === 'keep' ? [] : ([['virtdomains', a.cyrus.virtdomains]] as Pair[])),
    ...(a.cyrus.virtdomains === 'userid' && a.delivery.localRecipients
      ? ([['defaultdomain', a.mailHost]] as Pair[])
      : []),
    // The pid file /etc/init.d/cyrus-imapd reads, on every host (set where Cyrus knows the key).
    ['master_pid_file', '/run/cyrus-master.pid'],
  ];
}

export const expectedCyrusServices = (a: Answers) => [
  {
    name: a.topology === 'single-host' ? 'lmtpunix' : a.tcp.serviceName,
    opts: {
      cmd: 'lmtpd',
      listen:
        a.topology === 'single-host'
          ? a.unixSocket.path
          : a.tcp.listenAddress === ''
            ? 'lmtp'
            : `${bracket(a.tcp.listenAddress)}:lmtp`,
      prefork: '0',
      maxchild: String(a.limits.lmtpMaxChild),
    },
  },
];

/** Path inside the bundle -> expected columns, for the column and table files. */
export function expectedColumns(a: Answers): Record<string, string[][]> {
  const out: Record<string, string[][]> = {};
  const t = route(a);
  if (asksCyrus(a)) {
    out[
      `${a.topology === 'single-host' ? 'mail-host' : 'postfix-host'}/files/etc/postfix/${a.delivery.transportName}_verify`
    ] = [...a.delivery.virtualDomains, ...a.delivery.transportMapDomains].map((d) => [
      d,
      asksList(a) ? `${a.delivery.transportName}_recipient_check` : 'reject_unverified_recipient',
    ]);
  }
  if (a.delivery.transportMapDomains.length) {
    out[`${a.topology === 'single-host' ? 'mail-host' : 'postfix-host'}/files/etc/postfix/transport.fragment`] =
      a.delivery.transportMapDomains.map((d) => [d, t]);
  }
  if (a.topology === 'single-host') {
    const dir = a.unixSocket.path.slice(0, a.unixSocket.path.lastIndexOf('/'));
    out['mail-host/files/etc/tmpfiles.d/cyrus-imapd.conf'] = [
      ['d', '/run/cyrus', '0755', 'cyrus', 'mail', '-', '-'],
      ...(dir === '/run/cyrus/socket' ? [] : [['d', '/run/cyrus/socket', '0750', 'cyrus', 'mail', '-', '-']]),
      ['d', dir, '0750', 'cyrus', a.unixSocket.group, '-', '-'],
    ];
  } else {
    out[`postfix-host/files/etc/postfix/${a.delivery.transportName}_sasl_passwd`] = [
      [a.tcp.storeHost, `${a.sasl.username}:${a.sasl.password}`],
    ];
    // each further MX's folder: its own user, or the shared one
    for (const m of a.extraMx) {
      const [user, pw] = a.sasl.sharedUser ? [a.sasl.username, a.sasl.password] : [m.username, m.password];
      out[`postfix-host-${m.host}/files/etc/postfix/${a.delivery.transportName}_sasl_passwd`] = [
        [a.tcp.storeHost, `${user}:${pw}`],
      ];
    }
    out['cyrus-host/files/etc/services.fragment'] = [['lmtp', `${a.tcp.port}/tcp`]];
    if (a.tcp.allowFrom.length) {
      out['cyrus-host/files/etc/hosts.deny.fragment'] = [[`${a.tcp.serviceName}:`, 'ALL']];
    }
  }
  return out;
}
