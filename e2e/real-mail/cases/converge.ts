// Issue 21: "done" must mean mail flows. apply.sh is SIGKILLed at every step
// boundary, runs twice at once, meets a full disk and a restart that fails;
// each time the next run converges, verify.sh tells a stuck host from a
// working one, and rollback.sh puts every byte back. Mail keeps flowing while
// apply.sh restarts both daemons. Breakage here is test setup (a fault), never a fix.
import { join } from 'node:path';
import { apply, getBundle, inside, logScript, script, verify, type Bundle, type HostId } from '../lib/bundle.ts';
import type { Container } from '../lib/containers/container.ts';
import { postfixLog, postqueue } from '../lib/diagnostics.ts';
import { sendMail } from '../lib/mail.ts';
import type { Net } from '../lib/network.ts';
import { assert } from '../lib/runner.ts';
import {
  hostsOf,
  isPostfixFolder,
  printedPin,
  waitForDaemons,
  type Case,
  type Ctx,
  type Scenario,
} from '../lib/scenario.ts';
import { sleep, waitFor } from '../lib/sh.ts';
import { diffSnapshots, snapshot, type Snapshot } from '../lib/snapshot.ts';
import { adminImap, createMailboxes, waitForMessage } from '../lib/topology.ts';
import { send } from './common.ts';
import { readdirSync, existsSync, readFileSync, statSync } from 'node:fs';

const BACKUPS = '/var/backups/lmtp-wizard';
/** Figures for the README and the report, per release, printed at the end of some cases. */
const tallies = new Map<string, { faultPoints: number; sent: number; delivered: number }>();
const tallyOf = (c: Ctx) => {
  const t = tallies.get(c.lane.release) ?? { faultPoints: 0, sent: 0, delivered: 0 };
  tallies.set(c.lane.release, t);
  return t;
};

const backupDirs = (on: Container): string[] =>
  existsSync(on.path(BACKUPS)) ? readdirSync(on.path(BACKUPS)).sort() : [];

/**
 * apply.sh, SIGKILLed by a watcher inside the host as soon as a line of its
 * output contains `at` (a "step N/M" line: the boundary after step N-1). The
 * watcher reads apply.sh's output through a pipe, line by line, so the kill
 * lands within milliseconds of the line, before or just inside step N.
 */
async function applyKilled(
  b: Bundle,
  host: HostId,
  on: Container,
  at: string,
  args: string[] = [],
): Promise<{ out: string; killed: boolean }> {
  const dir = inside(b, host, on);
  const watcher = `( sh "$0" "$@" & echo $! >/run/lwz-apply.pid; wait ) 2>&1 | { k=0; while IFS= read -r l; do printf '%s\\n' "$l"; if [ $k = 0 ]; then case $l in *"$LWZ_AT"*) kill -KILL "$(cat /run/lwz-apply.pid)" 2>/dev/null && echo LWZ-KILLED; k=1 ;; esac; fi; done; }`;
  const r = await on.exec('env', [`LWZ_AT=${at}`, 'sh', '-c', watcher, join(dir, 'apply.sh'), ...args], {
    allowFail: true,
    timeoutMs: 180_000,
  });
  logScript(`${on.name} ${host}/apply.sh killed at "${at}"`, r);
  return { out: r.stdout + r.stderr, killed: r.stdout.includes('LWZ-KILLED') };
}

/**
 * Deliveries that waited because main.cf routed to our master.cf service before the
 * running master served it (issue 21, "connect to private/cyrus: No such file or
 * directory"), in the Postfix log from line `from` on.
 */
const unservedDeferrals = (c: Ctx, from = 0): string[] =>
  postfixLog(c.h, /./)
    .slice(from)
    .filter((l) => /status=deferred.*(private\/|public\/)/.test(l));

/** The "step N/M" lines of one full run: M. */
const stepCount = (out: string): number => Number(/step \d+\/(\d+):/.exec(out)?.[1] ?? 0);

