import { describe, expect, it } from 'vitest';
import { parseAnswers, type FieldError } from '../src/index.ts';

const single = { topology: 'single-host', mailHost: 'mail.example.org' };
const remote = {
  topology: 'remote',
  mailHost: 'mx.example.org',
  tcp: { storeHost: 'store.example.org' },
  sasl: { password: 'pw' },
};

function errorsOf(input: unknown): FieldError[] {
  const r = parseAnswers(input);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}
const paths = (input: unknown) => errorsOf(input).map((e) => e.path);

describe('defaults', () => {
  it('fills every default for single-host', () => {
    const r = parseAnswers(single);
    expect(r.ok && r.answers).toMatchObject({
      delivery: {
        transportName: 'cyrus',
        localRecipients: true,
        virtualDomains: [],
        transportMapDomains: [],
        defaultTransport: false,
      },
      unixSocket: { path: '/run/cyrus/socket/lmtp', group: 'lmtp', postfixUser: 'postfix' },
      limits: { concurrency: 20, recipients: 0 },
      cyrus: { downcaseRecipients: true },
    });
  });
  it('fills every default for remote', () => {
    const r = parseAnswers(remote);
    expect(r.ok && r.answers).toMatchObject({ tcp: { port: 2003, allowFrom: [] }, sasl: { username: 'postman' } });
  });
  it('requires the four required fields, by name', () => {
    expect(paths({ topology: 'remote', tcp: {}, sasl: {} })).toEqual(
      expect.arrayContaining(['mailHost', 'tcp.storeHost', 'sasl.password']),
    );
    expect(paths({ mailHost: 'a.b' })).toEqual(['topology']);
  });
});

describe('target release', () => {
  it('defaults to debian-13 and accepts debian-12, for both topologies', () => {
    for (const base of [single, remote]) {
      const fresh = parseAnswers(base);
      expect(fresh.ok && fresh.answers.target).toBe('debian-13');
      const older = parseAnswers({ ...base, target: 'debian-12' });
      expect(older.ok && older.answers.target).toBe('debian-12');
    }
  });
  it.each([['debian-11'], ['Debian-13'], ['13'], [13], [null], ['debian-13 ']])(
    'refuses %j on the field "target", naming the choices',
    (target) => {
      const errs = errorsOf({ ...single, target });
      expect(errs).toEqual([{ path: 'target', message: 'Debian release must be one of "debian-13", "debian-12"' }]);
    },
  );
});

describe('allow-lists', () => {
  it.each([
    ['mailHost', { ...single, mailHost: 'mail' }],
    ['mailHost', { ...single, mailHost: 'mail.example.org\nlmtp_admins: anyone' }],
    ['mailHost', { ...single, mailHost: '-bad.example.org' }],
    ['mailHost', { ...single, mailHost: 'mаil.example.org' }], // Cyrillic a
    ['unixSocket.path', { ...single, unixSocket: { path: 'run/lmtp' } }],
    ['unixSocket.path', { ...single, unixSocket: { path: '/run/cyrus/../lmtp' } }],
    ['unixSocket.path', { ...single, unixSocket: { path: '/run/my socket' } }],
    ['unixSocket.path', { ...single, unixSocket: { path: `/run/${'a'.repeat(120)}` } }],
    ['unixSocket.group', { ...single, unixSocket: { group: 'Lmtp' } }],
    ['unixSocket.postfixUser', { ...single, unixSocket: { postfixUser: 'post$fix' } }],
    ['tcp.port', { ...remote, tcp: { storeHost: 's.example.org', port: 0 } }],
    ['tcp.port', { ...remote, tcp: { storeHost: 's.example.org', port: 70000 } }],
    ['tcp.port', { ...remote, tcp: { storeHost: 's.example.org', port: '2003' } }],
    ['tcp.allowFrom.0', { ...remote, tcp: { storeHost: 's.example.org', allowFrom: ['10.0.0.0/33'] } }],
    ['sasl.password', { ...remote, sasl: { password: 'has space' } }],
    ['sasl.password', { ...remote, sasl: { password: '' } }],
    ['sasl.password', { ...remote, sasl: { password: 'x'.repeat(257) } }],
    ['sasl.password', { ...remote, sasl: { password: 'naïve' } }],
    ['delivery.transportName', { ...single, delivery: { transportName: 'smtp' } }],
    ['delivery.transportName', { ...single, delivery: { transportName: 'my_cyrus' } }],
    ['delivery.transportName', { ...single, delivery: { transportName: '-cyrus' } }],
    ['delivery.transportName', { ...single, delivery: { transportName: 'cyrus-' } }],
    ['tcp.allowFrom.0', { ...remote, tcp: { storeHost: 's.example.org', allowFrom: ['2001:db8::/129'] } }],
    ['tcp.allowFrom.0', { ...remote, tcp: { storeHost: 's.example.org', allowFrom: ['2001:db8::/'] } }],
    ['tcp.allowFrom.0', { ...remote, tcp: { storeHost: 's.example.org', allowFrom: ['[2001:db8::]/32'] } }],
    ['limits.concurrency', { ...single, limits: { concurrency: 1.5 } }],
  ])('refuses a bad %s', (path, input) => {
    expect(paths(input)).toContain(path);
  });

  it('accepts every printable ASCII character in the password', () => {
    const all = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join('');
    expect(parseAnswers({ ...remote, sasl: { password: all } }).ok).toBe(true);
  });
  it('accepts a transport name with hyphens, as master.cf does (smtp-amavis)', () => {
    const r = parseAnswers({ ...single, delivery: { transportName: 'cyrus-lmtp' } });
    expect(r.ok && r.answers.delivery.transportName).toBe('cyrus-lmtp');
  });
  it('accepts IPv6 networks as well as addresses in the allow-list', () => {
    const r = parseAnswers({
      ...remote,
      tcp: { storeHost: 's.example.org', allowFrom: ['2001:DB8::/32', 'fd00::2', '::/0', 'fd00::1/128'] },
    });
    expect(r.ok && r.answers.topology === 'remote' && r.answers.tcp.allowFrom).toEqual([
      '2001:db8::/32',
      'fd00::2',
      '::/0',
      'fd00::1/128',
    ]);
  });
  it('accepts IP literals for the store', () => {
    for (const storeHost of ['192.0.2.1', '2001:db8::1', '::1']) {
      expect(parseAnswers({ ...remote, tcp: { storeHost } }).ok, storeHost).toBe(true);
    }
    expect(paths({ ...remote, tcp: { storeHost: '2001:db8:::1' } })).toContain('tcp.storeHost');
  });
  it('folds host names to lower case', () => {
    const r = parseAnswers({ ...single, mailHost: 'Mail.Example.ORG' });
    expect(r.ok && r.answers.mailHost).toBe('mail.example.org');
  });
});

