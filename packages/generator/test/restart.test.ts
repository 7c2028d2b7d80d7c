// Restarts and reloads: which files lead to which, that postfix check comes
// first, and that the shell functions catch a cyrmaster that did not restart
// or runs with an older configuration. The shell tests run the real library
// functions under sh; a copy of sleep named "cyrmaster" stands in for Cyrus,
// and every command that would touch a daemon is a stub.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAnswers } from '@lmtp-wizard/schema';
import { generate } from '../src/index.ts';
import { COMMON_LIB } from '../src/scripts/common-lib.ts';
import { APPLY_LIB } from '../src/scripts/shell-lib.ts';
import { RESTART_LIB } from '../src/scripts/shell-lib-restart.ts';
import { VERIFY_LIB } from '../src/scripts/verify-lib.ts';

function bundle(answers: object) {
  const r = parseAnswers(answers);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return generate(r.answers);
}
const single = bundle({ topology: 'single-host', mailHost: 'mx.test' });
const remote = bundle({ topology: 'remote', mailHost: 'mx.test', tcp: { storeHost: 'store.test' }, sasl: { password: 'secret-pw' } });
const file = (out: ReturnType<typeof generate>, host: string, path: string) =>
  out.hosts.find((h) => h.id === host)!.files.find((f) => f.path === path)!.content;
const lastStep = (out: ReturnType<typeof generate>, host: string) => out.hosts.find((h) => h.id === host)!.steps.at(-1)!;

describe('the restart step', () => {
  it('checks Postfix, then restarts Cyrus on its start-time files, restarts Postfix on master.cf or /etc/group, reloads it otherwise', () => {
    expect(lastStep(single, 'mail-host').commands).toEqual([
      'check_postfix',
      'restart_if_changed cyrus-imapd /etc/imapd.conf /etc/cyrus.conf /etc/services /etc/tmpfiles.d/cyrus-imapd.conf /usr/lib/tmpfiles.d/cyrus-imapd.conf',
      'restart_if_changed postfix /etc/postfix/master.cf /etc/group',
      'reload_postfix_if_changed /etc/postfix/',
    ]);
  });

  it('touches only the daemon each host of the remote topology runs', () => {
    expect(lastStep(remote, 'postfix-host').commands).toEqual([
      'check_postfix',
      'restart_if_changed postfix /etc/postfix/master.cf /etc/group',
      'reload_postfix_if_changed /etc/postfix/',
    ]);
    expect(lastStep(remote, 'cyrus-host').commands.join('\n')).not.toMatch(/postfix/);
  });

  it('runs postfix check before any restart in apply.sh, and not after', () => {
    const apply = file(single, 'mail-host', 'apply.sh');
    const body = apply.slice(apply.indexOf('\n# Step 1:'));
    expect(body.indexOf('\ncheck_postfix\n')).toBeGreaterThan(0);
    expect(body.indexOf('\ncheck_postfix\n')).toBeLessThan(body.indexOf('\nrestart_if_changed '));
    expect(body).not.toMatch(/postfix check/);
  });

  it('sets master_pid_file to the init script pid file, only where Cyrus knows the key, and verify.sh checks cyrmaster', () => {
    expect(file(single, 'mail-host', 'files/etc/imapd.conf.fragment')).toMatch(/^master_pid_file: \/run\/cyrus-master\.pid$/m);
    expect(file(single, 'mail-host', 'apply.sh')).toMatch(/^set_imapd_if_known master_pid_file \/run\/cyrus-master\.pid$/m);
    expect(file(remote, 'cyrus-host', 'verify.sh')).toMatch(/^check_imapd_if_known master_pid_file \/run\/cyrus-master\.pid$/m);
    expect(file(remote, 'cyrus-host', 'verify.sh')).toMatch(/^check_cyrmaster \/run\/cyrus-master\.pid$/m);
    expect(file(remote, 'postfix-host', 'verify.sh')).not.toMatch(/^check_cyrmaster /m);
  });
});

// ---- the shell functions themselves ----