/** Every file of every backup folder apply.sh left: no 0-byte rollback.sh, and a rollback.sh wherever something was touched. */
function backupsSound(on: Container, where: string): void {
  for (const d of backupDirs(on)) {
    const base = on.path(join(BACKUPS, d));
    const touched = existsSync(join(base, 'touched')) ? readFileSync(join(base, 'touched'), 'utf8').trim() : '';
    const rb = join(base, 'rollback.sh');
    if (touched)
      assert(
        existsSync(rb) && statSync(rb).size > 200,
        `${where}: ${d} lists touched files but has ${existsSync(rb) ? 'a short' : 'no'} rollback.sh`,
      );
  }
}

/** Rolls every backup folder back, newest first (one when runs resumed each other), and compares with the snapshot. */
async function rollbackAll(on: Container, host: HostId, before: Snapshot, where: string, force = false): Promise<void> {
  for (const d of backupDirs(on).reverse()) {
    const r = await on.exec('sh', [join(BACKUPS, d, 'rollback.sh'), ...(force ? ['--force'] : [])], {
      allowFail: true,
    });
    logScript(`${on.name} ${host} ${d}/rollback.sh`, r);
    assert(r.code === 0, `${where}: ${d}/rollback.sh exited ${r.code}:\n${r.stdout}${r.stderr}`);
    await on.exec('rm', ['-rf', join(BACKUPS, d)]);
  }
  const diff = diffSnapshots(before, await snapshot(on));
  assert(diff.length === 0, `${where}: after rollback.sh, differences from before apply.sh:\n${diff.join('\n')}`);
}

async function verifyFailsNow(c: Ctx, host: HostId, on: Container, where: string, message?: RegExp): Promise<string> {
  const v = await verify(c.bundle, host, on);
  assert(v.code !== 0, `${where}: verify.sh passed on a stuck host:\n${v.out}`);
  if (message) assert(message.test(v.out), `${where}: verify.sh failed without saying ${message}:\n${v.out}`);
  return v.out;
}

async function verifyPassesOn(c: Ctx, host: HostId, on: Container, where: string): Promise<void> {
  const v = await verify(c.bundle, host, on);
  assert(v.code === 0 && /all checks passed/.test(v.out), `${where}: ${host}/verify.sh exited ${v.code}:\n${v.out}`);
}

const boxes = new WeakSet<object>();
async function deliverOne(c: Ctx, where: string): Promise<void> {
  if (!boxes.has(c.h)) {
    await waitForDaemons(c);
    await createMailboxes(c.t, c.s.mailboxes);
    boxes.add(c.h);
  }
  const s = await send(c, ['alice@mx.test']).catch((e: Error) => {
    throw new Error(`${where}: ${e.message}`);
  });
  tallyOf(c).sent++;
  await waitForMessage(c.t, c.h, 'user.alice', s.messageId);
  tallyOf(c).delivered++;
}

const pinArgs = (c: Ctx, host: HostId, storeOut: string | undefined): string[] => {
  const pin = isPostfixFolder(host) ? printedPin(storeOut) : undefined;
  return pin ? ['--store-fingerprint', pin] : [];
};

/**
 * For each host folder in order, for each step boundary of its apply.sh (and
 * just after the Cyrus restart inside the last step): a run SIGKILLed there,
 * verify.sh failing on the stuck host, the re-run converging (mail arrives,
 * verify.sh passes on every host), then every backup rolled back to the
 * bytes before apply.sh. The other hosts stay applied meanwhile.
 */
