// Restarts and reloads: which files lead to which, that postfix check comes
// first, and that the shell functions catch a cyrmaster that did not restart
// or runs with an older configuration. The shell tests run the real library
// functions under sh; a copy of sleep named "cyrmaster" stands in for Cyrus,
// and every command that would touch a daemon is a stub.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAnswers } from '@lmtp-wizard/schema';
import { generate } from '../src/index.ts';
import { COMMON_LIB } from '../src/scripts/common-lib.ts';
import { APPLY_LIB } from '../src/scripts/shell-lib.ts';
import { RESTART_LIB } from '../src/scripts/shell-lib-restart.ts';
import { STATE_LIB } from '../src/scripts/shell-lib-state.ts';
import { VERIFY_LIB } from '../src/scripts/verify-lib.ts';
import { POLICIES_LIB } from '../src/shell/embedded.ts';

function bundle(answers: object) {
  const r = parseAnswers(answers);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return generate(r.answers);
}
const single = bundle({ topology: 'single-host', mailHost: 'mx.test' });
const remote = bundle({
  topology: 'remote',
  mailHost: 'mx.test',
  tcp: { storeHost: 'store.test' },
  sasl: { password: 'secret-pw' },
});
const file = (out: ReturnType<typeof generate>, host: string, path: string) =>
  out.hosts.find((h) => h.id === host)!.files.find((f) => f.path === path)!.content;
const lastStep = (out: ReturnType<typeof generate>, host: string) =>
  out.hosts.find((h) => h.id === host)!.steps.at(-1)!;

const stepOf = (out: ReturnType<typeof generate>, host: string, title: RegExp) =>
  out.hosts.find((h) => h.id === host)!.steps.find((s) => title.test(s.title))!;

