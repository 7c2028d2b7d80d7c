// Servers that already do things (issue 10). Each scenario writes an existing
// configuration after boot, then applies a bundle. It passes when apply.sh
// either refuses before any change (a non-zero exit naming the conflict, and
// every path it could touch byte-identical), or succeeds and both the old
// function and the new delivery work, and rollback.sh restores every byte.
import { existsSync } from 'node:fs';
import { script, type HostId } from '../lib/bundle.ts';
import type { Container } from '../lib/containers/container.ts';
import type { Net } from '../lib/network.ts';
import { assert } from '../lib/runner.ts';
import type { Case, Ctx, Scenario } from '../lib/scenario.ts';
import { diffSnapshots, snapshot } from '../lib/snapshot.ts';
import { parseInspect } from '../../../packages/generator/src/index.ts';
import { brownfieldCyrdeliver } from './brownfield-cyrdeliver.ts';
import { brownfieldCyrus } from './brownfield-cyrus.ts';
import { postfixBrownfield } from './brownfield-postfix.ts';
import { contentFilterBrownfield } from './brownfield-content-filter.ts';

const hostOf = (c: Ctx, host: HostId): Container => (host === 'postfix-host' ? c.h.postfix : c.h.cyrus);

/** The dry run lists the conflict; the real run refuses with exit 3 and changes no byte. */
export const refusesBeforeAnyChange = (host: HostId, says: RegExp): Case => ({
  name: `${host}/apply.sh --dry-run lists the conflict, and apply.sh refuses before any change (exit 3, no byte changed, no backup)`,
  fn: async (c) => {
    const on = hostOf(c, host);
    const dry = await script(c.bundle, host, on, 'apply.sh', ['--dry-run']);
    assert(
      dry.code === 0 && /CONFLICTS \(\d+\)/.test(dry.out) && says.test(dry.out),
      `the dry run did not list the conflict ${says}:\n${dry.out}`,
    );
    const before = c.before[host];
    assert(before, `no snapshot of ${host}`);
    const r = await script(c.bundle, host, on, 'apply.sh');
    assert(
      r.code === 3 && says.test(r.out) && /nothing was changed/.test(r.out),
      `expected exit 3 naming ${says}, got ${r.code}:\n${r.out}`,
    );
    const diff = diffSnapshots(before, await snapshot(on));
    assert(diff.length === 0, `apply.sh refused but changed:\n${diff.join('\n')}`);
    assert(!existsSync(on.path('/var/backups/lmtp-wizard')), 'apply.sh refused but made a backup folder');
  },
});

/**
 * The plan of a run that goes ahead: `apply.sh --dry-run`, taken before the
 * first apply (scenario.ts), names every merge with its old and new value, and
 * lists no conflict.
 */
export const dryRunLists = (host: HostId, ...says: RegExp[]): Case => ({
  name: `${host}/apply.sh --dry-run, before the first apply, listed no conflict and showed ${says.map(String).join(', ')}`,
  fn: async (c) => {
    const dry = c.dryRun[host];
    assert(
      dry !== undefined,
      `no dry run of ${host} was taken (only scenarios with an existing configuration take one)`,
    );
    assert(!/CONFLICTS/.test(dry), `the dry run listed conflicts:\n${dry}`);
    for (const re of says) assert(re.test(dry), `the dry run did not show ${re}:\n${dry}`);
  },
});

/**
 * inspect.sh on a host with only Postfix and one with only Cyrus (issue 12):
 * the other package removed with dpkg (the container is thrown away), it
 * still exits 0, says which is absent, prints no section of the absent one,
 * and the wizard reads both outputs at once.
 */
