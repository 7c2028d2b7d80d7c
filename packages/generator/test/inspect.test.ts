// "Start from my current configuration" (issue 12): parseInspect on real
// captured outputs (fixtures/, from the real-mail suite's Debian 13 and 12
// containers), its refusals of everything else, the plan and the prefills,
// and inspect.sh's own filters (escaping, secrets) run on sample text.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  comparePlans,
  generate,
  inspectScript,
  parseInspect,
  parsePlanLines,
  planFromInspect,
  planSummary,
  plannedFiles,
  prefillFrom,
  SECRET_MARKER,
  type InspectedHost,
} from '../src/index.ts';
import { createContext } from '../src/context.ts';
import { hostModules } from '../src/generate.ts';
import { bundleHosts } from '../src/topologies/index.ts';
import { POSTCONF_KEYS } from '../src/inspect/script.ts';
import { posixCksum } from '../src/inspect/parse.ts';
import { APPLY_LIB } from '../src/scripts/shell-lib.ts';
import { NEIGHBOURS_APPLY_LIB } from '../src/scripts/shell-lib-neighbours.ts';
import { answers, block, fixture, hostsOf, reseal } from './inspect-helpers.ts';

const REMOTE = { 13: fixture('inspect-debian-13-remote.txt'), 12: fixture('inspect-debian-12-remote.txt') };

describe('parseInspect on captured outputs', () => {
  it.each([13, 12] as const)('Debian %i, a store and a Postfix host pasted at once', (n) => {
    const r = parseInspect(REMOTE[n]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.notes).toEqual([]);
    expect(r.hosts.map((h) => [h.hostname, h.release])).toEqual([
      ['store.test', `debian-${n}`],
      ['mx.test', `debian-${n}`],
    ]);
    const [store, mx] = r.hosts as [InspectedHost, InspectedHost];
    expect(store.postfix.installed && store.cyrus.installed).toBe(true);
    expect(mx.postfix.version).toBe(n === 13 ? '3.10.13' : '3.7.11');
    expect(store.cyrus.version).toBe(n === 13 ? '3.10.2' : '3.6.1');
    expect(store.imapd.sasl_pwcheck_method).toBe('saslauthd');
    expect(mx.main.myhostname).toBe('mx.test');
    expect(mx.postconf.expanded.mydestination).toBe('mx.test, localhost');
    expect(mx.master.find((m) => m.service === 'smtp' && m.type === 'inet')?.command).toBe('smtpd');
    expect(mx.master.find((m) => m.service === 'postlog')?.type).toBe('unix-dgram');
    expect(store.cyrusServices.find((s) => s.name === 'imap')?.options.cmd).toBe('imapd -U 30');
    expect(store.cyrusServices.find((s) => s.name === 'lmtpunix')?.options.listen).toBe('/run/cyrus/socket/lmtp');
    expect(store.socketDirs['/run/cyrus/socket']).toEqual({ owner: 'cyrus', group: 'mail', mode: '750' });
    expect(mx.postfixGroups).toEqual(['postfix']);
    expect(store.hostsAllow).not.toBeNull();
    expect(Object.keys(mx.files)).toEqual(
      expect.arrayContaining([
        '/etc/postfix/main.cf',
        '/etc/postfix/master.cf',
        '/etc/imapd.conf',
        '/etc/cyrus.conf',
        '/etc/hosts.allow',
      ]),
    );
    expect(mx.files['/etc/postfix/main.cf']).toContain('myhostname = mx.test\n');
    // a line of imapd.conf with a trailing space comes back with it (printed as \x20)
    expect(store.files['/etc/imapd.conf']).toMatch(/This is set by \n/);
  });

  it('says which file inspect.sh could not read (run without root), and reads the rest', () => {
    const r = parseInspect(
      block(['@unreadable sasl-map-keys /etc/postfix/sasl_passwd', '@section postconf-n', '|myhostname = mx.test']),
    );
    expect(r.ok && r.notes).toEqual(['mx: inspect.sh could not read /etc/postfix/sasl_passwd (run it as root)']);
    expect(r.ok && r.hosts[0]!.saslMapKeys).toEqual({});
    expect(r.ok && r.hosts[0]!.main).toEqual({ myhostname: 'mx.test' });
  });

  it('reads the same host pasted twice once, and says so', () => {
    const one = fixture('inspect-debian-13-single.txt');
    const r = parseInspect(`${one}\n${one}`);
    expect(r.ok && r.hosts.length).toBe(1);
    expect(r.ok && r.notes).toEqual(["the same host's output was pasted 2 times; it is read once"]);
  });

  it('reads a prompt or blank lines around the output as nothing, and says so', () => {
    const r = parseInspect(`root@store:~# sh inspect.sh\n${REMOTE[13].replace(/\n/g, '\r\n')}\nroot@store:~# \n`);
    expect(r.ok && r.hosts.length).toBe(2);
    expect(r.ok && r.notes.join()).toMatch(/2 line\(s\) around the inspect.sh output were ignored/);
  });
});