describe('the restart steps', () => {
  it('checks Postfix, then brings Cyrus and Postfix in line with their files by state', () => {
    expect(lastStep(single, 'mail-host').commands).toEqual([
      'check_postfix',
      'converge_cyrus /etc/imapd.conf /etc/cyrus.conf /etc/services /etc/tmpfiles.d/cyrus-imapd.conf /usr/lib/tmpfiles.d/cyrus-imapd.conf',
      'converge_postfix cyrus/unix',
    ]);
  });

  it('touches only the daemon each host of the remote topology runs', () => {
    expect(lastStep(remote, 'postfix-host').commands).toEqual([
      'check_postfix',
      'converge_postfix cyrus/unix cyrus-tlsproxy/unix',
    ]);
    expect(lastStep(remote, 'cyrus-host').commands.join('\n')).not.toMatch(/postfix/);
  });

  it('writes main.cf last, right after a step that brings the daemons up to date, so nothing routes to a service not yet served', () => {
    for (const [out, host] of [
      [single, 'mail-host'],
      [remote, 'postfix-host'],
    ] as const) {
      const titles = out.hosts.find((h) => h.id === host)!.steps.map((s) => s.title);
      const main = titles.indexOf('Configure /etc/postfix/main.cf');
      expect(main).toBe(titles.length - 2);
      expect(titles[main - 1]).toMatch(/^Bring .*Postfix up to date before main\.cf routes mail to them$/);
      expect(titles.indexOf('Configure /etc/postfix/master.cf')).toBeLessThan(main - 1);
      expect(stepOf(out, host, /^Bring /).commands).toEqual(lastStep(out, host).commands);
    }
  });

  it('runs postfix check before any restart in apply.sh, and not after', () => {
    const apply = file(single, 'mail-host', 'apply.sh');
    const body = apply.slice(apply.indexOf('\n# Step 1:'));
    expect(body.indexOf('\ncheck_postfix\n')).toBeGreaterThan(0);
    expect(body.indexOf('\ncheck_postfix\n')).toBeLessThan(body.indexOf('\nconverge_'));
    expect(body).not.toMatch(/postfix check/);
  });

  it('sets master_pid_file to the init script pid file, only where Cyrus knows the key, and verify.sh checks cyrmaster', () => {
    expect(file(single, 'mail-host', 'files/etc/imapd.conf.fragment')).toMatch(
      /^master_pid_file: \/run\/cyrus-master\.pid$/m,
    );
    expect(file(single, 'mail-host', 'apply.sh')).toMatch(
      /^set_imapd_if_known master_pid_file \/run\/cyrus-master\.pid$/m,
    );
    expect(file(remote, 'cyrus-host', 'verify.sh')).toMatch(
      /^check_imapd_if_known master_pid_file \/run\/cyrus-master\.pid$/m,
    );
    expect(file(remote, 'cyrus-host', 'verify.sh')).toMatch(/^check_cyrmaster \/run\/cyrus-master\.pid$/m);
    expect(file(remote, 'postfix-host', 'verify.sh')).not.toMatch(/^check_cyrmaster /m);
  });

  it('verify.sh proves the flow on the Postfix host: the master serves our service, the queue, a probe, and (single host) one LMTP RCPT', () => {
    const v = file(single, 'mail-host', 'verify.sh');
    for (const line of [
      'check_postfix_flow cyrus/unix',
      'check_probe "$PROBE"',
      'check_lmtp_rcpt postfix /run/cyrus/socket/lmtp "$PROBE"',
    ])
      expect(v.split('\n')).toContain(line);
    expect(v).toMatch(/^check_deferred 15 \$OUR_DOMAINS$/m);
    expect(file(remote, 'postfix-host', 'verify.sh')).toMatch(/^check_postfix_flow cyrus\/unix cyrus-tlsproxy\/unix$/m);
    expect(file(remote, 'cyrus-host', 'verify.sh')).not.toMatch(/^check_postfix_flow /m);
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
  killOrphans();
  rmSync(dir, { recursive: true, force: true });
});

/** A stand-in cyrmaster: comm is "cyrmaster", its parent is not. */
/**
 * A stand-in cyrmaster, started by a shell that exits at once, so that it is
 * not this process's child: killed by the script under test, it is reaped by
 * init at once. As our child it stayed a zombie while spawnSync blocked our
 * event loop, and restart_cyrus waited 45 s for it to go (seen under load).
 */
const orphans: number[] = [];
/** /proc/PID/stat's name and state, or null once the process is gone. */
function procStat(pid: number): { comm: string; state: string } | null {
  try {
    const m = /^\d+ \((.*)\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return m ? { comm: m[1] ?? '', state: m[2] ?? '' } : null;
  } catch {
    return null;
  }
}
/** Waits until `done()` holds, however loaded the machine; only the test's limit stops a hang. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 20));
}
async function fakeCyrmaster(): Promise<number> {
  const r = spawnSync('sh', ['-c', `"$0" 300 >/dev/null 2>&1 </dev/null & echo $!`, join(dir, 'cyrmaster')], {
    encoding: 'utf8',
  });
  const pid = Number(r.stdout.trim());
  orphans.push(pid);
  // the shell has forked; the script under test looks for "cyrmaster", which the exec gives it
  await until(() => procStat(pid)?.comm === 'cyrmaster');
  return pid;
}
/** Kills the stand-in cyrmasters; gives their pids. */
const killOrphans = (): number[] => {
  const pids = orphans.splice(0);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return pids;
};

// Stubs after the libraries: nothing here reaches systemctl, an init script or Postfix.
const STUBS = String.raw`
systemd_runs() { false; }
run() { printf 'ran: %s\n' "$*"; }
postfix() { printf 'ran: postfix %s\n' "$*"; return "${'$'}{POSTFIX_RC:-0}"; }
postconf() { printf '%s\n' "$DIR/queue"; }
CYRUS_START_WAIT=1
POSTFIX_SERVE_WAIT=1
`;

function sh(script: string, env: Record<string, string> = {}) {
  const r = spawnSync(
    'sh',
    ['-c', [COMMON_LIB, APPLY_LIB, POLICIES_LIB, STATE_LIB, RESTART_LIB, VERIFY_LIB, STUBS, script].join('\n')],
    {
      encoding: 'utf8',
      env: {
        PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
        LC_ALL: 'C',
        DIR: dir,
        DRY_RUN: '0',
        RESTART: '1',
        CHANGED: '',
        BACKUP: `${dir}/backup`,
        ...env,
      },
    },
  );
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

/** A stand-in Postfix master (a sleep), its pid file, and a POSTFIX_DIR whose main.cf is AGE seconds from now. */
async function fakePostfix(age: number): Promise<number> {
  const k = spawn('sleep', ['300'], { stdio: 'ignore' });
  kids.push(k);
  await new Promise((r) => setTimeout(r, 100));
  spawnSync('sh', [
    '-c',
    `mkdir -p "${dir}/queue/pid" "${dir}/etc-postfix" && echo ${k.pid} >"${dir}/queue/pid/master.pid" && echo x >"${dir}/etc-postfix/main.cf"`,
  ]);
  const t = Date.now() / 1000 + age;
  utimesSync(join(dir, 'etc-postfix', 'main.cf'), t, t);
  return k.pid!;
}

describe('Postfix: converge_postfix decides by state', () => {
  // postfix_serves stubbed: the service is served unless NOT_SERVED is set
  const env = (more: Record<string, string> = {}) => ({
    POSTFIX_DIR: `${dir}/etc-postfix`,
    POSTFIX_UNIT: 'postfix.service',
    ...more,
  });
  const serves = 'postfix_serves() { [ -z "${NOT_SERVED:-}" ]; }; POSTFIX_STAMP="$DIR/stamp";';
  const steps = `${serves} check_postfix; converge_postfix cyrus/unix`;

  it('reloads, and does not restart, when main.cf changed after the master started', async () => {
    await fakePostfix(+60);
    const r = sh(steps, env());
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('ran: postfix check');
    expect(r.out).toMatch(/reloading postfix: Postfix last read its files before the change to .*main\.cf/);
    expect(r.out).toContain('ran: /etc/init.d/postfix reload');
    expect(r.out).not.toMatch(/postfix restart/);
  });

  it('does nothing when the master started after every change and serves our service; reloads when it does not serve it', async () => {
    await fakePostfix(-3600);
    expect(sh(steps, env()).out).not.toMatch(/init\.d/);
    const r = sh(
      `${serves} n=0; postfix_serves() { n=$((n + 1)); [ "$n" -gt 1 ]; }; converge_postfix cyrus/unix`,
      env(),
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/reloading postfix: the running master does not serve cyrus\/unix/);
    const never = sh(steps, env({ NOT_SERVED: '1' }));
    expect(never.code).toBe(1);
    expect(never.err).toMatch(/does not serve cyrus\/unix after the reload/);
  });

  it('restarts once when this run changed /etc/group; the master pid must change', async () => {
    const pid = await fakePostfix(-3600);
    const ok = sh(
      `${serves} run() { printf 'ran: %s\\n' "$*"; echo 222 >"$DIR/queue/pid/master.pid"; }; POSTFIX_PENDING=' /etc/group'; converge_postfix cyrus/unix`,
      env(),
    );
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('ran: /etc/init.d/postfix restart');
    expect(ok.out).toContain(`master pid ${pid} -> 222`);
    expect(ok.out).not.toMatch(/postfix reload/);
    const same = sh(`${serves} POSTFIX_PENDING=' /etc/group'; converge_postfix cyrus/unix`, env());
    expect(same.code).toBe(1);
    expect(same.err).toMatch(
      /Postfix master still runs as pid 222 after the restart; run postfix stop, then postfix start/,
    );
  });

  it('a Postfix that stays stopped: apply.sh names it, shows the log and the exact rollback command, and exits non-zero', async () => {
    await fakePostfix(-3600);
    const r = sh(
      `${serves} mkdir -p "$BACKUP"; echo /etc/postfix/main.cf >"$BACKUP/touched"; converge_postfix cyrus/unix`,
      env({ POSTFIX_RC: '1' }),
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/restarting postfix: Postfix is not running/);
    expect(r.err).toMatch(/postfix is not running after the restart/);
    expect(r.err).toMatch(new RegExp(`sh ${dir}/backup/rollback\\.sh, then start it: /etc/init\\.d/postfix start`));
  });

  it('touches no daemon when postfix check fails', async () => {
    await fakePostfix(+60);
    const r = sh(steps, env({ CHANGED: ' /etc/postfix/master.cf', POSTFIX_RC: '1' }));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/postfix check failed, so nothing was restarted or reloaded/);
    expect(r.out).not.toMatch(/init\.d/);
  });

  it('restarts nothing with --no-restart, and says what to do', async () => {
    await fakePostfix(+60);
    const r = sh(steps, env({ RESTART: '0' }));
    expect(r.out).not.toMatch(/init\.d/);
    expect(r.out).toMatch(/--no-restart: reload postfix yourself/);
  });
});

describe('Cyrus: converge_cyrus and the restart', () => {
  it('restarts a cyrmaster older than imapd.conf, and leaves a newer one alone', async () => {
    const old = await fakeCyrmaster();
    writeFileSync(join(dir, 'imapd.conf'), 'x\n');
    const restart = `run() { case "$*" in *stop) kill ${old} ;; *start) "$DIR/cyrmaster" 30 & ;; esac; }`;
    const t = Date.now() / 1000 + 60;
    utimesSync(join(dir, 'imapd.conf'), t, t);
    const r = sh(`${restart}; converge_cyrus "$DIR/imapd.conf"; kill $!`);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(
      new RegExp(
        `restarting cyrus-imapd: cyrmaster \\(pid ${old}\\) started before the last change to ${dir}/imapd\\.conf`,
      ),
    );
    const older = Date.now() / 1000 - 3600;
    utimesSync(join(dir, 'imapd.conf'), older, older);
    await fakeCyrmaster();
    expect(sh(`${restart}; converge_cyrus "$DIR/imapd.conf"`).out).not.toMatch(/restarting/);
  });

  it('fails, naming the pid and rollback.sh, when the same cyrmaster still runs afterwards', async () => {
    const pid = await fakeCyrmaster();
    const r = sh(
      'mkdir -p "$BACKUP"; echo /etc/imapd.conf >"$BACKUP/touched"; systemd_runs() { true; }; restart_cyrus',
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('ran: systemctl restart cyrus-imapd');
    expect(r.err).toMatch(new RegExp(`cyrmaster still runs as pid ${pid} after the restart.*/backup/rollback\\.sh`));
  });

  it('fails when no cyrmaster runs afterwards, in its own words', () => {
    const r = sh('mkdir -p "$BACKUP"; echo /etc/imapd.conf >"$BACKUP/touched"; restart_cyrus');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /cyrus-imapd is not running after the restart.*sh .*\/backup\/rollback\.sh, then start it: \/etc\/init\.d\/cyrus-imapd start/s,
    );
  });

  it('succeeds when a new cyrmaster replaced the old one', async () => {
    const old = await fakeCyrmaster();
    // The stubbed init script stops the old one and starts a new one.
    const r = sh(
      `run() { case "$*" in *stop) kill ${old} ;; *start) "$DIR/cyrmaster" 30 & ;; esac; }; restart_cyrus; kill $!`,
    );
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
    expect(r.out).toMatch(
      new RegExp(`FAIL  cyrmaster \\(pid ${pid}\\) started .* and still runs with an older ${dir}/imapd\\.conf`),
    );
    expect(r.out).toContain(`ok    cyrmaster (pid ${pid}) started after the last change to ${dir}/cyrus.conf`);
  });

  it('fails when the init script pid file names another process, and when none runs', async () => {
    await fakeCyrmaster();
    conf(-3600);
    expect(check('1').out).toMatch(/FAIL {2}.*master\.pid does not name the running cyrmaster/);
    for (const k of kids.splice(0)) k.kill('SIGKILL');
    const killed = killOrphans();
    // gone, or a zombie until init reaps it: either way no longer running
    await until(() => killed.every((pid) => (procStat(pid)?.state ?? 'Z') === 'Z'));
    expect(check('1').out).toMatch(/FAIL {2}no cyrmaster runs/);
  });

  it('proc_start gives the start time, to 1/100 s', async () => {
    const before = Date.now() / 1000;
    const pid = await fakeCyrmaster();
    const got = Number(sh(`proc_start ${pid}`).out);
    const after = Date.now() / 1000;
    // Between the moments before and after the start, however long they are
    // apart. The boot time it adds the clock ticks to is whole seconds rounded
    // down, so it may fall up to 1 s early (and a tick for rounding), never late.
    expect(got).toBeGreaterThanOrEqual(before - 1.02);
    expect(got).toBeLessThanOrEqual(after + 0.01);
  });
});

describe('set_imapd_if_known', () => {
  const run = (known: boolean) => {
    writeFileSync(join(dir, 'imapd.conf'), 'configdirectory: /var/lib/cyrus\n');
    writeFileSync(
      join(dir, 'cyr_info'),
      `#!/bin/sh\n${known ? "echo 'master_pid_file: {configdirectory}/master.pid'" : 'echo "newsspool: /var/spool/news"'}\n`,
      { mode: 0o755 },
    );
    return sh(
      'mkdir -p "$BACKUP"; set_imapd_if_known master_pid_file /run/cyrus-master.pid; cat "$IMAPD_CONF"; echo "CHANGED=$CHANGED"',
      {
        IMAPD_CONF: join(dir, 'imapd.conf'),
        CYRUS_BIN: dir,
      },
    ).out;
  };
  it('sets the key where cyr_info conf-default lists it (Cyrus 3.10)', () => {
    expect(run(true)).toBe(
      `configdirectory: /var/lib/cyrus\nmaster_pid_file: /run/cyrus-master.pid\nCHANGED= ${dir}/imapd.conf\n`,
    );
  });
  it('leaves imapd.conf alone where it does not (Cyrus 3.6)', () => {
    expect(run(false)).toBe('configdirectory: /var/lib/cyrus\nCHANGED=\n');
  });
});
