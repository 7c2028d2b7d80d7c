// Issue 24, defect 7: every host's README and apply.sh --help start with the
// exact commands of the whole bundle, in order ("1. on the store ... 2. on each
// MX ..."), with --store-fingerprint where the Postfix host pins the store's
// certificate; --help is this host's own, with only its options.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseAnswers, type Answers } from '@lmtp-wizard/schema';
import { generate } from '../src/index.ts';
import type { HostBundle } from '../src/types.ts';

function answers(a: object): Answers {
  const r = parseAnswers(a);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.answers;
}

const SINGLE = answers({ topology: 'single-host', mailHost: 'mx.example.org' });
const REMOTE = {
  topology: 'remote',
  mailHost: 'mx.example.org',
  tcp: { storeHost: 'store.example.org' },
  sasl: { password: 'S3cret-lmtp' },
};
const PINNED = answers(REMOTE);
const PLAIN = answers({ ...REMOTE, tls: { mode: 'off' } });
const TWO_MX = answers({
  ...REMOTE,
  extraMx: [{ host: 'mx2.example.org', username: 'postman2', password: 'S3cret-mx2' }],
});
const MURDER = answers({
  topology: 'murder',
  mailHost: 'mx.example.org',
  murder: {
    mupdateHost: 'mupdate.example.org',
    frontends: ['fe1.example.org'],
    backends: ['be1.example.org', 'be2.example.org'],
    backendPasswords: [{ password: 'Be1-pr0xy-secret' }, { password: 'Be2-pr0xy-secret' }],
    mupdatePassword: 'Mupd4te-secret',
  },
  sasl: { password: 'S3cret-lmtp' },
});

const folder = (a: Answers, id: string): HostBundle => {
  const h = generate(a).hosts.find((x) => x.id === id);
  if (!h) throw new Error(`no folder ${id}`);
  return h;
};
const file = (h: HostBundle, path: string): string => h.files.find((f) => f.path === path)?.content ?? '';

/** The README from its title down to its own steps: what an admin reads first. */
const readmeTop = (a: Answers, id: string): string => {
  const text = file(folder(a, id), 'README.md');
  return text.slice(text.indexOf('\n# '), text.indexOf('## Steps'));
};

/** The numbered items of the order (each "N. " line and the commands under it). */
const items = (top: string): string[] =>
  top
    .split(/\n(?=\d+\. )/)
    .slice(1)
    .map((x) => x.split('\n\n## ')[0] ?? x);

/**
 * apply.sh run with ARGS as far as its option parser, under sh: the part
 * before the host id, which only sets variables and reads the options. Nothing
 * of the script's work runs on this machine.
 */