describe('parseInspect refuses what is not a whole, unchanged inspect.sh output (and fills nothing)', () => {
  const text = REMOTE[13];
  const lines = text.split('\n');
  const refuse = (t: string, msg: RegExp) => {
    const r = parseInspect(t);
    expect(r.ok, `accepted: ${t.slice(0, 80)}`).toBe(false);
    expect(r).not.toHaveProperty('hosts');
    if (!r.ok) expect(r.error).toMatch(msg);
    return r;
  };
  it('a cut copy: no end line, a missing first line, lines lost', () => {
    refuse(lines.slice(0, 300).join('\n'), /has no end line: it was cut/);
    refuse(lines.slice(1).join('\n'), /first line is missing|has no end line/);
    refuse([...lines.slice(0, 20), ...lines.slice(25)].join('\n'), /lines were lost or added/);
    refuse(
      lines
        .slice(0, lines.findIndex((l) => l.includes(' end lines ')) + 1)
        .join('\n')
        .replace(/\n[^\n]*$/, ''),
      /has no end line/,
    );
  });
  it('an edited value: the cksum no longer matches', () => {
    const r = refuse(
      text.replace('sasl_pwcheck_method: saslauthd', 'sasl_pwcheck_method: saslauthX'),
      /was changed after inspect.sh printed it/,
    );
    expect(r.ok === false && r.line).toBe(1);
    refuse(text.replace('|myhostname = mx.test', '|myhostname = mx.evil'), /was changed/);
  });
  it('an edited marker line', () => {
    refuse(
      text.replace('=== lmtp-wizard inspect.sh begin format 1 ===', '=== lmtp-wizard inspect.sh begin  format 1 ==='),
      /looks like a line of inspect.sh but is not one/,
    );
  });
  it('a different format version', () => {
    refuse(text.replace(/begin format 1/g, 'begin format 2'), /format 2, and this wizard reads format 1/);
  });
  it('another release (re-sealed, so only the release is wrong)', () => {
    refuse(
      reseal(text.replace(/@debian_version 13\.\d+/g, '@debian_version 11.11')),
      /ran on Debian 11\.11; the wizard makes bundles for Debian 12 \(bookworm\) and 13/,
    );
    refuse(reseal(text.replace(/@debian_version 13\.\d+/g, '@debian_version trixie/sid')), /ran on Debian trixie\/sid/);
  });
  it('the output of another tool, or nothing', () => {
    refuse('', /this is not the output of inspect.sh/);
    refuse('myhostname = mx.test\nmydestination = $myhostname, localhost\n', /this is not the output of inspect.sh/);
    refuse(JSON.stringify({ topology: 'single-host', mailHost: 'mx.test' }), /not the output of inspect.sh/);
    refuse(
      generate(answers({ topology: 'single-host', mailHost: 'mx.test' })).hosts[0]!.files.find(
        (f) => f.path === 'inspect.sh',
      )!.content,
      /looks like a line of inspect.sh|not the output/,
    );
  });
  // How much CPU these parses take is printed by the generator's bench
  // (pnpm bench:inspect), not judged here.
  it('10 MB of junk, at once', () => {
    refuse('x'.repeat(10_000_000), /10\.0 million characters long/);
  });
  it('re-sealed lines the grammar does not know (another tool imitating it)', () => {
    const at = lines.indexOf('@section postconf-n') + 1;
    refuse(
      reseal([...lines.slice(0, at), '|this is not a postconf line', ...lines.slice(at)].join('\n')),
      /is not a "name = value" line of postconf/,
    );
    refuse(
      reseal([...lines.slice(0, at), 'myhostname = evil.test', ...lines.slice(at)].join('\n')),
      /is not a line inspect.sh prints/,
    );
    refuse(
      reseal([...lines.slice(0, at), '@section nonsense', ...lines.slice(at)].join('\n')),
      /not a section inspect.sh prints/,
    );
    refuse(
      reseal([...lines.slice(0, at), '|a \\q escape', ...lines.slice(at)].join('\n')),
      /not an escape inspect.sh prints/,
    );
    refuse(block(['@section postconf-n', '|a = b', '@section postconf-n', '|c = d']), /appears twice/);
    refuse(block(['|orphan']), /outside any section/);
    refuse(
      block([], ['@hostname mx', '@package postfix absent', '@package cyrus-imapd absent']),
      /has no @debian_version line/,
    );
  });
});

