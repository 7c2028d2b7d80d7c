// The target release: its record holds the facts, the generated texts follow
// it, and apply.sh stops on any other release before it changes anything.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAnswers, TARGET_IDS, type Answers, type Target } from '@lmtp-wizard/schema';
import { generate } from '../src/index.ts';
import { RELEASES } from '../src/facts.ts';
import { APPLY_LIB } from '../src/scripts/shell-lib.ts';
import { SYSTEM_LIB } from '../src/scripts/shell-lib-system.ts';
import { PRE_UPGRADE_LIB, UPGRADE_APPLY_LIB, UPGRADE_COMMON_LIB } from '../src/scripts/shell-lib-upgrade.ts';

/** A file without the text of the Debian 12 -> 13 upgrade: its libraries, and the lines that call them. */
const withoutUpgrade = (content: string): string =>
  [PRE_UPGRADE_LIB, UPGRADE_APPLY_LIB, UPGRADE_COMMON_LIB]
    .reduce((text, lib) => text.split(lib).join(''), content)
    .split('\n')
    .filter(
      (l) =>
        !/^\s*(pu_|release_change|say '--pre-upgrade|\[ "\$PREPARE_UPGRADE"|\[ "\$PRE_UPGRADE\$PREPARE_UPGRADE"|imapd_knows master_pid_file && release_change|# --pre-upgrade|# --prepare-upgrade|# Cyrus 3\.6 ignores)/.test(
          l,
        ),
    )
    .join('\n');

const parse = (input: unknown): Answers => {
  const r = parseAnswers(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.answers;
};
const single = (target: Target) => parse({ topology: 'single-host', target, mailHost: 'mail.example.org' });
const remote = (target: Target) =>
  parse({
    topology: 'remote',
    target,
    mailHost: 'mx.example.org',
    tcp: { storeHost: 'store.example.org' },
    sasl: { password: 'pw' },
  });

/** Every generated file as "host/path" -> content. */
function filesOf(a: Answers): Map<string, string> {
  const out = generate(a);
  return new Map([
    ...out.files.map((f) => [f.path, f.content] as const),
    ...out.hosts.flatMap((h) => h.files.map((f) => [`${h.id}/${f.path}`, f.content] as const)),
  ]);
}

describe('the release records', () => {
  it('hold the versions and the facts that differ', () => {
    expect(Object.keys(RELEASES).sort()).toEqual([...TARGET_IDS].sort());
    expect(RELEASES['debian-13']).toMatchObject({
      label: 'Debian 13 (trixie)',
      major: 13,
      postfixVersion: '3.10.13',
      cyrusVersion: '3.10.2',
      saslModules: 'Suggests',
      postfixUnit: 'postfix.service',
    });
    expect(RELEASES['debian-12']).toMatchObject({
      label: 'Debian 12 (bookworm)',
      major: 12,
      postfixVersion: '3.7.11',
      cyrusVersion: '3.6.1',
      saslModules: 'Recommends',
      postfixUnit: 'postfix@-.service',
    });
  });
});

describe.each([
  ['debian-13', 'debian-12'],
  ['debian-12', 'debian-13'],
] as const)('a bundle for %s', (target, other) => {
  const r = RELEASES[target];
  const o = RELEASES[other];
  const bundles = [single(target), remote(target)].map(filesOf);

  it('names its release in every header, README and apply.sh, and never the other one', () => {
    for (const files of bundles) {
      for (const [path, content] of files) {
        if (path === 'answers.json' || path.endsWith('sasl-password')) continue;
        // inspect.sh (issue 12) and the shell library (issue 22) are the same text for every release: they name none
        if (!path.endsWith('inspect.sh') && !path.endsWith('lib/lmtp-wizard.sh'))
          expect(content, path).toContain(`corrected for ${r.label}.`);
        for (const word of [o.label, `Debian ${o.major}`, o.postfixVersion, o.cyrusVersion, o.postfixUnit]) {
          // the upgrade from 12 to 13 (issue 23) names both releases, in its own functions and calls only
          expect(withoutUpgrade(content).includes(word), `${path} mentions ${word}`).toBe(false);
        }
      }
      expect(files.get('README.md')).toContain(
        `over LMTP on ${r.label}, with its postfix ${r.postfixVersion} and cyrus-imapd ${r.cyrusVersion}`,
      );
      expect(JSON.parse(files.get('answers.json') ?? '{}').target).toBe(target);
    }
  });

  it('has apply.sh check the release before the backup and every step', () => {
    for (const files of bundles) {
      for (const [path, content] of files) {
        if (!path.endsWith('/apply.sh')) continue;
        const check = content.indexOf(`\nrequire_release /etc/debian_version ${r.major} '${r.label}'\n`);
        expect(check, path).toBeGreaterThan(0);
        expect(check, path).toBeLessThan(content.indexOf('\nstart_backup\n'));
        expect(check, path).toBeLessThan(content.indexOf('\n# Step 1:'));
      }
    }
  });

  it("installs libsasl2-modules on the Postfix host, and explains the release's own dependency", () => {
    const readme = bundles[1]?.get('postfix-host/README.md') ?? '';
    expect(readme).toContain('ensure_packages postfix libsasl2-modules');
    expect(readme).toContain(`Postfix ${r.postfixVersion} on ${r.label} only ${r.saslModules.toLowerCase()} it`);
    expect(readme).toContain(`journalctl -u ${r.postfixUnit}`);
    expect(bundles[1]?.get('cyrus-host/README.md')).toContain(`as "${r.deliveredLog}"`);
  });
});

describe('require_release in apply.sh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lmtp-release-'));
  let n = 0;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the function as apply.sh defines it, against a stand-in for /etc/debian_version. */
  function check(content: string | null, major: number, label: string) {
    const file = join(dir, `debian_version-${(n += 1)}`);
    if (content !== null) writeFileSync(file, content);
    const script = `${APPLY_LIB}\n${SYSTEM_LIB}\nrequire_release "$1" "$2" "$3"\necho passed`;
    const res = spawnSync('sh', ['-c', script, 'sh', file, String(major), label], { encoding: 'utf8' });
    return { status: res.status, out: res.stdout, err: res.stderr };
  }

  it.each([
    ['13.1\n', 13],
    ['13\n', 13],
    ['12.11\n', 12],
  ])('passes on %j for %i', (content, major) => {
    expect(check(content, major, 'x')).toMatchObject({ status: 0, out: 'passed\n' });
  });

  it.each([['12.11\n'], ['trixie/sid\n'], ['1.3\n'], ['130.0\n'], ['']])(
    'stops on %j for Debian 13 and says why',
    (content) => {
      const res = check(content, 13, 'Debian 13 (trixie)');
      expect(res.status).toBe(1);
      expect(res.out).toBe('');
      expect(res.err).toContain('this bundle is for Debian 13 (trixie), but');
      expect(res.err).toContain('nothing was changed');
    },
  );

  it('stops when the file is missing', () => {
    const res = check(null, 12, 'Debian 12 (bookworm)');
    expect(res.status).toBe(1);
    expect(res.err).toContain('says "nothing"');
  });
});