const killAtEveryBoundary: Case = {
  name: 'SIGKILL at every step boundary: verify.sh fails, the re-run converges (mail arrives, verify.sh passes), rollback.sh restores every byte',
  fn: async (c) => {
    const started = Date.now();
    const order = hostsOf(c);
    let storeOut: string | undefined;
    // one clean run per host first: its step count, the store's pin, and the mailboxes
    for (const { host, on } of order) {
      const r = await apply(c.bundle, host, on, { args: pinArgs(c, host, storeOut) });
      if (host === 'cyrus-host') storeOut = r.out;
    }
    await deliverOne(c, 'after the clean runs');
    let points = 0;
    for (const { host, on } of order) {
      const before = c.before[host];
      assert(before, `${host}: no snapshot before apply.sh`);
      await rollbackAll(on, host, before, `${host}: the clean run`);
      const full = await script(c.bundle, host, on, 'apply.sh', ['--dry-run']);
      const m = stepCount(full.out);
      assert(m >= 3, `${host}: no "step N/M" lines in apply.sh --dry-run:\n${full.out}`);
      const at = [
        ...Array.from({ length: m - 1 }, (_, i) => `step ${i + 2}/${m}:`),
        ...(on === c.h.cyrus && on === c.h.postfix ? ['cyrus-imapd restarted'] : []),
      ]; // on a single host, Postfix's turn comes after it
      // npm test splits the boundaries between the two releases (each lane tries every other one,
      // so that together they try all); REAL_MAIL_KILL_POINTS=all tries every one on each release
      const mine =
        process.env.REAL_MAIL_KILL_POINTS === 'all'
          ? at
          : at.filter((_, i) => i % 2 === (c.lane.release === 'debian-12' ? 1 : 0));
      for (const mark of mine) {
        const where = `${host}, killed at "${mark}"`;
        const k = await applyKilled(c.bundle, host, on, mark, pinArgs(c, host, storeOut));
        assert(k.killed, `${where}: the watcher never saw the line:\n${k.out}`);
        points++;
        tallyOf(c).faultPoints++;
        backupsSound(on, where);
        await verifyFailsNow(c, host, on, where);
        const again = await apply(c.bundle, host, on, { args: pinArgs(c, host, storeOut) }).catch((e: Error) => {
          throw new Error(`${where}: the re-run failed: ${e.message}`);
        });
        assert(
          backupDirs(on).length <= 1,
          `${where}: the re-run left ${backupDirs(on).length} backup folders (it should resume the killed run's)`,
        );
        // the killed host's verify.sh and a delivery at once (the other hosts' verify.sh once per host, below)
        await Promise.all([verifyPassesOn(c, host, on, where), deliverOne(c, where)]);
        assert(!again.out.includes('error'), `${where}: the re-run printed an error:\n${again.out}`);
        await rollbackAll(on, host, before, where);
      }
      // leave this host applied for the next host's faults
      const last = await apply(c.bundle, host, on, { args: pinArgs(c, host, storeOut) });
      if (host === 'cyrus-host') storeOut = last.out;
      await deliverOne(c, `${host} applied again`);
      for (const o of order) await verifyPassesOn(c, o.host, o.on, `${host}'s kill points done`);
    }
    const unserved = unservedDeferrals(c);
    assert(
      unserved.length === 0,
      `deliveries deferred because our service was not served yet:\n${unserved.join('\n')}`,
    );
    console.log(
      `    (${c.lane.release}: ${points} kill points, ${((Date.now() - started) / 1000).toFixed(1)} s; so far: ${tallyOf(c).faultPoints} fault points, ${tallyOf(c).sent} sent, ${tallyOf(c).delivered} delivered)`,
    );
  },
};