describe('cksum', () => {
  it('is POSIX cksum', () => {
    const sample = 'one\ntwo\n|x = y\n';
    const r = spawnSync('cksum', { input: sample, encoding: 'utf8' });
    expect(String(posixCksum(sample))).toBe(r.stdout.split(' ')[0]);
    expect(String(posixCksum(''))).toBe(spawnSync('cksum', { input: '', encoding: 'utf8' }).stdout.split(' ')[0]);
  });
});

describe("inspect.sh's own filters, run under sh on sample text (never the whole script on this machine)", () => {
  const fn = (name: string) => {
    const m = new RegExp(`^${name}\\(\\) \\{[\\s\\S]*?^\\}`, 'm').exec(inspectScript());
    if (!m) throw new Error(`no ${name}() in inspect.sh`);
    return m[0];
  };
  const preamble = inspectScript()
    .split('\n')
    .filter((l) => /^(SECRET|MARK)=/.test(l))
    .join('\n');
  const run = (cmd: string, input: string) =>
    spawnSync('sh', ['-c', [preamble, fn('esc'), fn('mask'), cmd].join('\n')], {
      input,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, LC_ALL: 'C' },
    }).stdout;

  it('escapes tabs, backslashes, control and non-ASCII bytes and a trailing space, and the parser undoes it', () => {
    const sample = 'a\tb\\c é\x01 \ntrailing  \n\nplain\n';
    const out = run('esc', sample);
    expect(out).toBe('|a\\tb\\\\c \\xc3\\xa9\\x01\\x20\n|trailing \\x20\n|\n|plain\n');
    const body = `@debian_version 12.1\n@hostname h\n@package postfix absent\n@package cyrus-imapd absent\n@section hosts.allow /etc/hosts.allow\n${out}`;
    const t = `=== lmtp-wizard inspect.sh begin format 1 ===\n${body}=== lmtp-wizard inspect.sh end lines ${body.split('\n').length - 1} cksum ${posixCksum(body)} ===\n`;
    expect(hostsOf(t)[0]!.hostsAllow).toEqual(['a\tb\\c é\x01 ', 'trailing  ', '', 'plain']);
  });
  it('hides the values of secret keys in imapd.conf, commented ones too, and keeps the others', () => {
    const out = run(
      'mask colon',
      'ldap_password: s3cret\n#proxy_password: old\n  sql_passwd:x\nldap_bind_pw: pw\nsasl_pwcheck_method: saslauthd auxprop\nlmtp_admins: postman\nlmtp_tls_server_key: /etc/k.key\n',
    );
    expect(out).toBe(
      `ldap_password: ${SECRET_MARKER}\n#proxy_password: ${SECRET_MARKER}\n  sql_passwd: ${SECRET_MARKER}\nldap_bind_pw: ${SECRET_MARKER}\nsasl_pwcheck_method: saslauthd auxprop\nlmtp_admins: postman\nlmtp_tls_server_key: /etc/k.key\n`,
    );
  });
  it('keeps a *_password_maps value that names map files, and hides an inline one (main.cf, -P, master.cf words)', () => {
    expect(
      run(
        'mask eq',
        'smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd, proxy:mysql:/etc/postfix/m.cf\nlmtp_sasl_password_maps = inline:{ [relay]:587 = u:p }\ncyrus/unix/lmtp_sasl_password_maps = texthash:/x $y\nrelayhost = [relay]:587\n',
      ),
    ).toBe(
      `smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd, proxy:mysql:/etc/postfix/m.cf\nlmtp_sasl_password_maps = ${SECRET_MARKER}\ncyrus/unix/lmtp_sasl_password_maps = texthash:/x $y\nrelayhost = [relay]:587\n`,
    );
    expect(
      run(
        'mask words',
        'relay unix - - n - - smtp -o smtp_sasl_password_maps=static:u:p -o x=y\n  lmtp cmd="lmtpd" listen="lmtp"\n',
      ),
    ).toBe(
      `relay unix - - n - - smtp -o smtp_sasl_password_maps=${SECRET_MARKER} -o x=y\n  lmtp cmd="lmtpd" listen="lmtp"\n`,
    );
  });
});