describe('unknown keys', () => {
  it('are refused with their own path', () => {
    expect(paths({ ...single, extra: 1 })).toEqual(['extra']);
    expect(paths({ ...single, unixSocket: { mode: '0777' } })).toEqual(['unixSocket.mode']);
    expect(paths({ ...single, tcp: { storeHost: 'x.example.org' } })).toEqual(['tcp']);
  });
  it('include prototype-pollution keys', () => {
    const input = JSON.parse(
      '{"topology":"single-host","mailHost":"a.example.org","__proto__":{"x":1},"constructor":{}}',
    );
    expect(paths(input)).toEqual(expect.arrayContaining(['__proto__', 'constructor']));
  });
});

describe('cross-field rules', () => {
  it('refuses a virtual domain equal to mailHost, on that entry', () => {
    const errs = errorsOf({ ...single, delivery: { virtualDomains: ['example.com', 'mail.example.org'] } });
    expect(errs).toEqual([
      expect.objectContaining({ path: 'delivery.virtualDomains.1', message: expect.stringContaining('host name') }),
    ]);
  });
  it('refuses concurrency above lmtpd maxchild', () => {
    expect(paths({ ...single, limits: { concurrency: 30, lmtpMaxChild: 20 } })).toEqual(['limits.concurrency']);
  });
  it('refuses CA mode with a self-signed store certificate, on "Store certificate" (issue 24), for the remote store and the Murder', () => {
    const ca = { mode: 'ca', caFile: '/etc/ssl/certs/our-ca.pem' };
    const errs = errorsOf({ ...remote, tls: ca });
    expect(errs).toEqual([
      expect.objectContaining({ path: 'tls.storeCert', message: expect.stringContaining('no CA signed it') }),
    ]);
    expect(errs[0]?.message).not.toMatch(/tls\.|storeCert/);
    const murder = {
      topology: 'murder',
      mailHost: 'mx.example.org',
      sasl: { password: 'pw' },
      murder: {
        mupdateHost: 'mupdate.example.org',
        frontends: ['fe1.example.org'],
        backends: ['be1.example.org'],
        proxyPassword: 'pp',
        mupdatePassword: 'mp',
      },
    };
    expect(paths({ ...murder, tls: ca })).toEqual(['tls.storeCert']);
    // a certificate the CA signed, or pinning the self-signed one, is fine
    expect(
      parseAnswers({
        ...remote,
        tls: { ...ca, storeCert: 'existing', certPath: '/etc/ssl/certs/s.pem', keyPath: '/etc/ssl/private/s.key' },
      }).ok,
    ).toBe(true);
    expect(parseAnswers({ ...remote, tls: { mode: 'fingerprint', storeCert: 'self-signed' } }).ok).toBe(true);
    expect(parseAnswers({ ...murder, tls: { mode: 'fingerprint' } }).ok).toBe(true);
  });
  it('refuses a setup with no route to Cyrus', () => {
    expect(paths({ ...single, delivery: { localRecipients: false } })).toEqual(['delivery.localRecipients']);
  });
  it('warns about virtdomains when local recipients and virtual domains are combined', () => {
    const r = parseAnswers({ ...single, delivery: { virtualDomains: ['example.com'] } });
    expect(r.ok && r.warnings.map((w) => w.path)).toContain('cyrus.virtdomains');
    const none = parseAnswers({ ...single, delivery: { virtualDomains: ['example.com'], localRecipients: false } });
    expect(none.ok && none.warnings.map((w) => w.path)).not.toContain('cyrus.virtdomains');
  });
});

