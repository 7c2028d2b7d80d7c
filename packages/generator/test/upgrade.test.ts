// Debian 12 -> 13 (issue 23): the upgrade bundle's files and order, the
// debian-12 --pre-upgrade and the debian-13 upgrade steps in apply.sh, and
// shell functions run for real where they need no mail daemon (rollback.sh
// across releases, the verify-cache filter). The upgrade itself, on real
// daemons, is e2e/real-mail's upgrade-* scenarios.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAnswers, type Answers } from '@lmtp-wizard/schema';
import { generate } from '../src/index.ts';
import { APPLY_LIB } from '../src/scripts/shell-lib.ts';
import { STATE_LIB } from '../src/scripts/shell-lib-state.ts';
import { UPGRADE_APPLY_LIB } from '../src/scripts/shell-lib-upgrade.ts';
import { POLICIES_LIB } from '../src/shell/embedded.ts';

const parse = (input: unknown): Answers => {
  const r = parseAnswers(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.answers;
};
const remote = (extra: Record<string, unknown>) =>
  parse({
    topology: 'remote',
    mailHost: 'mx.example.org',
    tcp: { storeHost: 'store.example.org' },
    sasl: { password: 'pw' },
    ...extra,
  });

function filesOf(a: Answers): Map<string, string> {
  const out = generate(a);
  return new Map([
    ...out.files.map((f) => [f.path, f.content] as const),
    ...out.hosts.flatMap((h) => h.files.map((f) => [`${h.id}/${f.path}`, f.content] as const)),
  ]);
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'lwz-upgrade-'));
  dirs.push(d);
  return d;
};

describe('the upgrade bundle', () => {
  it('has an UPGRADE.md per host only when upgradeFrom is debian-12, and the top README orders the store first', () => {
    const plain = filesOf(remote({ target: 'debian-13' }));
    expect([...plain.keys()].filter((k) => k.endsWith('UPGRADE.md'))).toEqual([]);
    expect(JSON.parse(plain.get('answers.json') ?? '{}')).not.toHaveProperty('upgradeFrom');
    const up = filesOf(remote({ target: 'debian-13', upgradeFrom: 'debian-12' }));
    expect([...up.keys()].filter((k) => k.endsWith('UPGRADE.md')).sort()).toEqual([
      'cyrus-host/UPGRADE.md',
      'postfix-host/UPGRADE.md',
    ]);
    const top = up.get('README.md') ?? '';
    expect(top).toMatch(/## Upgrading from Debian 12/);
    expect(top.indexOf('1. `cyrus-host/`')).toBeGreaterThan(0);
    expect(top.indexOf('2. `postfix-host/`')).toBeGreaterThan(top.indexOf('1. `cyrus-host/`'));
    expect(up.get('cyrus-host/UPGRADE.md')).toMatch(/lmtp_allowstarttls/);
    expect(up.get('cyrus-host/UPGRADE.md')).toMatch(/\/etc\/services/);
    expect(up.get('postfix-host/UPGRADE.md')).toMatch(/postfix@-\.service/);
    expect(up.get('postfix-host/UPGRADE.md')).toMatch(/sh apply\.sh --pre-upgrade/);
  });

  it('refuses upgradeFrom with a Debian 12 target, naming the field by its label', () => {
    const r = parseAnswers({
      topology: 'single-host',
      mailHost: 'mx.example.org',
      target: 'debian-12',
      upgradeFrom: 'debian-12',
    });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).toMatch(/Upgrading from Debian 12 makes a bundle for Debian 13/);
  });
});

