// A Murder with several frontends (issue 24, defects 9 and 10): the Postfix
// host delivers to every frontend in order (one LMTP next-hop list), logs in to
// each and pins each one's certificate; each frontend prints the command that
// pins them all; and each role's apply.sh installs what it runs (cyrus-murder
// for mupdate) and never comments out a service of its own. The shell
// functions run as they are, under sh, on scratch files.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAnswers, type Answers } from '@lmtp-wizard/schema';
import { generate, topologyPicture } from '../src/index.ts';
import { COMMON_LIB } from '../src/scripts/common-lib.ts';
import { APPLY_LIB } from '../src/scripts/shell-lib.ts';
import { TLS_APPLY_LIB, TLS_COMMON_LIB } from '../src/scripts/shell-lib-tls.ts';
import { VERIFY_LIB } from '../src/scripts/verify-lib.ts';
import { POLICIES_LIB } from '../src/shell/embedded.ts';

const input = (target: 'debian-13' | 'debian-12', frontends = ['fe1.example.org', 'fe2.example.org']) => ({
  topology: 'murder',
  target,
  mailHost: 'mx.example.org',
  murder: {
    mupdateHost: 'mupdate.example.org',
    frontends,
    backends: ['be1.example.org', 'be2.example.org'],
    proxyPassword: 'Pr0xy-secret',
    mupdatePassword: 'Mupd4te-secret',
  },
  sasl: { password: 'S3cret-lmtp' },
});

function answers(i: object): Answers {
  const r = parseAnswers(i);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.answers;
}

const bundle = (i: object) => {
  const out = generate(answers(i));
  const file = (host: string, path: string): string =>
    out.hosts.find((h) => h.id === host)?.files.find((f) => f.path === path)?.content ?? '';
  return { out, file };
};
const preflight = (sh: string) =>
  sh.slice(sh.indexOf('# Checks before any change'), sh.indexOf('report_conflicts\nstart_backup'));

describe.each(['debian-13', 'debian-12'] as const)('two frontends on %s (defect 9)', (target) => {
  const { file } = bundle(input(target));
  const apply = file('postfix-host', 'apply.sh');

  it('routes to both frontends in one next-hop list, in order, "inet:" on the first only', () => {
    const route = 'cyrus:inet:fe1.example.org:2003,fe2.example.org:2003';
    expect(file('postfix-host', 'files/etc/postfix/main.cf.fragment')).toMatch(
      new RegExp(`^mailbox_transport = ${route.replace(/\./g, '\\.')}$`, 'm'),
    );
    expect(apply).toContain(`mailbox_transport ${route}`);
    expect(apply).not.toMatch(/,inet:/);
  });

  it('logs in to each frontend: one sasl_passwd line per frontend, same login', () => {
    expect(
      file('postfix-host', 'files/etc/postfix/cyrus_sasl_passwd')
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('#')),
    ).toEqual(['fe1.example.org postman:S3cret-lmtp', 'fe2.example.org postman:S3cret-lmtp']);
  });

  it("takes every frontend's fingerprint before any change, and checks each frontend in verify.sh", () => {
    expect(preflight(apply)).toMatch(/^check_store_pin cyrus 2003 frontend-%s fe1\.example\.org fe2\.example\.org$/m);
    const verify = file('postfix-host', 'verify.sh');
    for (const fe of ['fe1.example.org', 'fe2.example.org']) {
      expect(verify).toContain(`if out=$(lhlo inet ${fe} 2003 2>&1)`);
      expect(verify).toContain(`if out=$(store_tls fingerprint ${fe} 2003 "$STORE_FP")`);
    }
  });

  it('has each frontend print the command that pins them all, its own fingerprint filled in', () => {
    expect(file('frontend-fe1.example.org', 'apply.sh')).toMatch(
      /^tls_next_step \/etc\/cyrus-lmtp-tls\/lmtp\.crt fe1\.example\.org fe1\.example\.org fe2\.example\.org$/m,
    );
    expect(file('frontend-fe2.example.org', 'apply.sh')).toMatch(
      /^tls_next_step \/etc\/cyrus-lmtp-tls\/lmtp\.crt fe2\.example\.org fe1\.example\.org fe2\.example\.org$/m,
    );
  });

  it('checks each frontend against the CA for its own name in CA mode ("hostname")', () => {
    const ca = bundle({
      ...input(target),
      tls: {
        mode: 'ca',
        storeCert: 'existing',
        certPath: '/etc/ssl/lmtp.crt',
        keyPath: '/etc/ssl/lmtp.key',
        caFile: '/etc/ssl/site-ca.pem',
      },
    });
    const master = ca.file('postfix-host', 'apply.sh');
    expect(master).toContain('lmtp_tls_verify_cert_match=hostname');
    expect(preflight(master)).toContain(
      'check_store_ca cyrus fe1.example.org 2003 fe1.example.org /etc/ssl/site-ca.pem\ncheck_store_ca cyrus fe2.example.org 2003 fe2.example.org /etc/ssl/site-ca.pem',
    );
  });
});