describe('look-alikes and echoes', () => {
  it('refuses a KELVIN SIGN that lower-casing would turn into "k"', () => {
    expect(paths({ ...single, mailHost: '\u212Aelvin.example.org' })).toEqual(['mailHost']);
    expect(paths({ ...remote, tcp: { storeHost: 'stor\u212A.example.org' } })).toEqual(['tcp.storeHost']);
  });
  it('never quotes a refused value back in a cross-field message', () => {
    const evil = 'evil\u202e.example.org';
    const errs = errorsOf({ ...single, delivery: { virtualDomains: [evil, evil] } });
    expect(errs.length).toBeGreaterThan(0);
    for (const e of errs) expect(e.message).not.toContain('evil');
  });
});

describe("the store's TCP service (issue 10)", () => {
  const tcp = (extra: object) => ({ ...remote, tcp: { storeHost: 'store.example.org', ...extra } });
  it('defaults to the service "lmtp" on every address', () => {
    const r = parseAnswers(remote);
    expect(r.ok && r.answers.topology === 'remote' && r.answers.tcp).toMatchObject({
      serviceName: 'lmtp',
      listenAddress: '',
    });
  });
  it('takes a cyrus.conf service name of letters and digits, not a stock service', () => {
    for (const ok of ['lmtp', 'lmtptcp', 'l2', 'a234567890123456'])
      expect(parseAnswers(tcp({ serviceName: ok })).ok, ok).toBe(true);
    for (const bad of [
      'lmtp_tcp',
      'lmtp-tcp',
      'LMTP',
      '2lmtp',
      '',
      'a2345678901234567',
      'imap',
      'lmtpunix',
      'sieve',
      'lmtp tcp',
    ]) {
      expect(paths(tcp({ serviceName: bad })), bad).toEqual(['tcp.serviceName']);
    }
  });
  it('takes one IPv4 or IPv6 address without brackets or port as the listen address', () => {
    for (const ok of ['', '192.0.2.10', '2001:db8::10', 'FD00::1'])
      expect(parseAnswers(tcp({ listenAddress: ok })).ok, ok).toBe(true);
    for (const bad of ['[2001:db8::10]', '192.0.2.10:2003', 'store.example.org', '*', '192.0.2.0/24', '1.2.3']) {
      expect(paths(tcp({ listenAddress: bad })), bad).toEqual(['tcp.listenAddress']);
    }
  });
});