const inspectWithOnePackage: Case = {
  name: 'inspect.sh on a host with only Postfix (cyrus-imapd removed) and one with only Cyrus (postfix removed): exit 0, no secret printed (imapd.conf ldap_password, a commented proxy_password, an inline SASL map), and the wizard reads both',
  fn: async (c) => {
    await c.h.postfix.exec('dpkg', ['--remove', '--force-depends', 'cyrus-imapd']);
    await c.h.cyrus.exec('dpkg', ['--remove', '--force-depends', 'postfix']);
    // secrets in the places inspect.sh reads: none may be printed
    const SECRETS = ['Ldap-Pw-4711', 'Old-Proxy-Pw-42', 'Inline-Pw-99'];
    await c.h.cyrus.exec('sh', [
      '-c',
      `printf 'ldap_password: ${SECRETS[0]}\n#proxy_password: ${SECRETS[1]}\n' >>/etc/imapd.conf`,
    ]);
    await c.h.postfix.exec('postconf', [
      '-e',
      `lmtp_sasl_password_maps = inline:{ store.test = postman:${SECRETS[2]} }`,
    ]);
    const pf = await script(c.bundle, 'postfix-host', c.h.postfix, 'inspect.sh');
    const cy = await script(c.bundle, 'cyrus-host', c.h.cyrus, 'inspect.sh');
    assert(pf.code === 0 && cy.code === 0, `inspect.sh exited ${pf.code} and ${cy.code}:\n${pf.out}\n${cy.out}`);
    assert(
      /^@package cyrus-imapd absent$/m.test(pf.stdout) && !/^@section (imapd\.conf|cyrus\.conf)/m.test(pf.stdout),
      `mx.test still reports Cyrus:\n${pf.stdout.slice(0, 400)}`,
    );
    assert(
      /^@package postfix absent$/m.test(cy.stdout) && !/^@section postconf/m.test(cy.stdout),
      `store.test still reports Postfix:\n${cy.stdout.slice(0, 400)}`,
    );
    for (const x of SECRETS)
      assert(!pf.stdout.includes(x) && !cy.stdout.includes(x), `inspect.sh printed the secret ${x}`);
    assert(
      /^\|ldap_password: <hidden by inspect\.sh>$/m.test(cy.stdout) &&
        /^\|lmtp_sasl_password_maps = <hidden by inspect\.sh>$/m.test(pf.stdout),
      'the secret keys are not listed with the marker',
    );
    const r = parseInspect(`${cy.stdout}\n${pf.stdout}`);
    assert(r.ok, `parseInspect refused it: ${r.ok ? '' : r.error}`);
    const [store, mx] = r.hosts;
    assert(
      store?.cyrus.installed && !store.postfix.installed && mx?.postfix.installed && !mx.cyrus.installed,
      'the packages were not read as installed and absent',
    );
    assert(
      mx.main.myhostname === 'mx.test' && store.cyrusServices.some((x) => x.name === 'imap'),
      'main.cf or cyrus.conf was not read',
    );
  },
};

export const brownfield = (n: Net): { s: Scenario; cases: Case[] }[] => [
  {
    s: {
      name: 'brownfield-services-lmtp-24',
      kind: 'remote',
      answers: {
        topology: 'remote',
        mailHost: 'mx.test',
        tcp: { storeHost: 'store.test' },
        sasl: { password: 'S3cret-lmtp' },
      },
      // the store already names lmtp as port 24 in /etc/services
      existing: async (h) => {
        await h.cyrus.exec('sh', ['-c', 'printf "lmtp\\t\\t24/tcp\\n" >>/etc/services']);
      },
      applyAtSetup: false,
      mailboxes: [],
      lmtp: { host: n.cyrus.addr, port: 2003 },
    },
    cases: [
      refusesBeforeAnyChange('cyrus-host', /\/etc\/services: lmtp is "24\/tcp", this bundle needs "2003\/tcp"/),
      inspectWithOnePackage,
    ],
  },
  // the Cyrus side (imapd.conf, cyrus.conf, tcp wrappers): brownfield-cyrus.ts
  ...brownfieldCyrus(n),
  // The Postfix side (main.cf policies, SASL scope, transport map): cases/brownfield-postfix.ts
  ...postfixBrownfield(n),
  // the cyrdeliver pipe the guide migrates from, with mail waiting in the queue
  ...brownfieldCyrdeliver(n),
  // an amavis-style content filter re-injected on 127.0.0.1:10025 (issue 24)
  ...contentFilterBrownfield(n),
];