describe('apply.sh across the upgrade', () => {
  it('debian-12: --pre-upgrade is read-only and names the traps of each role', () => {
    const f = filesOf(remote({ target: 'debian-12' }));
    const store = f.get('cyrus-host/apply.sh') ?? '';
    const mx = f.get('postfix-host/apply.sh') ?? '';
    const block = (s: string) =>
      s.slice(
        s.indexOf('if [ "$PRE_UPGRADE" = 1 ]; then'),
        s.indexOf('  exit 0', s.indexOf('if [ "$PRE_UPGRADE" = 1 ]; then')),
      );
    expect(store).toMatch(/\n {4}--pre-upgrade\) PRE_UPGRADE=1 ;;\n/);
    expect(block(store)).toMatch(/pu_starttls lmtp/);
    expect(block(store)).toMatch(/pu_services 2003/);
    expect(block(store)).toMatch(/pu_cyrus/);
    expect(block(mx)).toMatch(/pu_postfix_instance/);
    expect(block(mx)).toMatch(/pu_pin cyrus/);
    // --prepare-upgrade: the one key 3.6 ignores and 3.10 needs, inside the backed-up steps
    const early = store.indexOf('set_imapd lmtp_allowstarttls on');
    expect(early).toBeGreaterThan(store.indexOf('\nstart_backup\n'));
    expect(early).toBeLessThan(store.indexOf('\nfinish_backup\n'));
    expect(early).toBeLessThan(store.indexOf('\nconverge_cyrus '));
    expect(store.indexOf('\nconverge_cyrus ')).toBeGreaterThan(0);
    expect(mx).not.toMatch(/set_imapd lmtp_allowstarttls/);
    // before the backup folder and any plan step: nothing can change
    expect(store.indexOf('exit 0\nfi')).toBeLessThan(store.indexOf('start_backup\n'));
  });

  it('debian-13: labels the release changes with reasons, takes over postfix@- before the first change, ends with postqueue -f', () => {
    const f = filesOf(remote({ target: 'debian-13' }));
    const store = f.get('cyrus-host/apply.sh') ?? '';
    const mx = f.get('postfix-host/apply.sh') ?? '';
    expect(store).toMatch(/release_change_imapd lmtp_allowstarttls on '[^']*brings the hop back/);
    expect(mx).toMatch(/release_change_master cyrus\/unix tls_required_enable no/);
    const first = mx.indexOf('\nstart_backup\n');
    expect(mx.indexOf('\ntake_over_postfix\n')).toBeGreaterThan(0);
    expect(mx.indexOf('\ntake_over_postfix\n')).toBeLessThan(first);
    const end = mx.indexOf('say "done; now run: sh verify.sh"');
    expect(mx.lastIndexOf('\nflush_queue\n')).toBeGreaterThan(mx.lastIndexOf('reload_postfix_if_changed'));
    expect(mx.lastIndexOf('\nflush_queue\n')).toBeLessThan(end);
    expect(mx).toMatch(/\nflush_verify_failures \/etc\/postfix\/cyrus_verify\n/);
    // verify.sh's one check that Postfix runs, from its installed program (the library's check_postfix_flow)
    expect(f.get('postfix-host/verify.sh')).toMatch(/\ncheck_postfix_flow /);
    expect(f.get('postfix-host/lib/lmtp-wizard.sh')).toMatch(
      /check_postfix_flow\(\) \{[\s\S]*?runs from a deleted program file[\s\S]*?\n\}/,
    );
  });
});

describe('every upgrade function a script calls is defined in it or in the library it sources', () => {
  it('holds for apply.sh and verify.sh of both releases, single and remote', () => {
    const missing: string[] = [];
    for (const target of ['debian-12', 'debian-13']) {
      for (const a of [remote({ target }), parse({ topology: 'single-host', mailHost: 'mx.example.org', target })]) {
        for (const [path, text] of filesOf(a)) {
          if (!/(apply|verify)\.sh$/.test(path)) continue;
          const used = new Set(
            text.match(
              /\b(our_domains|pu_[a-z_]+|release_change_[a-z]+|take_over_postfix|flush_[a-z_]+|postfix_(?:runs_current|must_run|stop_for_edit|start_after_edit)|upgrade_[a-z_]+|verify_failures|earlier_release|old_postfix_instance)\b/g,
            ) ?? [],
          );
          const lib = filesOf(a).get(path.replace(/[^/]+$/, 'lib/lmtp-wizard.sh')) ?? '';
          for (const fn of used)
            if (!`${text}\n${lib}`.includes(`\n${fn}() {`)) missing.push(`${target} ${path}: ${fn}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

const sh = (script: string, env: Record<string, string> = {}) =>
  spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });

describe('the shell functions, run', () => {
  it('rollback.sh refuses a backup from another Debian release unless --force', () => {
    const d = tmp();
    const backup = join(d, 'backup');
    mkdirSync(backup);
    for (const f of ['touched', 'undo', 'undo-last']) writeFileSync(join(backup, f), '');
    const r = sh(`${APPLY_LIB}\n${POLICIES_LIB}\n${STATE_LIB}\nBACKUP=${backup}; DRY_RUN=0; write_rollback`);
    expect(r.status).toBe(0);
    const here = (readFileSync('/etc/debian_version', 'utf8').split('.')[0] ?? '').trim();
    expect(readFileSync(join(backup, 'release'), 'utf8').trim()).toBe(here);
    writeFileSync(join(backup, 'release'), '11\n');
    const refused = sh(`sh ${backup}/rollback.sh`);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/made on Debian 11 and this host now runs Debian/);
    const forced = sh(`sh ${backup}/rollback.sh --force`);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toMatch(/restored 0 files/);
  });

  it('verify_failures keeps only deferred probes (status 1) of our domains', () => {
    const d = tmp();
    const bin = join(d, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'postmap'),
      `#!/bin/sh\nprintf 'Alice@MX.example.org\\t1:1:2:deferred\\nbob@other.example\\t1:1:2:x\\ncarol@mx.example.org\\t0:1:2:ok\\ndan@lists.example.org\\t1:1:2:x\\n_LAST_CACHE_CLEANUP_COMPLETED_\\t1\\n'\n`,
    );
    chmodSync(join(bin, 'postmap'), 0o755);
    const r = sh(`${UPGRADE_APPLY_LIB}\nverify_failures btree:/x mx.example.org lists.example.org`, {
      PATH: `${bin}:${process.env.PATH ?? ''}`,
    });
    expect(r.stdout.trim().split('\n')).toEqual(['Alice@MX.example.org', 'dan@lists.example.org']);
  });
});