/** A file system of `kb` kB mounted over `dir` inside the host, holding what was there, with `free` kB left. */
async function smallFs(on: Container, dir: string, free: number): Promise<void> {
  await on.exec('sh', [
    '-c',
    `set -e; d=$1; mkdir -p "$d"; t=$(mktemp -d); cp -a "$d"/. "$t"/; used=$(du -sk "$t" | cut -f1)
    mount -t tmpfs -o size=$(( used + $2 + 64 ))k lwz-full "$d"; cp -a "$t"/. "$d"/; rm -rf "$t"
    avail=$(df -Pk "$d" | awk 'NR==2{print $4}'); fill=$(( avail - $2 ))
    [ "$fill" -le 0 ] || dd if=/dev/zero of="$d/.lwz-filler" bs=1k count=$fill 2>/dev/null || true
    [ "$2" != 0 ] || { cat /dev/zero >"$d/.lwz-filler2" 2>/dev/null || true; }`,
    'sh',
    dir,
    String(free),
  ]);
}
async function unmountFs(on: Container, dir: string): Promise<void> {
  await on.exec('sh', [
    '-c',
    'set -e; d=$1; t=$(mktemp -d); rm -f "$d"/.lwz-filler "$d"/.lwz-filler2; cp -a "$d"/. "$t"/; umount "$d"; cp -a "$t"/. "$d"/; rm -rf "$t"',
    'sh',
    dir,
  ]);
}

const zeroByteFiles = async (on: Container): Promise<string> =>
  (
    await on.exec('sh', [
      '-c',
      `find /etc/postfix /etc/imapd.conf /etc/cyrus.conf /etc/services /etc/group ${BACKUPS} -type f -size 0 2>/dev/null | grep -v '/touched$\\|/undo\\|/undo-last$\\|/after\\.sha256$\\|\\.lwz-filler' || true`,
    ])
  ).stdout.trim();

const fullDisk: Case = {
  name: 'full disk (backup folder, then /etc/postfix) at several levels: a conflict naming the file system before any change, or a complete run; never a 0-byte file',
  fn: async (c) => {
    const on = c.h.postfix;
    const before = c.before['mail-host'];
    assert(before, 'no snapshot before apply.sh');
    const lines: string[] = [];
    for (const [dir, free] of [
      [BACKUPS, 0],
      [BACKUPS, 16],
      [BACKUPS, 64],
      [BACKUPS, 1024],
      ['/etc/postfix', 0],
      ['/etc/postfix', 8],
      ['/etc/postfix', 48],
      ['/etc/postfix', 1024],
    ] as const) {
      const where = `${dir} with ${free} kB free`;
      await smallFs(on, dir, free);
      tallyOf(c).faultPoints++;
      const r = await script(c.bundle, 'mail-host', on, 'apply.sh');
      const zero = await zeroByteFiles(on);
      await unmountFs(on, dir);
      lines.push(`${where}: exit ${r.code}`);
      assert(zero === '', `${where}: 0-byte files left:\n${zero}\n${r.out}`);
      if (r.code === 0) {
        backupsSound(on, where);
        await verifyPassesOn(c, 'mail-host', on, where);
        await rollbackAll(on, 'mail-host', before, where);
      } else {
        assert(
          r.code === 3 && /no space|free/i.test(r.out) && r.out.includes(dir === BACKUPS ? BACKUPS : '/etc/postfix'),
          `${where}: apply.sh exited ${r.code} without a conflict naming the file system:\n${r.out}`,
        );
        assert(
          /nothing was changed/.test(r.out),
          `${where}: the refusal does not say that nothing was changed:\n${r.out}`,
        );
        const diff = diffSnapshots(before, await snapshot(on));
        assert(diff.length === 0, `${where}: apply.sh refused but changed:\n${diff.join('\n')}`);
        assert(backupDirs(on).length === 0, `${where}: a refused run left a backup folder`);
      }
    }
    console.log(`    (${lines.join('; ')})`);
  },
};

