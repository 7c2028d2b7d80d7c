// A Cyrus Murder's bundle (issue 15): one folder per host, each secret only in
// 0600 files of the hosts that log in with it, and the schema's host rules.
import { describe, expect, it } from 'vitest';
import { parseAnswers, type Answers } from '@lmtp-wizard/schema';
import { generate } from '../src/index.ts';

const input = {
  topology: 'murder',
  mailHost: 'mx.example.org',
  murder: {
    mupdateHost: 'mupdate.example.org',
    frontends: ['fe1.example.org'],
    backends: ['be1.example.org', 'be2.example.org'],
    proxyPassword: 'Pr0xy-secret',
    mupdatePassword: 'Mupd4te-secret',
  },
  sasl: { password: 'S3cret-lmtp' },
};

function answers(over: Record<string, unknown> = {}): Answers {
  const r = parseAnswers({ ...input, ...over });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.answers;
}

const SECRETS = { proxy: 'Pr0xy-secret', mupdate: 'Mupd4te-secret', postfix: 'S3cret-lmtp' } as const;

describe('murder bundle', () => {
  const out = generate(answers());
  const where = (secret: string): string[] =>
    out.hosts.flatMap((h) => h.files.filter((f) => f.content.includes(secret)).map((f) => `${h.id}/${f.path}`)).sort();

  it('has one folder per host, master first and the Postfix host last', () => {
    expect(out.hosts.map((h) => h.id)).toEqual([
      'mupdate-mupdate.example.org',
      'backend-be1.example.org',
      'backend-be2.example.org',
      'frontend-fe1.example.org',
      'postfix-host',
    ]);
  });

  it('puts each password only in secret 0600 files of the hosts that log in with it', () => {
    // old answers: one proxyPassword, used for every backend
    expect(where(SECRETS.proxy)).toEqual([
      'backend-be1.example.org/secrets/sasl-password',
      'backend-be2.example.org/secrets/sasl-password',
      'frontend-fe1.example.org/secrets/proxy-password-be1',
      'frontend-fe1.example.org/secrets/proxy-password-be2',
    ]);
    expect(where(SECRETS.mupdate)).toEqual([
      'backend-be1.example.org/secrets/mupdate-password',
      'backend-be2.example.org/secrets/mupdate-password',
      'frontend-fe1.example.org/secrets/mupdate-password',
      'mupdate-mupdate.example.org/secrets/sasl-password',
    ]);
    expect(where(SECRETS.postfix)).toEqual([
      'frontend-fe1.example.org/secrets/sasl-password',
      'postfix-host/files/etc/postfix/cyrus_sasl_passwd',
    ]);
    for (const h of out.hosts) {
      for (const f of h.files)
        if (Object.values(SECRETS).some((s) => f.content.includes(s)))
          expect([f.secret, f.mode.toString(8)], `${h.id}/${f.path}`).toEqual([true, '600']);
    }
    for (const f of out.files) for (const s of Object.values(SECRETS)) expect(f.content, f.path).not.toContain(s);
  });

  it('gives the frontend lmtpd with a mupdate slave, and the master "mupdate -m" alone', () => {
    const file = (host: string, path: string) =>
      out.hosts.find((h) => h.id === host)?.files.find((f) => f.path === path)?.content ?? '';
    expect(file('frontend-fe1.example.org', 'files/etc/cyrus.conf.fragment')).toMatch(
      /^\tlmtp cmd="lmtpd" listen="lmtp"[^\n]*\n(\t#[^\n]*\n)*\tmupdate cmd="mupdate" listen="3905" prefork=1/m,
    );
    expect(file('mupdate-mupdate.example.org', 'files/etc/cyrus.conf.fragment').match(/^\t\w+ cmd="[^"]*"/gm)).toEqual([
      '\tmupdate cmd="mupdate -m"',
    ]);
    expect(file('backend-be1.example.org', 'files/etc/imapd.conf.fragment')).toMatch(/^proxyservers: mailproxy$/m);
    expect(file('frontend-fe1.example.org', 'files/etc/imapd.conf.fragment')).not.toMatch(/^proxyservers:/m);
  });
});