describe('planFromInspect', () => {
  it.each([13, 12] as const)(
    'Debian %i: the saslauthd store gains auxprop (merge), the rest is added; no conflict',
    (n) => {
      const a = answers({
        topology: 'remote',
        target: `debian-${n}`,
        mailHost: 'mx.test',
        tcp: { storeHost: 'store.test' },
        sasl: { password: 'S3cret-lmtp' },
      });
      const plan = planFromInspect(a, hostsOf(REMOTE[n]));
      expect(plan.map((p) => p.host)).toEqual(['cyrus-host', 'postfix-host']);
      const store = plan[0]!.entries;
      expect(store.find((e) => e.key === 'sasl_pwcheck_method')).toMatchObject({
        file: '/etc/imapd.conf',
        action: 'merge',
        old: 'saslauthd',
        new: 'saslauthd auxprop',
        field: 'sasl.username',
      });
      expect(store.find((e) => e.key === 'lmtp_downcase_rcpt')).toMatchObject({
        action: 'unchanged',
        old: 'yes',
        new: 'yes',
      });
      // master_pid_file only where this Cyrus knows it (cyr_info, as apply.sh's set_imapd_if_known)
      expect(store.some((e) => e.key === 'master_pid_file')).toBe(n === 13);
      expect(store.find((e) => e.file === '/etc/services')).toMatchObject({
        key: 'lmtp',
        action: 'add',
        old: null,
        new: '2003/tcp',
      });
      expect(planSummary(plan).conflict).toBe(0);
      const s = planSummary(plan);
      expect(s.added + s.merged + s.unchanged).toBe(plan.flatMap((p) => p.entries).length);
    },
  );

  it('a conflict names its field and the ways out, "apply.sh --replace KEY" where apply.sh can replace the entry', () => {
    const text = block([
      '@section postconf-n',
      '|virtual_transport = lmtp:unix:private/dovecot-lmtp',
      '|virtual_mailbox_maps = hash:/etc/postfix/vmailbox',
      '|virtual_mailbox_domains = example.net',
    ]);
    const a = answers({ topology: 'single-host', mailHost: 'mx.test', delivery: { virtualDomains: ['example.org'] } });
    const e = planFromInspect(a, hostsOf(text))[0]!.entries;
    expect(e.find((x) => x.key === 'virtual_transport')).toMatchObject({
      action: 'conflict',
      old: 'lmtp:unix:private/dovecot-lmtp',
      new: 'cyrus:unix:/run/cyrus/socket/lmtp',
      field: 'delivery.virtualDomains',
    });
    expect(e.find((x) => x.key === 'virtual_transport')?.resolve?.at(-1)).toBe('apply.sh --replace virtual_transport');
    const maps = e.find((x) => x.key === 'virtual_mailbox_maps');
    expect(maps).toMatchObject({ action: 'conflict', old: 'hash:/etc/postfix/vmailbox', new: '' });
    expect(maps?.resolve?.join()).not.toMatch(/--replace/);
    expect(e.find((x) => x.key === 'virtual_mailbox_domains')).toMatchObject({
      action: 'merge',
      old: 'example.net',
      new: 'example.net, example.org',
    });
  });

  it("an earlier bundle's route through our own transport is ours to replace (merge, not conflict)", () => {
    const text = block(['@section postconf-n', '|mailbox_transport = cyrus:unix:/var/run/cyrus/socket/lmtp']);
    const e = planFromInspect(answers({ topology: 'single-host', mailHost: 'mx.test' }), hostsOf(text))[0]!.entries;
    expect(e.find((x) => x.key === 'mailbox_transport')).toMatchObject({
      action: 'merge',
      old: 'cyrus:unix:/var/run/cyrus/socket/lmtp',
    });
  });

  it('covers with POSTCONF_KEYS every main.cf list it merges into (their defaults and expansions come from inspect.sh)', () => {
    const many = [
      {
        topology: 'single-host',
        mailHost: 'mx.test',
        delivery: { virtualDomains: ['a.test'], transportMapDomains: ['b.test'] },
      },
      {
        topology: 'remote',
        mailHost: 'mx.test',
        tcp: { storeHost: 's.test' },
        sasl: { password: 'S3cret-lmtp' },
        delivery: { virtualDomains: ['a.test'], transportMapDomains: ['b.test'], defaultTransport: true },
      },
    ];
    for (const raw of many) {
      const a = answers(raw);
      for (const h of bundleHosts(a)) {
        for (const m of hostModules(createContext(h.view(a)), h.role)) {
          if (m.body.kind !== 'postconf') continue;
          for (const s of m.body.settings)
            if (s.policy !== 'owned' && s.policy !== 'exclusive') expect(POSTCONF_KEYS).toContain(s.key);
        }
      }
    }
  });
});

