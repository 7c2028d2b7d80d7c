// One Debian root filesystem per release, built by mmdebstrap from the Debian
// archive apt already uses, with the mail packages installed behind a
// policy-rc.d that exits 101. Cached under /var/cache/lmtp-wizard/rootfs and
// rebuilt when the recipe (suite, packages, hooks) changes. Hosts never run in
// it directly: each host is an overlay on top (container.ts).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup } from './cleanup.ts';
import { otherLiveRun } from './stale.ts';
import { run } from '../sh.ts';

export type Release = 'debian-12' | 'debian-13';

/** What the suite relies on per release: typed data, asked by the harness. */
export const RELEASES: Record<
  Release,
  { suite: string; label: string; postfix: string; cyrus: string; compatibilityLevel: string }
> = {
  'debian-13': {
    suite: 'trixie',
    label: 'Debian 13 (trixie)',
    postfix: '3.10',
    cyrus: '3.10',
    compatibilityLevel: '3.9',
  },
  'debian-12': {
    suite: 'bookworm',
    label: 'Debian 12 (bookworm)',
    postfix: '3.7',
    cyrus: '3.6',
    compatibilityLevel: '3.6',
  },
};

export const CACHE_DIR = '/var/cache/lmtp-wizard/rootfs';

/**
 * The mail packages of a stock Cyrus or Postfix host (installed by a hook,
 * after the preseed), and the test's own tools: sasl2-bin makes the suite's
 * Cyrus admin before any bundle runs; openssl makes the test CAs and speaks
 * s_client on hosts whose bundle does not install it.
 */
const MAIL_PACKAGES = [
  'postfix',
  'cyrus-imapd',
  'cyrus-clients',
  'cyrus-admin',
  'sasl2-bin',
  'libsasl2-modules',
  'openssl',
];
/** What a booted host needs around them (part of the base system). */
const HOST_PACKAGES = ['systemd', 'systemd-sysv', 'dbus', 'rsyslog', 'iproute2', 'procps', 'perl'];
/**
 * What only a bundle installs, for its role (issue 24): cyrus-murder (mupdate,
 * for the mupdate master and the frontends; it pulls in cyrus-pop3d) and tcpd
 * (tcpdmatch, for a store's verify.sh when allowFrom is set). They are NOT
 * installed: a stock host lacks them, and apply.sh must install them itself.
 * The hosts have no route out, so their .debs (with whatever they pull in that
 * is not installed) are downloaded at build time into a local apt repository
 * inside the root filesystem, OFFLINE_REPO, which is the hosts' only apt
 * source; its package lists are kept, so apply.sh's plain "apt-get install"
 * finds them as on a host with a mirror.
 */
const OPTIONAL_PACKAGES = ['cyrus-murder', 'tcpd'];
/** The local repository (a flat "deb [trusted=yes] file:… ./" source) inside the root filesystem. */
export const OFFLINE_REPO = '/var/lib/lwz-apt';

// Hooks run by mmdebstrap with the target as "$1". Postfix is preseeded to
// "No configuration" (the base main.cf is the scenario's); nothing starts
// during the install; journald forwards to rsyslog, which also writes every
// line to one file the suite reads.
const HOOKS = [
  `printf 'postfix postfix/main_mailer_type select No configuration\\n' | chroot "$1" debconf-set-selections`,
  `printf '#!/bin/sh\\nexit 101\\n' >"$1/usr/sbin/policy-rc.d" && chmod 755 "$1/usr/sbin/policy-rc.d"`,
  // the markers time the mail packages' install apart from the base system
  `date +%s.%N >"$1/.lwz-install-start" && chroot "$1" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold ${MAIL_PACKAGES.join(' ')} && date +%s.%N >"$1/.lwz-install-end"`,
  // The optional packages: downloaded (with what they pull in that is not
  // installed), not installed, then indexed as the only apt source of the hosts.
  `rm -f "$1"/var/cache/apt/archives/*.deb && chroot "$1" apt-get install -y -q --download-only --no-install-recommends ${OPTIONAL_PACKAGES.join(' ')} && mkdir -p "$1${OFFLINE_REPO}" && mv "$1"/var/cache/apt/archives/*.deb "$1${OFFLINE_REPO}/"`,
  `chroot "$1" sh -c 'cd ${OFFLINE_REPO} && apt-ftparchive packages . >Packages' && printf 'deb [trusted=yes] file:${OFFLINE_REPO} ./\\n' >"$1/etc/apt/sources.list" && rm -f "$1"/etc/apt/sources.list.d/*.list "$1"/etc/apt/sources.list.d/*.sources && rm -rf "$1"/var/lib/apt/lists/* && chroot "$1" apt-get update -q`,
  // every optional package is there and none is installed
  `for p in ${OPTIONAL_PACKAGES.join(' ')}; do chroot "$1" apt-cache policy "$p" | grep -q 'Candidate: [0-9]' && ! chroot "$1" dpkg-query -W -f='\${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || { echo "rootfs: $p is not offered by ${OFFLINE_REPO}, or is installed" >&2; exit 1; }; done`,
  'rm -f "$1/usr/sbin/policy-rc.d"',
  `mkdir -p "$1/etc/systemd/journald.conf.d" && printf '[Journal]\\nForwardToSyslog=yes\\n' >"$1/etc/systemd/journald.conf.d/lwz.conf"`,
  `printf '*.* /var/log/lwz-syslog.log\\n' >"$1/etc/rsyslog.d/00-lwz.conf"`,
  // rsyslog's kernel-log input cannot read /proc/kmsg in a container
  `sed -i 's/^module(load="imklog")/#&/' "$1/etc/rsyslog.conf"`,
];