const twoAtOnce: Case = {
  name: 'two apply.sh runs at once: one waits for the other (the lock), one backup folder, verify.sh passes, mail arrives',
  fn: async (c) => {
    const on = c.h.postfix;
    tallyOf(c).faultPoints++;
    inside(c.bundle, 'mail-host', on); // the folder is copied in before the race
    const [a, b] = await Promise.all([
      script(c.bundle, 'mail-host', on, 'apply.sh'),
      script(c.bundle, 'mail-host', on, 'apply.sh'),
    ]);
    const outs = `--- first\n${a.out}\n--- second\n${b.out}`;
    assert(a.code === 0 && b.code === 0, `a run failed:\n${outs}`);
    assert(/another apply\.sh/.test(a.out + b.out), `neither run said it waited for the other:\n${outs}`);
    assert(backupDirs(on).length === 1, `${backupDirs(on).length} backup folders:\n${outs}`);
    await verifyPassesOn(c, 'mail-host', on, 'two runs');
    await deliverOne(c, 'two runs');
  },
};

/** Each stuck state the issue lists, made by hand on an applied host: verify.sh must fail, naming it; apply.sh repairs it. */
const stuckStates: Case = {
  name: 'verify.sh fails on each stuck state (Postfix down, master not reloaded, Cyrus on its old config, queue deferring); apply.sh repairs each',
  fn: async (c) => {
    const on = c.h.postfix;
    const mark = async (
      what: string,
      setup: string,
      message: RegExp,
      repair: 'apply' | string = 'apply',
    ): Promise<void> => {
      await on.exec('sh', ['-c', setup]);
      tallyOf(c).faultPoints++;
      await verifyFailsNow(c, 'mail-host', on, what, message);
      if (repair === 'apply') await apply(c.bundle, 'mail-host', on);
      else await on.exec('sh', ['-c', repair]);
      await verifyPassesOn(c, 'mail-host', on, `${what}, repaired`);
    };
    await mark('Postfix stopped', 'systemctl stop postfix', /FAIL +.*Postfix.*not running/i);
    // the service is in master.cf, but the running master never read it
    await mark(
      'master not reloaded',
      'row=$(postconf -M cyrus/unix); postconf -MX cyrus/unix; postfix reload; sleep 2; postconf -M "cyrus/unix=$row"',
      /FAIL +.*(running master|not serve)/i,
    );
    await mark(
      'Cyrus on its old config',
      'sleep 1; printf "# edited after cyrmaster started\\n" >>/etc/imapd.conf',
      /FAIL +cyrmaster .*older \/etc\/imapd\.conf/,
    );
    // the hand edit goes again (the bundle may not own imapd.conf, as on Debian 12, where rollback.sh would not restore it)
    await on.exec('sed', ['-i', '/^# edited after cyrmaster started$/d', '/etc/imapd.conf']);
    await apply(c.bundle, 'mail-host', on);
    // a message deferred while Cyrus was down, still in the queue once Cyrus is back
    await on.exec('systemctl', ['stop', 'cyrus-imapd']);
    const s = await send(c, ['alice@mx.test']);
    tallyOf(c).sent++;
    await waitFor(
      'the deferral',
      () => postfixLog(c.h, new RegExp(`${s.queueId}: to=.*status=deferred`)).length > 0,
      30_000,
    );
    await on.exec('systemctl', ['start', 'cyrus-imapd']);
    await waitForDaemons(c);
    tallyOf(c).faultPoints++;
    const v = await on.exec(
      'env',
      ['LMTP_WIZARD_DEFERRED_MINUTES=0', 'sh', join(inside(c.bundle, 'mail-host', on), 'verify.sh')],
      { allowFail: true },
    );
    logScript(`${on.name} verify.sh with a deferred message`, v);
    assert(
      v.code !== 0 && /FAIL +.*deferred/.test(v.stdout),
      `verify.sh passed with a deferred message in the queue:\n${v.stdout}${v.stderr}\n${await postqueue(c.h)}`,
    );
    await on.exec('postqueue', ['-f']);
    await waitForMessage(c.t, c.h, 'user.alice', s.messageId);
    tallyOf(c).delivered++;
    await verifyPassesOn(c, 'mail-host', on, 'the queue flushed');
  },
};