describe('the topology picture of two frontends', () => {
  it('links Postfix to each frontend in order, with the route its files hold', () => {
    const a = answers(input('debian-13'));
    const p = topologyPicture(a);
    const toFe = p.links.filter((l) => l.from === 'postfix-host');
    expect(toFe.map((l) => [l.to, l.label])).toEqual([
      ['frontend-fe1.example.org', 'fe1.example.org:2003'],
      ['frontend-fe2.example.org', 'fe2.example.org:2003'],
    ]);
    expect(toFe.map((l) => l.route)).toEqual([
      'cyrus:inet:fe1.example.org:2003,fe2.example.org:2003',
      'cyrus:inet:fe1.example.org:2003,fe2.example.org:2003',
    ]);
    expect(toFe[1]?.details[0]).toMatch(/when fe1\.example\.org is down \(failover\)/);
  });
});

describe('one frontend: the route and the pin step of a single store', () => {
  const { file } = bundle(input('debian-13', ['fe1.example.org']));
  it('keeps one next hop and one pin', () => {
    expect(file('postfix-host', 'apply.sh')).toContain('mailbox_transport cyrus:inet:fe1.example.org:2003\n');
    expect(preflight(file('postfix-host', 'apply.sh'))).toMatch(
      /^check_store_pin cyrus 2003 frontend-%s fe1\.example\.org$/m,
    );
  });
});

describe.each(['debian-13', 'debian-12'] as const)('packages per role on %s (defect 10)', (target) => {
  const { out, file } = bundle(input(target));
  const ensure = (host: string) => /^ensure_packages (.*)$/m.exec(file(host, 'apply.sh'))?.[1]?.split(' ') ?? [];

  it('installs cyrus-murder (mupdate) on the master and the frontends, not on the backends or the Postfix host', () => {
    expect(ensure('mupdate-mupdate.example.org')).toEqual(['cyrus-imapd', 'sasl2-bin', 'cyrus-murder']);
    for (const fe of ['fe1', 'fe2'])
      expect(ensure(`frontend-${fe}.example.org`)).toEqual(['cyrus-imapd', 'sasl2-bin', 'openssl', 'cyrus-murder']);
    for (const be of ['be1', 'be2']) expect(ensure(`backend-${be}.example.org`)).toEqual(['cyrus-imapd', 'sasl2-bin']);
    expect(ensure('postfix-host')).toEqual(['postfix', 'libsasl2-modules']);
  });

  it('checks before any change that apt can install every package, on every host', () => {
    for (const h of out.hosts) {
      const pre = preflight(file(h.id, 'apply.sh'));
      expect(pre, h.id).toContain(`check_packages ${ensure(h.id).join(' ')}\n`);
    }
  });

  it('names its own cyrus.conf services, which the missing-programs step never comments out', () => {
    expect(file('mupdate-mupdate.example.org', 'apply.sh')).toMatch(/^disable_missing_services mupdate$/m);
    expect(file('frontend-fe1.example.org', 'apply.sh')).toMatch(/^disable_missing_services lmtp mupdate$/m);
    expect(file('backend-be1.example.org', 'apply.sh')).toMatch(/^disable_missing_services lmtp$/m);
  });
});