describe("apply.sh's plan lines", () => {
  it('quote every value as one shell word, and parsePlanLines reads them back exactly', () => {
    const vals = ["it's", 'a "b" $c `d` \\e', '', 'tab\there'];
    const script = [
      'set -eu',
      `PLAN=$(mktemp)`,
      NEIGHBOURS_APPLY_LIB.match(/^shell_word\(\) .*$/m)![0],
      APPLY_LIB.match(/^plan_entry\(\) \{[\s\S]*?^\}/m)![0],
      APPLY_LIB.match(/^print_plan\(\) \{[\s\S]*?^\}/m)![0],
      ...vals.map((v, i) => `plan_entry merge /etc/x 'k${i}' '${v.replace(/'/g, "'\\''")}' 'old${i}'`),
      `plan_entry add /etc/x 'k9' new`,
      `plan_entry conflict /etc/x 'k9' want cur`,
      'print_plan',
      'rm -f "$PLAN"',
    ].join('\n');
    const out = spawnSync('sh', ['-c', script], { encoding: 'utf8' }).stdout;
    expect(parsePlanLines(out)).toEqual([
      ...vals.map((v, i) => ({ file: '/etc/x', key: `k${i}`, action: 'merge', old: `old${i}`, new: v })),
      { file: '/etc/x', key: 'k9', action: 'conflict', old: 'cur', new: 'want' },
    ]);
  });

  it('comparePlans lists each entry that differs', () => {
    const e = { file: '/f', key: 'k', action: 'add' as const, old: null, new: 'v' };
    expect(comparePlans([e], [e])).toEqual([]);
    expect(comparePlans([e], [{ ...e, new: 'w' }])).toEqual([
      '/f k: wizard add old=null new="v"; apply.sh add old=null new="w"',
    ]);
    expect(comparePlans([e], [])).toHaveLength(1);
  });
});