/** A restart that fails (a unit drop-in whose ExecStartPre fails): apply.sh says so in its own words, and never exits 0. */
const failedRestart: Case = {
  name: 'a failed Postfix restart: apply.sh names the daemon, its state, the journal and the rollback command, exits non-zero; the re-run converges',
  fn: async (c) => {
    const on = c.h.postfix;
    const before = c.before['mail-host'];
    assert(before, 'no snapshot before apply.sh');
    // --force: the stuck-state case edited imapd.conf by hand since, and rollback.sh rightly refuses without it
    await rollbackAll(on, 'mail-host', before, 'before the failed restart', true);
    const unit =
      (
        await on.exec('sh', [
          '-c',
          'systemctl list-units --type=service --no-legend "postfix@*" | awk \'{print $1}\' | head -n 1',
        ])
      ).stdout.trim() || 'postfix.service';
    await on.exec('sh', [
      '-c',
      `mkdir -p /run/systemd/system/${unit}.d && printf '[Service]\\nExecStartPre=/bin/false\\n' >/run/systemd/system/${unit}.d/lwz-fail.conf && systemctl daemon-reload`,
    ]);
    tallyOf(c).faultPoints++;
    const r = await script(c.bundle, 'mail-host', on, 'apply.sh');
    await on.exec('sh', ['-c', `rm -rf /run/systemd/system/${unit}.d && systemctl daemon-reload`]);
    assert(r.code !== 0, `apply.sh exited 0 with the Postfix restart failing:\n${r.out}`);
    assert(
      /postfix/i.test(r.out) && /(not running|inactive|failed)/.test(r.out),
      `apply.sh did not name the daemon and its state:\n${r.out}`,
    );
    assert(
      /rollback\.sh/.test(r.out) && /journal/i.test(r.out),
      `apply.sh did not show the journal or the rollback command:\n${r.out}`,
    );
    await verifyFailsNow(c, 'mail-host', on, 'the failed restart');
    await apply(c.bundle, 'mail-host', on);
    await verifyPassesOn(c, 'mail-host', on, 'after the failed restart');
    await deliverOne(c, 'after the failed restart');
  },
};

/**
 * 300 messages to valid recipients over four SMTP connections at a time while
 * apply.sh of a changed bundle restarts Cyrus and Postfix. A 4xx at RCPT is
 * retried, as a sending MTA would; none may last longer than 30 s. Every
 * message must arrive, and none may bounce.
 */