describe('cross-field rules on answers that do not all parse (issue 13, defect 3)', () => {
  const errorsOf = (input: unknown) => {
    const r = parseAnswers(input);
    return r.ok ? [] : r.errors;
  };
  it('runs a rule whose answers parsed, beside the field errors', () => {
    // The password is missing, yet store host = Postfix host shows now, not after it is typed.
    const errors = errorsOf({
      topology: 'remote',
      mailHost: 'mail.example.org',
      tcp: { storeHost: 'mail.example.org' },
      sasl: {},
    });
    expect(errors.map((e) => e.path)).toEqual(['sasl.password', 'tcp.storeHost']);
    expect(errors[1]!.message).toMatch(/the Postfix host itself/);
  });
  it('runs every rule whose answers parsed, at once', () => {
    const errors = errorsOf({
      ...remote,
      mailHost: 'mail.example.org',
      tcp: { storeHost: 'mail.example.org', port: 'x' },
      delivery: { virtualDomains: ['mail.example.org'], transportMapDomains: ['bad domain'] },
      limits: { concurrency: 200, lmtpMaxChild: 100 },
    });
    expect(errors.map((e) => e.path).sort()).toEqual(
      [
        'delivery.transportMapDomains.0',
        'delivery.virtualDomains.0',
        'limits.concurrency',
        'tcp.port',
        'tcp.storeHost',
      ].sort(),
    );
  });
  it('skips a rule that reads a refused or missing answer, and never quotes it', () => {
    // mailHost refused: the host-name rules cannot judge, whatever the lists hold.
    const errors = errorsOf({ ...single, mailHost: 'bad host', delivery: { virtualDomains: ['bad host'] } });
    expect(errors.map((e) => e.path)).toEqual(['mailHost', 'delivery.virtualDomains.0']);
    // A bad concurrency is not compared with maxchild by its default.
    expect(errorsOf({ ...single, limits: { concurrency: 'abc', lmtpMaxChild: 5 } }).map((e) => e.path)).toEqual([
      'limits.concurrency',
    ]);
    // Missing store host: no comparison with the Postfix host.
    expect(
      errorsOf({ topology: 'remote', mailHost: 'mail.example.org', tcp: {}, sasl: { password: 'x' } }).map(
        (e) => e.path,
      ),
    ).toEqual(['tcp.storeHost']);
    expect(
      JSON.stringify(
        errorsOf({ ...single, mailHost: 'bad host', delivery: { virtualDomains: ['a.example.org', 'a.example.org'] } }),
      ),
    ).not.toMatch(/bad host"/);
  });
  it('does nothing without a topology', () => {
    expect(errorsOf({ mailHost: 'mail.example.org' }).map((e) => e.path)).toEqual(['topology']);
  });
});

describe('several MX hosts (issue 15)', () => {
  const mx2 = { host: 'mx2.example.org', username: 'postman2', password: 'pw2', concurrency: 20 };
  const twoMx = { ...remote, limits: { concurrency: 40, lmtpMaxChild: 60 }, extraMx: [mx2] };

  it('accept a second MX with its own user, within maxchild', () => {
    const r = parseAnswers(twoMx);
    expect(r.ok && r.answers.topology === 'remote' && r.answers.extraMx).toEqual([mx2]);
  });

  it('refuse concurrency figures that add up past lmtpd maxchild, naming every field', () => {
    const errors = errorsOf({ ...twoMx, limits: { concurrency: 41, lmtpMaxChild: 60 } });
    expect(errors.map((e) => e.path)).toEqual(['limits.concurrency']);
    expect(errors[0]?.message).toContain('61 (Postfix host 41 + MX host 2 20)');
    expect(errors[0]?.message).toContain('more than lmtpd maxchild (60)');
    // issue 24: fields by what the form calls them, never by an answers path
    expect(errors[0]?.message).not.toMatch(/limits\.|extraMx\./);
  });

  it('need its own user and password by default, and a user of its own', () => {
    expect(paths({ ...twoMx, extraMx: [{ host: 'mx2.example.org', concurrency: 20 }] })).toEqual([
      'extraMx.0.username',
      'extraMx.0.password',
    ]);
    expect(paths({ ...twoMx, extraMx: [{ ...mx2, username: 'postman' }] })).toEqual(['extraMx.0.username']);
    expect(
      paths({
        ...twoMx,
        limits: { concurrency: 20, lmtpMaxChild: 60 },
        extraMx: [mx2, { ...mx2, host: 'mx3.example.org' }],
      }),
    ).toEqual(['extraMx.1.username']);
  });

  it('with one shared user, take no user or password per MX', () => {
    const shared = { ...twoMx, sasl: { password: 'pw', sharedUser: true } };
    expect(parseAnswers({ ...shared, extraMx: [{ host: 'mx2.example.org', concurrency: 20 }] }).ok).toBe(true);
    expect(paths({ ...shared, extraMx: [mx2] })).toEqual(['extraMx.0.username', 'extraMx.0.password']);
  });

  it('refuse the first MX, the store or a repeat as a further MX', () => {
    expect(paths({ ...twoMx, extraMx: [{ ...mx2, host: 'mx.example.org' }] })).toEqual(['extraMx.0.host']);
    expect(paths({ ...twoMx, extraMx: [{ ...mx2, host: 'store.example.org' }] })).toEqual(['extraMx.0.host']);
    expect(
      paths({
        ...twoMx,
        limits: { concurrency: 20, lmtpMaxChild: 60 },
        extraMx: [mx2, { ...mx2, username: 'postman3' }],
      }),
    ).toEqual(['extraMx.1.host']);
  });

  it('warn when tcp wrappers list fewer addresses than there are MX hosts', () => {
    const r = parseAnswers({ ...twoMx, tcp: { storeHost: 'store.example.org', allowFrom: ['192.0.2.1'] } });
    expect(r.ok && r.warnings.map((w) => w.path)).toContain('tcp.allowFrom');
  });
});