describe('prefillFrom', () => {
  it.each([13, 12] as const)('Debian %i remote: topology, release, mail host; nothing the servers do not say', (n) => {
    const p = prefillFrom(hostsOf(REMOTE[n]));
    const at = (path: string) => p.find((x) => x.path.join('.') === path)?.value;
    expect(at('topology')).toBe('remote');
    expect(at('target')).toBe(`debian-${n}`);
    expect(at('mailHost')).toBe('mx.test');
    expect(at('delivery.transportName')).toBeUndefined();
    for (const x of p) expect(x.note).toMatch(/^from your server: /);
  });
  it('an existing Cyrus transport: its name, domains, route, socket', () => {
    const text = block([
      '@section postconf-n',
      '|myhostname = mail.example.org',
      '|virtual_transport = cyrusstore:unix:/run/cyrus/lmtp/lmtp',
      '|virtual_mailbox_domains = example.org, example.net',
      '@section postconf-M',
      '|cyrusstore unix - - n - 20 lmtp',
      '@section transport-map /etc/postfix/transport',
      '|lists.example.org cyrusstore:unix:/run/cyrus/lmtp/lmtp',
      '|other.test smtp:[relay]',
    ]);
    const p = Object.fromEntries(prefillFrom(hostsOf(text)).map((x) => [x.path.join('.'), x.value]));
    expect(p).toMatchObject({
      topology: 'single-host',
      target: 'debian-13',
      mailHost: 'mail.example.org',
      'delivery.transportName': 'cyrusstore',
      'delivery.virtualDomains': ['example.org', 'example.net'],
      'delivery.transportMapDomains': ['lists.example.org'],
      'limits.concurrency': 20,
      'unixSocket.path': '/run/cyrus/lmtp/lmtp',
    });
  });
  it('drops a value the schema refuses', () => {
    const text = block(['@section postconf-n', '|myhostname = not_a.valid_host!']);
    expect(prefillFrom(hostsOf(text)).some((x) => x.path[0] === 'mailHost')).toBe(false);
  });
});