let dir: string;
const kids: ChildProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lwz-restart-test-'));
  copyFileSync('/bin/sleep', join(dir, 'cyrmaster'));
  spawnSync('chmod', ['755', join(dir, 'cyrmaster')]);
});
afterEach(() => {
  for (const k of kids.splice(0)) k.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** A stand-in cyrmaster: comm is "cyrmaster", its parent is not. */
async function fakeCyrmaster(): Promise<number> {
  const k = spawn(join(dir, 'cyrmaster'), ['300'], { stdio: 'ignore' });
  kids.push(k);
  await new Promise((r) => setTimeout(r, 100));
  return k.pid!;
}

// Stubs after the libraries: nothing here reaches systemctl, an init script or Postfix.
const STUBS = String.raw`
systemd_runs() { false; }
run() { printf 'ran: %s\n' "$*"; }
postfix() { printf 'ran: postfix %s\n' "$*"; return "${"$"}{POSTFIX_RC:-0}"; }
postconf() { printf '%s\n' "$DIR/queue"; }
CYRUS_START_WAIT=1
`;

function sh(script: string, env: Record<string, string> = {}) {
  const r = spawnSync('sh', ['-c', [COMMON_LIB, APPLY_LIB, RESTART_LIB, VERIFY_LIB, STUBS, script].join('\n')], {
    encoding: 'utf8',
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C', DIR: dir, DRY_RUN: '0', RESTART: '1', CHANGED: '', BACKUP: `${dir}/backup`, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('changed', () => {
  it('matches a path exactly, or anything under a path that ends in /', () => {
    const CHANGED = ' /etc/postfix/main.cf /etc/imapd.conf';
    expect(sh('changed /etc/postfix/', { CHANGED }).code).toBe(0);
    expect(sh('changed /etc/postfix/master.cf /etc/group', { CHANGED }).code).toBe(1);
    expect(sh('changed /etc/imapd.conf', { CHANGED }).code).toBe(0);
    expect(sh('changed /etc/imapd', { CHANGED }).code).toBe(1);
    expect(sh('changed /etc/', { CHANGED: '' }).code).toBe(1);
  });
});

describe('Postfix restart or reload', () => {
  const steps = 'check_postfix; restart_if_changed postfix /etc/postfix/master.cf /etc/group; reload_postfix_if_changed /etc/postfix/';

  it('reloads, and does not restart, when only main.cf changed', () => {
    const r = sh(steps, { CHANGED: ' /etc/postfix/main.cf' });
    expect(r.code).toBe(0);
    expect(r.out).toContain('ran: postfix check');
    expect(r.out).toContain('ran: /etc/init.d/postfix reload');
    expect(r.out).not.toMatch(/restart/);
  });

  it('restarts once, and does not reload as well, when master.cf changed; the master pid must change', () => {
    const pidfile = `mkdir -p "$DIR/queue/pid"; echo 111 >"$DIR/queue/pid/master.pid"`;
    const ok = sh(`${pidfile}; run() { printf 'ran: %s\\n' "$*"; echo 222 >"$DIR/queue/pid/master.pid"; }; ${steps}`, {
      CHANGED: ' /etc/postfix/master.cf /etc/postfix/main.cf',
    });
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('ran: /etc/init.d/postfix restart');
    expect(ok.out).toContain('master pid 111 -> 222');
    expect(ok.out).not.toMatch(/reload/);
    const same = sh(`${pidfile}; ${steps}`, { CHANGED: ' /etc/group' });
    expect(same.code).toBe(1);
    expect(same.err).toMatch(/Postfix master still runs as pid 111 .*\/backup\/rollback\.sh/);
  });

  it('touches no daemon when postfix check fails, and names rollback.sh', () => {
    const r = sh(steps, { CHANGED: ' /etc/postfix/master.cf', POSTFIX_RC: '1' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/postfix check failed, so nothing was restarted or reloaded; .*\/backup\/rollback\.sh/);
    expect(r.out).not.toMatch(/init\.d/);
  });

  it('restarts nothing with --no-restart or when nothing changed', () => {
    expect(sh(steps, { CHANGED: ' /etc/postfix/master.cf', RESTART: '0' }).out).not.toMatch(/init\.d/);
    expect(sh(steps).out).not.toMatch(/init\.d/);
  });
});

describe('Cyrus restart', () => {
  it('fails, naming the pid and rollback.sh, when the same cyrmaster still runs afterwards', async () => {
    const pid = await fakeCyrmaster();
    const r = sh('systemd_runs() { true; }; restart_cyrus');
    expect(r.code).toBe(1);
    expect(r.out).toContain('ran: systemctl restart cyrus-imapd');
    expect(r.err).toMatch(new RegExp(`cyrmaster still runs as pid ${pid} after the restart.*/backup/rollback\\.sh`));
  });

  it('fails when no cyrmaster runs afterwards', () => {
    const r = sh('restart_cyrus');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no cyrmaster runs after restarting cyrus-imapd.*\/backup\/rollback\.sh/);
  });

  it('succeeds when a new cyrmaster replaced the old one', async () => {
    const old = await fakeCyrmaster();
    // The stubbed init script stops the old one and starts a new one.
    const r = sh(`run() { case "$*" in *stop) kill ${old} ;; *start) "$DIR/cyrmaster" 30 & ;; esac; }; restart_cyrus; kill $!`);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(new RegExp(`cyrmaster pid ${old} -> [0-9]+`));
  });
});

describe('verify.sh check_cyrmaster', () => {
  const conf = (age: number) => {
    for (const f of ['imapd.conf', 'cyrus.conf']) writeFileSync(join(dir, f), 'x\n');
    const t = Date.now() / 1000 + age;
    utimesSync(join(dir, 'imapd.conf'), t, t);
    utimesSync(join(dir, 'cyrus.conf'), Date.now() / 1000 - 3600, Date.now() / 1000 - 3600);
  };
  const check = (pidfileContent: string) =>
    sh(`printf '%s\\n' ${pidfileContent} >"$DIR/master.pid"; check_cyrmaster "$DIR/master.pid"; exit $FAILED`, {
      IMAPD_CONF: join(dir, 'imapd.conf'),
      CYRUS_CONF: join(dir, 'cyrus.conf'),
    });

  it('passes for a cyrmaster started after the last edit, named by the pid file', async () => {
    const pid = await fakeCyrmaster();
    conf(-3600);
    const r = check(String(pid));
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`ok    cyrmaster (pid ${pid}) started after the last change to ${dir}/imapd.conf`);
  });

  it('fails for a cyrmaster older than imapd.conf', async () => {
    const pid = await fakeCyrmaster();
    conf(+60);
    const r = check(String(pid));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`FAIL  cyrmaster \\(pid ${pid}\\) started .* and still runs with an older ${dir}/imapd\\.conf`));
    expect(r.out).toContain(`ok    cyrmaster (pid ${pid}) started after the last change to ${dir}/cyrus.conf`);
  });

  it('fails when the init script pid file names another process, and when none runs', async () => {
    await fakeCyrmaster();
    conf(-3600);
    expect(check('1').out).toMatch(/FAIL  .*master\.pid does not name the running cyrmaster/);
    for (const k of kids.splice(0)) k.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
    expect(check('1').out).toMatch(/FAIL  no cyrmaster runs/);
  });

  it('proc_started gives the start time within a second or two', async () => {
    const pid = await fakeCyrmaster();
    const got = Number(sh(`proc_started ${pid}`).out);
    expect(Math.abs(got - Date.now() / 1000)).toBeLessThan(3);
  });
});

describe('set_imapd_if_known', () => {
  const run = (known: boolean) => {
    writeFileSync(join(dir, 'imapd.conf'), 'configdirectory: /var/lib/cyrus\n');
    writeFileSync(join(dir, 'cyr_info'), `#!/bin/sh\n${known ? "echo 'master_pid_file: {configdirectory}/master.pid'" : 'echo "newsspool: /var/spool/news"'}\n`, { mode: 0o755 });
    return sh('mkdir -p "$BACKUP"; set_imapd_if_known master_pid_file /run/cyrus-master.pid; cat "$IMAPD_CONF"; echo "CHANGED=$CHANGED"', {
      IMAPD_CONF: join(dir, 'imapd.conf'),
      CYRUS_BIN: dir,
    }).out;
  };
  it('sets the key where cyr_info conf-default lists it (Cyrus 3.10)', () => {
    expect(run(true)).toBe(`configdirectory: /var/lib/cyrus\nmaster_pid_file: /run/cyrus-master.pid\nCHANGED= ${dir}/imapd.conf\n`);
  });
  it('leaves imapd.conf alone where it does not (Cyrus 3.6)', () => {
    expect(run(false)).toBe('configdirectory: /var/lib/cyrus\nCHANGED=\n');
  });
});
