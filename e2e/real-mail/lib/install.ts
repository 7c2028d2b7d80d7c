// Installs the real daemons from Debian, non-interactively, without letting
// the packages start anything (there is no systemd; the suite starts them).
import { existsSync, readFileSync, renameSync, unlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { run } from './sh.ts';

export const PACKAGES = [
  'postfix',
  'cyrus-imapd',
  'cyrus-clients',
  'cyrus-admin',
  'sasl2-bin',
  'libsasl2-modules',
  // the harness itself: python3 for the /dev/log listener, iproute2 for netns
  'python3',
  'iproute2',
] as const;

const POLICY_RC_D = '/usr/sbin/policy-rc.d';

export type Precondition = { ok: true } | { ok: false; reason: string };

export function checkPreconditions(): Precondition {
  if (process.platform !== 'linux') return { ok: false, reason: `platform is ${process.platform}, not linux` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'not running as root' };
  if (!existsSync('/etc/debian_version')) return { ok: false, reason: 'not Debian (no /etc/debian_version)' };
  if (!existsSync('/usr/bin/apt-get')) return { ok: false, reason: 'no apt-get' };
  const major = readFileSync('/etc/debian_version', 'utf8').trim().split('.')[0];
  if (major !== '12') console.warn(`real-mail: Debian ${major}, facts were verified on Debian 12`);
  return { ok: true };
}

export async function missingPackages(): Promise<string[]> {
  const res = await run('dpkg-query', ['-W', '-f', '${Package} ${db:Status-Status}\n', ...PACKAGES], {
    allowFail: true,
  });
  const installed = new Set(
    res.stdout
      .split('\n')
      .filter((l) => l.endsWith(' installed'))
      .map((l) => l.split(' ')[0]?.split(':')[0]),
  );
  return PACKAGES.filter((p) => !installed.has(p));
}

export interface InstallReport {
  skipped: boolean;
  seconds: number;
  installed: string[];
}

/** force: run apt even when everything is installed (exercises the install path). */
export async function installDaemons(force = false): Promise<InstallReport> {
  const start = Date.now();
  const missing = force ? [...PACKAGES] : await missingPackages();
  if (missing.length === 0) {
    const seconds = (Date.now() - start) / 1000;
    console.log(`install: all ${PACKAGES.length} packages already installed, apt skipped (${seconds.toFixed(1)} s)`);
    return { skipped: true, seconds, installed: [] };
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', DEBCONF_NONINTERACTIVE_SEEN: 'true' };
  await run('debconf-set-selections', [], {
    input: 'postfix postfix/main_mailer_type select No configuration\n',
    env,
  });
  // Keep any policy-rc.d the admin already had, and put it back afterwards.
  const saved = existsSync(POLICY_RC_D) ? `${POLICY_RC_D}.lwz-saved` : undefined;
  if (saved) renameSync(POLICY_RC_D, saved);
  writeFileSync(POLICY_RC_D, '#!/bin/sh\n# lmtp-wizard real-mail: no daemon starts during install\nexit 101\n');
  chmodSync(POLICY_RC_D, 0o755);
  try {
    await run('apt-get', ['update', '-qq'], { env, timeoutMs: 600_000 });
    // Recommends are left out on purpose: the suite installs exactly what the
    // bundle relies on (libsasl2-modules is only a Recommends of postfix).
    await run(
      'apt-get',
      ['install', '-y', '-qq', '--no-install-recommends', '-o', 'Dpkg::Options::=--force-confold', ...missing],
      { env, timeoutMs: 1_200_000 },
    );
  } finally {
    unlinkSync(POLICY_RC_D);
    if (saved) renameSync(saved, POLICY_RC_D);
  }
  const seconds = (Date.now() - start) / 1000;
  console.log(`install: apt-get installed ${missing.join(' ')} in ${seconds.toFixed(1)} s`);
  return { skipped: false, seconds, installed: missing };
}