describe('captured outputs and the dry runs of the same hosts (fixtures/*.dry-run-plan.txt, from the real-mail suite)', () => {
  const SINGLE = { topology: 'single-host', mailHost: 'mx.test', delivery: { transportMapDomains: ['example.org'] } };
  const REMOTE_ANSWERS = {
    topology: 'remote',
    mailHost: 'mx.test',
    tcp: { storeHost: 'store.test' },
    sasl: { password: 'S3cret-lmtp' },
  };
  it.each([
    ['inspect-debian-13-single', 'debian-13', SINGLE],
    ['inspect-debian-12-single', 'debian-12', SINGLE],
    ['inspect-debian-13-single-conflict', 'debian-13', SINGLE],
    ['inspect-debian-13-remote', 'debian-13', REMOTE_ANSWERS],
    ['inspect-debian-12-remote', 'debian-12', REMOTE_ANSWERS],
    // real-mail remote-two-mx (issue 15): the store, mx.test and mx2.test, each folder's dry run
    [
      'inspect-debian-13-remote-two-mx',
      'debian-13',
      {
        ...REMOTE_ANSWERS,
        tcp: { storeHost: 'store.test', allowFrom: ['10.200.30.2', '10.200.30.3'] },
        limits: { concurrency: 50 },
        extraMx: [{ host: 'mx2.test', username: 'postman2', password: 'S3cret-mx2', concurrency: 50 }],
      },
    ],
  ] as const)("%s: the wizard's plan equals apply.sh --dry-run's, entry by entry", (name, target, raw) => {
    const plan = planFromInspect(answers({ ...raw, target }), hostsOf(fixture(`${name}.txt`)));
    const dry = fixture(`${name}.dry-run-plan.txt`).split(/^# /m).filter(Boolean);
    expect(plan.map((p) => p.host)).toEqual(dry.map((d) => d.split('\n')[0]));
    for (const [i, p] of plan.entries()) expect(comparePlans(p.entries, parsePlanLines(dry[i] ?? ''))).toEqual([]);
  });
  it('the conflict fixture: the transport map routes our domain elsewhere', () => {
    const plan = planFromInspect(
      answers({ ...SINGLE, target: 'debian-13' }),
      hostsOf(fixture('inspect-debian-13-single-conflict.txt')),
    );
    expect(plan[0]!.entries.filter((e) => e.action === 'conflict')).toEqual([
      expect.objectContaining({
        file: '/etc/postfix/transport',
        key: 'example.org',
        field: 'delivery.transportMapDomains.0',
        resolve: [
          expect.stringMatching(/remove it from delivery.transportMapDomains/),
          'apply.sh --replace /etc/postfix/transport:example.org',
        ],
      }),
    ]);
    expect(planSummary(plan).conflict).toBe(1);
  });
});

describe('plannedFiles', () => {
  it('shows each file of the plan now and after apply.sh (single host, Debian 13 capture)', () => {
    const [h] = hostsOf(fixture('inspect-debian-13-single.txt'));
    const plan = planFromInspect(
      answers({ topology: 'single-host', mailHost: 'mx.test', delivery: { transportMapDomains: ['example.org'] } }),
      [h!],
    );
    const f = plannedFiles(h!, plan[0]!.entries);
    expect(Object.keys(f).sort()).toEqual([
      '/etc/cyrus.conf',
      '/etc/imapd.conf',
      '/etc/postfix/main.cf',
      '/etc/postfix/master.cf',
      '/etc/postfix/transport',
    ]);
    const main = f['/etc/postfix/main.cf']!;
    expect(main.before).not.toMatch(/^mailbox_transport/m);
    expect(main.after).toMatch(/^mailbox_transport = cyrus:unix:\/run\/cyrus\/socket\/lmtp$/m);
    expect(main.after).toMatch(/^local_recipient_maps =$/m);
    expect(main.after).toMatch(/^relay_domains = example\.net, example\.com, example\.org$/m);
    for (const l of main.before.split('\n').filter((x) => x && !x.startsWith('relay_domains')))
      expect(main.after).toContain(`${l}\n`);
    expect(f['/etc/postfix/master.cf']!.after).toMatch(/^cyrus unix - - n - 20 lmtp$/m);
    expect(f['/etc/postfix/transport']!.after.endsWith('example.org cyrus:unix:/run/cyrus/socket/lmtp\n')).toBe(true);
    const cyrus = f['/etc/cyrus.conf']!;
    expect(cyrus.before).toMatch(
      /^\s*lmtpunix\s+cmd="lmtpd" listen="\/run\/cyrus\/socket\/lmtp" prefork=0 maxchild=20$/m,
    );
    expect(cyrus.after).toMatch(/^\tlmtpunix cmd="lmtpd" listen="\/run\/cyrus\/socket\/lmtp" prefork=0 maxchild=100$/m);
    expect(cyrus.after.split('\n').length).toBe(cyrus.before.split('\n').length);
    expect(f['/etc/imapd.conf']!.after).toBe(`${f['/etc/imapd.conf']!.before}master_pid_file: /run/cyrus-master.pid\n`);
  });
  it('leaves a conflicting entry as it is', () => {
    const [h] = hostsOf(fixture('inspect-debian-13-single-conflict.txt'));
    const plan = planFromInspect(
      answers({ topology: 'single-host', mailHost: 'mx.test', delivery: { transportMapDomains: ['example.org'] } }),
      [h!],
    );
    const t = plannedFiles(h!, plan[0]!.entries)['/etc/postfix/transport']!;
    expect(t.after).toBe(t.before);
  });
});