describe('murder bundle with a proxy password per backend', () => {
  const own = {
    ...input.murder,
    proxyPassword: undefined,
    backendPasswords: [{ password: 'Be1-only-secret' }, { password: 'Be2-only-secret' }],
  };
  const out = generate(answers({ murder: own }));
  const where = (secret: string): string[] =>
    out.hosts.flatMap((h) => h.files.filter((f) => f.content.includes(secret)).map((f) => `${h.id}/${f.path}`)).sort();
  const file = (host: string, path: string) =>
    out.hosts.find((h) => h.id === host)?.files.find((f) => f.path === path)?.content;

  it("gives each backend's folder its own password and never another backend's", () => {
    expect(where('Be1-only-secret')).toEqual([
      'backend-be1.example.org/secrets/sasl-password',
      'frontend-fe1.example.org/secrets/proxy-password-be1',
    ]);
    expect(where('Be2-only-secret')).toEqual([
      'backend-be2.example.org/secrets/sasl-password',
      'frontend-fe1.example.org/secrets/proxy-password-be2',
    ]);
    for (const f of out.hosts.flatMap((h) => h.files))
      if (f.content.includes('-only-secret')) expect([f.secret, f.mode.toString(8)]).toEqual([true, '600']);
    for (const f of out.files) expect(f.content, f.path).not.toMatch(/only-secret/);
  });

  it("writes be1_password and be2_password (Cyrus's per-backend key) from the frontend's own 0600 files", () => {
    const apply = file('frontend-fe1.example.org', 'apply.sh') ?? '';
    expect(apply).toContain(
      `install_murder_secrets /etc/imapd-murder.conf mupdate_password "$HERE"/secrets/mupdate-password be1_password "$HERE"/secrets/proxy-password-be1 be2_password "$HERE"/secrets/proxy-password-be2`,
    );
    expect(apply).not.toMatch(/proxy_password "\$HERE"/);
    expect(file('backend-be1.example.org', 'apply.sh')).not.toMatch(/be\d_password/);
    expect(file('frontend-fe1.example.org', 'secrets/proxy-password-be2')).toBe('Be2-only-secret');
  });

  it('leaves every backend password out of answers.json', () => {
    const json = JSON.parse(out.files.find((f) => f.path === 'answers.json')?.content ?? '{}') as {
      murder: Record<string, unknown>;
    };
    expect(Object.keys(json.murder)).not.toContain('backendPasswords');
  });
});

describe('murder answers', () => {
  const errors = (over: Record<string, unknown>) => {
    const r = parseAnswers({ ...input, ...over });
    return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
  };

  it('refuses a host named in two roles, and backends sharing a first label', () => {
    expect(errors({ murder: { ...input.murder, frontends: ['be1.example.org'] } })).toEqual([
      expect.stringMatching(/^murder\.frontends\.0: "be1\.example\.org" is already a backend/),
    ]);
    expect(errors({ murder: { ...input.murder, backends: ['be1.example.org', 'be1.example.net'] } })).toEqual([
      expect.stringMatching(/^murder\.backends\.1: .*first label "be1"/),
    ]);
    expect(errors({ murder: { ...input.murder, mupdateHost: 'mx.example.org' } })[0]).toMatch(
      /^murder\.mupdateHost: .*Postfix host/,
    );
    expect(errors({ murder: { ...input.murder, backends: [] } })).toEqual(['murder.backends: At least one backend']);
  });

  it('asks for one proxy password per backend, naming the field', () => {
    const { proxyPassword: _p, ...noShared } = input.murder;
    expect(errors({ murder: { ...noShared, backendPasswords: [{ password: 'Be1-only-secret' }] } })).toEqual([
      expect.stringMatching(
        /^murder\.backendPasswords\.1\.password: Give backend "be2\.example\.org" its proxy password \(“Backend 2: proxy password”\), or one proxy password for every backend \(“Proxy password \(every backend without its own\)”\)$/,
      ),
    ]);
    expect(errors({ murder: noShared })).toHaveLength(2);
    expect(
      errors({
        murder: { ...input.murder, backendPasswords: [{ password: 'a1' }, { password: 'b2' }, { password: 'c3' }] },
      }),
    ).toEqual([
      expect.stringMatching(
        /^murder\.backendPasswords: 3 backend proxy passwords for 2 backends; give one per line of “Backend hosts”, in its order$/,
      ),
    ]);
    // a backend without its own password uses proxyPassword (answers from before per-backend passwords)
    expect(
      errors({ murder: { ...input.murder, backendPasswords: [{ password: 'Be1-only-secret' }, { password: '' }] } }),
    ).toEqual([]);
    expect(
      errors({ murder: { ...noShared, backendPasswords: [{ password: 'with space' }, { password: 'ok' }] } })[0],
    ).toMatch(/^murder\.backendPasswords\.0\.password: SASL password must be/);
  });
});