describe('the shell functions', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lwz-murder-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const sh = (body: string, env: Record<string, string> = {}) => {
    const script = `set -eu\nDRY_RUN=0 CHANGED="" STORE_FP="" CONFLICTS=${dir}/conflicts\n: >${dir}/conflicts\n${COMMON_LIB}\n${APPLY_LIB}\n${POLICIES_LIB}\n${TLS_COMMON_LIB}\n${TLS_APPLY_LIB}\n${body}`;
    return spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
  };

  it('tls_next_step on a frontend prints one --store-fingerprint per frontend, its own filled in', () => {
    const ok = spawnSync('openssl', [
      'req',
      '-x509',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=fe2',
      '-keyout',
      join(dir, 'k'),
      '-out',
      join(dir, 'c'),
    ]);
    expect(ok.status).toBe(0);
    const fp = spawnSync('openssl', ['x509', '-in', join(dir, 'c'), '-noout', '-fingerprint', '-sha256'], {
      encoding: 'utf8',
    })
      .stdout.trim()
      .replace(/^.*=/, '');
    const r = sh(`tls_next_step ${dir}/c fe2.test fe1.test fe2.test fe3.test`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(
      `next, on the Postfix host, in its postfix-host folder: sh apply.sh --store-fingerprint fe1.test=FINGERPRINT-OF-fe1.test --store-fingerprint fe2.test=${fp} --store-fingerprint fe3.test=FINGERPRINT-OF-fe3.test\n`,
    );
    expect(r.stdout).toContain('run the apply.sh of frontend-fe1.test/ frontend-fe3.test/ first');
    // a remote store: the one bare fingerprint, as before
    expect(sh(`tls_next_step ${dir}/c`).stdout).toContain(`sh apply.sh --store-fingerprint ${fp}\n`);
  });

  const FP = Array.from({ length: 32 }, (_, i) => (i + 16).toString(16).toUpperCase()).join(':');

  it("pin_for finds each frontend's fingerprint by name, and a bare one only for a single store", () => {
    const r = sh(
      `PIN_ARGS='fe2.test=${FP}|fe1.test=aa|' STORE_HOSTS='fe1.test fe2.test'; printf '[%s][%s][%s]' "$(pin_for fe1.test 2)" "$(pin_for fe2.test 2)" "$(pin_for fe3.test 2)"`,
    );
    expect(r.stdout).toBe(`[aa][${FP}][]`);
    const bare = sh(
      `PIN_ARGS='sha256 Fingerprint=${FP}|' STORE_HOSTS='store.test'; printf '[%s]' "$(pin_for store.test 1)"`,
    );
    expect(bare.stdout).toBe(`[sha256 Fingerprint=${FP}]`);
  });

  it('check_store_pin refuses, before any check, a bare fingerprint with several frontends and a malformed one', () => {
    const bare = sh(`STORE_FP='${FP}|'; check_store_pin cyrus 2003 frontend-%s fe1.test fe2.test`);
    expect(bare.status).toBe(1);
    expect(bare.stderr).toContain(
      `--store-fingerprint ${FP}: name the frontend it belongs to, as HOST=SHA256, one for each of: fe1.test fe2.test; nothing was changed`,
    );
    const placeholder = sh(
      `STORE_FP='fe1.test=${FP}|fe2.test=FINGERPRINT-OF-fe2.test|'; check_store_pin cyrus 2003 frontend-%s fe1.test fe2.test`,
    );
    expect(placeholder.status).toBe(1);
    expect(placeholder.stderr).toContain(
      '--store-fingerprint fe2.test=FINGERPRINT-OF-fe2.test is not a SHA-256 fingerprint',
    );
  });

  it('check_store_pin in a dry run without pins names every frontend the real run needs one for', () => {
    const r = sh(`DRY_RUN=1; check_store_pin cyrus 2003 frontend-%s fe1.test fe2.test; printf '[%s]' "$STORE_FP"`);
    expect(r.stdout).toContain(
      'the real run needs --store-fingerprint HOST=SHA256 for: fe1.test (frontend-fe1.test/apply.sh prints it) fe2.test (frontend-fe2.test/apply.sh prints it)',
    );
    expect(r.stdout.endsWith('[]')).toBe(true);
    expect(readFileSync(join(dir, 'conflicts'), 'utf8')).toBe('');
  });

  it("verify.sh's check_service names what a missing mupdate line means, not LMTP", () => {
    writeFileSync(join(dir, 'cyrus.conf'), 'SERVICES {\n}\n');
    const run = (row: string) =>
      spawnSync(
        'sh',
        [
          '-c',
          `CYRUS_CONF=${dir}/cyrus.conf FAILED=0\n${COMMON_LIB}\n${VERIFY_LIB}\ncheck_service "$1" "$2"`,
          'sh',
          row.split(' ')[0] ?? '',
          row,
        ],
        { encoding: 'utf8' },
      ).stdout;
    expect(run('mupdate cmd="mupdate -m" listen="3905" prefork=1 maxchild=100')).toBe(
      'FAIL  cyrus.conf has no service "mupdate" as generated (found: ""); cyrmaster will not run it as this bundle needs\n',
    );
    expect(run('lmtp cmd="lmtpd" listen="lmtp" prefork=0 maxchild=100')).toContain(
      'Cyrus will not listen for LMTP there',
    );
  });

  describe('disable_missing_services', () => {
    const conf =
      'START {\n}\nSERVICES {\n  pop3 cmd="pop3d" listen="pop3"\n  lmtp cmd="lmtpd" listen="lmtp"\n  mupdate cmd="mupdate -m" listen="3905" prefork=1\n}\n';
    const run = (args: string, dry = 0) => {
      const bin = join(dir, 'bin');
      mkdirSync(bin, { recursive: true });
      writeFileSync(join(bin, 'lmtpd'), '#!/bin/sh\n');
      chmodSync(join(bin, 'lmtpd'), 0o755);
      writeFileSync(join(dir, 'cyrus.conf'), conf);
      // replace_content is apply.sh's own writer; here it only copies
      return sh(
        `CYRUS_CONF=${dir}/cyrus.conf CYRUS_BIN=${bin} DRY_RUN=${dry}\nreplace_content() { cat "$1" >"$2"; }\ndisable_missing_services ${args}`,
      );
    };

    it('stops with an error, and comments out nothing, when a service of ours has no program', () => {
      const r = run('lmtp mupdate');
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(
        'cyrus.conf service mupdate of this bundle runs mupdate, which is not installed although the packages step ran (for mupdate: cyrus-murder)',
      );
      expect(readFileSync(join(dir, 'cyrus.conf'), 'utf8')).toBe(conf);
    });

    it('in a dry run says the real run installs it first, and still comments out the others', () => {
      const r = run('lmtp mupdate', 1);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('cyrus.conf service mupdate runs mupdate, which is not installed yet');
      expect(r.stdout).toContain('disabling cyrus.conf services whose program is not installed: pop3\n');
    });

    it('comments out a missing program that is not ours', () => {
      const r = run('lmtp');
      expect(r.status).toBe(0);
      expect(readFileSync(join(dir, 'cyrus.conf'), 'utf8')).toContain(
        '#lmtp-wizard: program not installed:   pop3 cmd="pop3d"',
      );
      expect(readFileSync(join(dir, 'cyrus.conf'), 'utf8')).toContain(
        '#lmtp-wizard: program not installed:   mupdate cmd="mupdate -m"',
      );
    });
  });
});