function applyOptions(h: HostBundle, ...args: string[]): { code: number | null; out: string; err: string } {
  const text = file(h, 'apply.sh');
  const parser = text.slice(0, text.indexOf('\nHOST_ID='));
  expect(parser).toMatch(/\ndone\nHERE=/);
  const r = spawnSync('sh', ['-c', parser, 'apply.sh', ...args], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('per-host README: the exact commands of the whole bundle first, in order', () => {
  it('remote with TLS pinned: 1. the store, 2. the Postfix host with --store-fingerprint, 3. verify.sh; in both folders, each marked', () => {
    for (const id of ['cyrus-host', 'postfix-host']) {
      const top = readmeTop(PINNED, id);
      expect(top.indexOf('## Run the bundle in this order')).toBeGreaterThan(0);
      const [store, mx, verify, more] = items(top);
      expect(more).toBeUndefined();
      expect(store).toContain(
        `1. On the Cyrus store, in \`cyrus-host/\`${id === 'cyrus-host' ? ' (this folder)' : ''}:`,
      );
      expect(store).toMatch(/\n {3}sh apply.sh --dry-run +# [^\n]*\n {3}sh apply.sh +# /);
      expect(store).toContain('It ends by printing the command for step 2');
      expect(store).not.toContain('--store-fingerprint');
      expect(mx).toContain(
        `2. On the Postfix host, in \`postfix-host/\`${id === 'postfix-host' ? ' (this folder)' : ''}:`,
      );
      expect(mx).toMatch(
        /\n {3}sh apply.sh --dry-run --store-fingerprint SHA256 +# [^\n]*\n {3}sh apply.sh --store-fingerprint SHA256 +# /,
      );
      expect(mx).toContain('SHA256 is the fingerprint step 1 printed');
      expect(verify).toMatch(/^3\. On every host, in its folder, [^\n]*:\n\n {3}```sh\n {3}sh verify\.sh\n/);
    }
  });

  it('several MX hosts: "2. On each MX host", every MX folder with its host, this one marked', () => {
    const top = readmeTop(TWO_MX, 'postfix-host-mx2.example.org');
    const [, mx] = items(top);
    expect(mx).toContain(
      '2. On each MX host, each in its own folder: `postfix-host/` on the Postfix host, `postfix-host-mx2.example.org/` on mx2.example.org (this folder):',
    );
    expect(mx).toContain('sh apply.sh --store-fingerprint SHA256');
  });

  it('no --store-fingerprint where nothing is pinned: TLS off, a single host', () => {
    for (const [a, id] of [
      [PLAIN, 'postfix-host'],
      [PLAIN, 'cyrus-host'],
      [SINGLE, 'mail-host'],
    ] as const) {
      const text = file(folder(a, id), 'README.md');
      expect(text).not.toContain('--store-fingerprint');
    }
    const [only, verify, more] = items(readmeTop(SINGLE, 'mail-host'));
    expect(only).toContain('1. On the mail host, in `mail-host/` (this folder):');
    expect(verify).toMatch(/^2\. On the same host, [^\n]*:\n\n {3}```sh\n {3}sh verify\.sh\n/);
    expect(more).toBeUndefined();
  });

  it("a Murder: the master, the backends, the frontend, then the Postfix host with the frontend's fingerprint", () => {
    const top = readmeTop(MURDER, 'backend-be2.example.org');
    const order = items(top).map((x) => x.split('\n')[0]);
    expect(order).toEqual([
      '1. On the mupdate master (mupdate.example.org), in `mupdate-mupdate.example.org/`:',
      '2. On each backend, each in its own folder: `backend-be1.example.org/` on be1.example.org, `backend-be2.example.org/` on be2.example.org (this folder):',
      '3. On the frontend (fe1.example.org), in `frontend-fe1.example.org/`:',
      '4. On the Postfix host (mx.example.org), in `postfix-host/`:',
      '5. On every host, in its folder, the read-only checks, ending with a live LHLO:',
    ]);
    expect(items(top)[3]).toContain('sh apply.sh --store-fingerprint SHA256');
    expect(items(top)[3]).toContain('SHA256 is the fingerprint frontend-fe1.example.org/ printed');
  });

  it("the bundle's own README gives the same list, naming the hosts", () => {
    const top = generate(TWO_MX).files.find((f) => f.path === 'README.md')?.content ?? '';
    const order = top.slice(top.indexOf('## Order'), top.indexOf('\n## ', top.indexOf('## Order') + 1));
    expect(items(order).map((x) => x.split('\n')[0])).toEqual([
      '1. On the Cyrus store (store.example.org), in `cyrus-host/`:',
      '2. On each MX host, each in its own folder: `postfix-host/` on mx.example.org, `postfix-host-mx2.example.org/` on mx2.example.org:',
      '3. On every host, in its folder, the read-only checks, ending with a live LHLO:',
    ]);
  });
});

describe("apply.sh --help: this host's text, not the comment header", () => {
  it('the Postfix host of a pinned store: the order with its own step marked, verify.sh, and --store-fingerprint among its options', () => {
    const r = applyOptions(folder(TWO_MX, 'postfix-host'), '--help');
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/^#/m);
    expect(r.out).not.toContain('Generated by lmtp-wizard');
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^apply\.sh of postfix-host\/: Postfix host\. Run it as root/);
    expect(r.out).toContain(
      '  1. On the Cyrus store, in cyrus-host/:\n       sh apply.sh --dry-run\n       sh apply.sh\n',
    );
    expect(r.out).toMatch(
      / {2}2\. On each MX host, each in its own folder: postfix-host\/ on the Postfix\n {5}host \(this folder\), postfix-host-mx2\.example\.org\/ on mx2\.example\.org:\n {7}sh apply\.sh --dry-run --store-fingerprint SHA256\n {7}sh apply\.sh --store-fingerprint SHA256\n/,
    );
    expect(r.out).toMatch(/ {2}3\. On every host, in its folder, [^\n]*\n(?: {5}[^\n]*\n)* {7}sh verify\.sh\n/);
    expect(r.out).toMatch(/^ {2}--store-fingerprint SHA256$/m);
    expect(lines.every((l) => l.length <= 78)).toBe(true);
    // and the option works
    expect(applyOptions(folder(TWO_MX, 'postfix-host'), '--store-fingerprint').err).toContain(
      '--store-fingerprint needs a SHA256 fingerprint',
    );
  });

  it.each([
    ['a single host', SINGLE, 'mail-host'],
    ['the Cyrus store', PINNED, 'cyrus-host'],
    ['a Postfix host with TLS off', PLAIN, 'postfix-host'],
    ['a Murder frontend', MURDER, 'frontend-fe1.example.org'],
  ] as const)('%s: no --store-fingerprint in its help, and the option is refused', (_what, a, id) => {
    const h = folder(a, id);
    const r = applyOptions(h, '-h');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`apply.sh of ${id}/`);
    expect(r.out.replace(/\s+/g, ' ')).toContain(`in ${id}/ (this folder)`);
    expect(r.out).toContain('sh verify.sh');
    expect(r.out).not.toMatch(/^#/m);
    expect(r.out).not.toMatch(/^ {2}--store-fingerprint/m);
    expect(r.out).toMatch(/^ {2}--dry-run$/m);
    const bad = applyOptions(h, '--store-fingerprint', 'AB:CD');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(
      'apply.sh: unknown option --store-fingerprint (on this host: --dry-run, --no-restart, --replace KEY, --help; see sh apply.sh --help)\n',
    );
  });

  it("a single host's help says it is one folder, then verify.sh on the same host", () => {
    const r = applyOptions(folder(SINGLE, 'mail-host'), '--help');
    expect(r.out).toContain(
      '  1. On the mail host, in mail-host/ (this folder):\n       sh apply.sh --dry-run\n       sh apply.sh\n  2. On the same host, the read-only checks, ending with a live LHLO:\n       sh verify.sh\n',
    );
  });
});