const mailInFlight = (n = 300): Case => ({
  name: `${n} messages in flight while apply.sh of a changed bundle restarts both daemons: 0 bounced, 0 missing, no 4xx longer than 30 s`,
  fn: async (c) => {
    const on = c.h.postfix;
    await apply(c.bundle, 'mail-host', on);
    await deliverOne(c, 'before the flight');
    const b2 = await getBundle(
      c.server,
      c.lane.release,
      { ...c.s.answers, cyrus: { downcaseRecipients: false }, limits: { concurrency: 10 } },
      `${c.s.name}-flight`,
    );
    const tag = `lwz-flight-${Date.now()}`;
    let next = 0;
    let longest4xx = 0;
    const ids: string[] = [];
    const worker = async (): Promise<void> => {
      while (next < n) {
        const i = next++;
        let first4xx = 0;
        for (;;) {
          // a refused or dropped connection (Postfix restarting) counts as a temporary failure, as for a sending MTA
          const s = await sendMail({
            host: c.t.smtp.host,
            from: 'tester@mx.test',
            to: ['alice@mx.test'],
            subject: `${tag} ${i}`,
          }).catch((e: Error) => ({
            rcpt: { 'alice@mx.test': { code: 421, text: e.message } },
            queueId: undefined,
            messageId: '',
            transcript: [e.message],
          }));
          const code = s.rcpt['alice@mx.test']?.code ?? 0;
          if (code === 250 && s.queueId) {
            ids.push(s.messageId);
            if (first4xx) longest4xx = Math.max(longest4xx, Date.now() - first4xx);
            break;
          }
          assert(
            code >= 400 && code < 500,
            `message ${i}: RCPT alice@mx.test got ${code}:\n${s.transcript.join('\n')}`,
          );
          first4xx ||= Date.now();
          assert(Date.now() - first4xx < 30_000, `message ${i}: 4xx for more than 30 s:\n${s.transcript.join('\n')}`);
          await sleep(500);
        }
      }
    };
    const logFrom = postfixLog(c.h, /./).length;
    const flight = Promise.all([worker(), worker(), worker(), worker()]);
    await sleep(1500);
    const r = await apply(b2, 'mail-host', on);
    await flight;
    c.bundle = b2;
    tallyOf(c).sent += n;
    assert(
      r.touched.includes('/etc/imapd.conf') && r.touched.includes('/etc/postfix/master.cf'),
      `the changed bundle did not change imapd.conf and master.cf:\n${r.out}`,
    );
    await on.exec('postqueue', ['-f']);
    const im = await adminImap(c.t);
    let count = 0;
    try {
      await waitFor(
        `${n} messages in user.alice`,
        async () => {
          await im.must('EXAMINE "user.alice"');
          const res = await im.must(`SEARCH SUBJECT "${tag}"`);
          count = (/^\* SEARCH(.*)$/m.exec(res.untagged)?.[1] ?? '').trim().split(/\s+/).filter(Boolean).length;
          return count >= n;
        },
        120_000,
        1000,
      );
    } catch {
      throw new Error(`${count} of ${n} messages arrived\n${await postqueue(c.h)}`);
    } finally {
      im.close();
    }
    tallyOf(c).delivered += count;
    const bounced = postfixLog(c.h, /status=bounced/).length;
    assert(bounced === 0, `${bounced} bounced`);
    const unserved = unservedDeferrals(c, logFrom);
    assert(
      unserved.length === 0,
      `deliveries deferred because our service was not served yet:\n${unserved.join('\n')}`,
    );
    const deferred = postfixLog(c.h, /./)
      .slice(logFrom)
      .filter((l) => /status=deferred/.test(l)).length;
    console.log(
      `    (${c.lane.release}: ${n} sent, ${count} delivered, 0 bounced, ${deferred} deferred (none for want of our service), longest 4xx streak ${(longest4xx / 1000).toFixed(1)} s; totals: ${tallyOf(c).faultPoints} fault points, ${tallyOf(c).sent} sent, ${tallyOf(c).delivered} delivered)`,
    );
  },
});

export const converge = (n: Net): { s: Scenario; cases: Case[] }[] => [
  {
    s: {
      name: 'converge-single-kill',
      kind: 'single-host',
      answers: { topology: 'single-host', mailHost: 'mx.test' },
      mailboxes: ['user.alice'],
      lmtp: { path: '/run/cyrus/socket/lmtp' },
      applyAtSetup: false,
    },
    cases: [killAtEveryBoundary],
  },
  {
    s: {
      name: 'converge-remote-kill',
      kind: 'remote',
      answers: {
        topology: 'remote',
        mailHost: 'mx.test',
        tcp: { storeHost: 'store.test' },
        sasl: { password: 'S3cret-lmtp' },
        tls: { mode: 'off' },
      },
      mailboxes: ['user.alice'],
      lmtp: { host: n.cyrus.addr, port: 2003 },
      applyAtSetup: false,
    },
    cases: [killAtEveryBoundary],
  },
  {
    s: {
      name: 'converge-faults',
      kind: 'single-host',
      answers: { topology: 'single-host', mailHost: 'mx.test' },
      mailboxes: ['user.alice'],
      lmtp: { path: '/run/cyrus/socket/lmtp' },
      applyAtSetup: false,
    },
    cases: [fullDisk, twoAtOnce, stuckStates, failedRestart, mailInFlight()],
  },
];