/** The archive apt on this machine uses (first URIs of each kind), or deb.debian.org. */
export function mirrors(): { debian: string; security: string } {
  const found = { debian: 'http://deb.debian.org/debian', security: 'http://deb.debian.org/debian-security' };
  const f = '/etc/apt/sources.list.d/debian.sources';
  if (!existsSync(f)) return found;
  const uris = [...readFileSync(f, 'utf8').matchAll(/^URIs:\s*(\S+)/gm)].map((m) => m[1] ?? '');
  const security = uris.find((u) => u.includes('security'));
  const debian = uris.find((u) => !u.includes('security'));
  return { debian: debian ?? found.debian, security: security ?? found.security };
}

function recipe(release: Release): { hash: string; args: string[] } {
  const { suite } = RELEASES[release];
  const m = mirrors();
  const sources = [
    `deb ${m.debian} ${suite} main`,
    `deb ${m.debian} ${suite}-updates main`,
    `deb ${m.security} ${suite}-security main`,
  ];
  const hash = createHash('sha256')
    .update(JSON.stringify({ suite, MAIL_PACKAGES, HOST_PACKAGES, OPTIONAL_PACKAGES, OFFLINE_REPO, HOOKS, v: 2 }))
    .digest('hex')
    .slice(0, 12);
  const args = [
    '--variant=debootstrap',
    '--components=main',
    '--skip=cleanup/apt/lists',
    `--include=${HOST_PACKAGES.join(',')}`,
    ...HOOKS.map((h) => `--customize-hook=${h}`),
    suite,
  ];
  return { hash, args: [...args, '__TARGET__', ...sources] };
}

export interface RootfsReport {
  path: string;
  built: boolean;
  seconds: number;
  /** of which: installing the mail packages (only when built) */
  installSeconds?: number;
}

/** The cached root filesystem for a release; built (about a minute) when missing or outdated. */
export async function ensureRootfs(release: Release): Promise<RootfsReport> {
  const t0 = Date.now();
  const { hash, args } = recipe(release);
  const path = join(CACHE_DIR, `${release}-${hash}`);
  if (existsSync(join(path, '.lwz-complete'))) return { path, built: false, seconds: (Date.now() - t0) / 1000 };
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${path}.building-${process.pid}`;
  const drop = onCleanup(`partial root filesystem ${tmp}`, () => rmSync(tmp, { recursive: true, force: true }));
  console.log(`rootfs: building ${RELEASES[release].label} into ${path} (mmdebstrap)`);
  await run(
    'mmdebstrap',
    args.map((a) => (a === '__TARGET__' ? tmp : a)),
    { timeoutMs: 1_200_000 },
  );
  const mark = (k: string): number => Number(readFileSync(join(tmp, `.lwz-install-${k}`), 'utf8'));
  const installSeconds = mark('end') - mark('start');
  writeFileSync(join(tmp, '.lwz-complete'), `${new Date().toISOString()}\n`);
  renameSync(tmp, path);
  drop();
  // Other recipes of this release go once they are a day old and no other run
  // is live: a checkout of another branch (another recipe) may still use one,
  // and two branches would otherwise rebuild each other's on every run.
  const dayAgo = Date.now() - 86_400_000;
  if (otherLiveRun() === undefined)
    for (const d of readdirSync(CACHE_DIR)) {
      if (!d.startsWith(`${release}-`) || d === `${release}-${hash}` || d.includes('.building-')) continue;
      if (statSync(join(CACHE_DIR, d)).mtimeMs < dayAgo) rmSync(join(CACHE_DIR, d), { recursive: true, force: true });
    }
  const seconds = (Date.now() - t0) / 1000;
  console.log(
    `rootfs: ${release} built in ${seconds.toFixed(1)} s (mail packages installed in ${installSeconds.toFixed(1)} s)`,
  );
  return { path, built: true, seconds, installSeconds };
}
