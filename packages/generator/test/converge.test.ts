// Issue 21: apply.sh's own state survives any interruption. The real library
// functions run under sh on files in a temp dir: rollback.sh exists, complete,
// before the first change and after a SIGKILL; the next run continues the
// interrupted run's backup; every file is written whole (temporary file
// beside, fsync, rename); too little space is a conflict before any change;
// a second run waits for the lock. The real-mail suite (cases/converge.ts)
// does the same to real daemons.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMON_LIB } from '../src/scripts/common-lib.ts';
import { APPLY_LIB } from '../src/scripts/shell-lib.ts';
import { STATE_LIB } from '../src/scripts/shell-lib-state.ts';
import { RESTART_LIB } from '../src/scripts/shell-lib-restart.ts';
import { NEIGHBOURS_APPLY_LIB, NEIGHBOURS_COMMON } from '../src/scripts/shell-lib-neighbours.ts';
import { POLICIES_LIB } from '../src/shell/embedded.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lwz-converge-test-'));
  mkdirSync(join(dir, 'etc'));
  writeFileSync(join(dir, 'etc', 'a.conf'), 'original a\n', { mode: 0o640 });
  writeFileSync(join(dir, 'etc', 'b.conf'), 'original b\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const shArgs = (script: string): string[] => [
  '-c',
  [
    COMMON_LIB,
    APPLY_LIB,
    POLICIES_LIB,
    STATE_LIB,
    RESTART_LIB,
    NEIGHBOURS_COMMON,
    NEIGHBOURS_APPLY_LIB,
    'set -eu',
    script,
  ].join('\n'),
];
const shEnv = (env: Record<string, string>): Record<string, string> => ({
  PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
  LC_ALL: 'C',
  DIR: dir,
  DRY_RUN: '0',
  RESTART: '1',
  CHANGED: '',
  HOST_ID: 'mail-host',
  BACKUP_ROOT: `${dir}/backups`,
  BACKUP: `${dir}/backups/20260101T000000Z-mail-host-${Math.floor(Math.random() * 1e6)}`,
  CONFLICTS: `${dir}/conflicts`,
  REPLACED: `${dir}/replaced`,
  ...env,
});

function sh(script: string, env: Record<string, string> = {}) {
  const r = spawnSync('sh', shArgs(script), { encoding: 'utf8', env: shEnv(env) });
  return { code: r.status, out: r.stdout, err: r.stderr, signal: r.signal };
}
const write = (f: string, text: string) =>
  `printf '%s\\n' ${JSON.stringify(text)} >"$DIR/new"; replace_content "$DIR/new" "$DIR/etc/${f}"`;
const folders = () => (existsSync(join(dir, 'backups')) ? readdirSync(join(dir, 'backups')) : []);
const read = (f: string) => readFileSync(join(dir, 'etc', f), 'utf8');

describe('rollback.sh is there before the first change and after a SIGKILL', () => {
  it('a run killed after changing a.conf leaves a complete rollback.sh that restores it byte for byte, mode included', () => {
    const r = sh(
      `start_backup; [ -s "$BACKUP/rollback.sh" ] && echo ROLLBACK-FIRST; ${write('a.conf', 'new a')}; kill -KILL $$`,
    );
    expect(r.signal).toBe('SIGKILL');
    expect(r.out).toContain('ROLLBACK-FIRST');
    expect(read('a.conf')).toBe('new a\n');
    const [folder] = folders();
    const rb = spawnSync('sh', [join(dir, 'backups', folder!, 'rollback.sh')], { encoding: 'utf8' });
    expect(rb.status, rb.stderr).toBe(0);
    expect(read('a.conf')).toBe('original a\n');
    expect((statSync(join(dir, 'etc', 'a.conf')).mode & 0o777).toString(8)).toBe('640');
  });

  it("the next run continues the killed run's backup: one folder, whose rollback.sh restores the state before the first run", () => {
    sh(`start_backup; ${write('a.conf', 'half a')}; kill -KILL $$`);
    const r = sh(`start_backup; ${write('a.conf', 'new a')}; ${write('b.conf', 'new b')}; finish_backup; end_run`);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/an earlier apply\.sh stopped before it finished; continuing its backup in /);
    expect(folders()).toHaveLength(1);
    const folder = join(dir, 'backups', folders()[0]!);
    expect(existsSync(join(folder, 'unfinished'))).toBe(false);
    expect(spawnSync('sh', [join(folder, 'rollback.sh')]).status).toBe(0);
    expect([read('a.conf'), read('b.conf')]).toEqual(['original a\n', 'original b\n']);
  });

  it('a file killed in the middle of its second change is restored without --force (its checksum was dropped first)', () => {
    sh(
      `start_backup; ${write('a.conf', 'first a')}; backup "$DIR/etc/a.conf"; echo 'torn' >"$DIR/etc/a.conf"; kill -KILL $$`,
    );
    const folder = join(dir, 'backups', folders()[0]!);
    const rb = spawnSync('sh', [join(folder, 'rollback.sh')], { encoding: 'utf8' });
    expect(rb.status, rb.stderr).toBe(0);
    expect(read('a.conf')).toBe('original a\n');
  });

  it('a finished run that changed nothing leaves no folder; a later run after a finished one starts its own', () => {
    expect(sh('start_backup; finish_backup; end_run').out).toContain('nothing to change: already applied');
    expect(folders()).toEqual([]);
    sh(`start_backup; ${write('a.conf', 'new a')}; finish_backup; end_run`);
    sh(
      `BACKUP="$BACKUP_ROOT/20270101T000000Z-mail-host-2"; start_backup; ${write('b.conf', 'new b')}; finish_backup; end_run`,
    );
    expect(folders()).toHaveLength(2);
  });
});

describe('put_file: a temporary file beside, fsynced, renamed', () => {
  it('keeps owner and mode, leaves no temporary file, and a failed write leaves the old file whole', () => {
    expect(sh(`printf 'x\\n' >"$DIR/src"; put_file "$DIR/src" "$DIR/etc/a.conf"`).code).toBe(0);
    expect(read('a.conf')).toBe('x\n');
    expect((statSync(join(dir, 'etc', 'a.conf')).mode & 0o777).toString(8)).toBe('640');
    expect(readdirSync(join(dir, 'etc')).sort()).toEqual(['a.conf', 'b.conf']);
    const r = sh(`printf 'y\\n' >"$DIR/src"; cat() { return 1; }; put_file "$DIR/src" "$DIR/etc/a.conf"`);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /could not write .*\.a\.conf\.lmtp-wizard-new: \d+ kB free on .* \(mounted on .*\); .*a\.conf is unchanged/,
    );
    expect(read('a.conf')).toBe('x\n');
    expect(readdirSync(join(dir, 'etc')).sort()).toEqual(['a.conf', 'b.conf']);
  });
});

describe('check_space: too little room is a conflict before any change', () => {
  it('names the file system, its free space and the space needed', () => {
    const df = `df() { printf 'Filesystem 1024-blocks Used Available Capacity Mounted on\\n/dev/lwz 100 90 10 90%% /srv/full\\n'; }`;
    const r = sh(`: >"$CONFLICTS"; ${df}; check_space "$DIR/etc/a.conf" "$DIR/etc/b.conf"; cat "$CONFLICTS"`);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(
      /\/srv\/full: free space on \/dev\/lwz is "10 kB", this bundle needs "2\d\d kB \(with the backup folder .*\)"; to resolve: no space left for the new files and their backups: free at least 2\d\d kB on the file system mounted on \/srv\/full/,
    );
    expect(sh(`: >"$CONFLICTS"; check_space "$DIR/etc/a.conf"; cat "$CONFLICTS"`).out).toBe('');
  });
});

describe('take_lock: one apply.sh at a time', () => {
  /** Resolves once the process has printed text matching `re` on stdout, with all it printed so far. */
  const printed = (p: ChildProcess, re: RegExp): Promise<string> =>
    new Promise((resolve, reject) => {
      let out = '';
      p.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (re.test(out)) resolve(out);
      });
      p.once('close', (code) => reject(new Error(`exited ${code} before printing ${re}: ${out}`)));
    });

  it('a second run waits for the first, and gives up with a clear message when it does not finish', async () => {
    const lock = join(dir, 'lock');
    // The first run: holds the lock until its standard input ends, and says
    // when it holds it. No sleep decides the order, so load cannot change it.
    const holder = spawn('sh', ['-c', 'exec 9>>"$1"; flock 9; echo held; read -r _', 'holder', lock], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    await printed(holder, /held/);
    const r = sh('LOCK_WAIT=1; take_lock; echo GOT', { LOCK: lock });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/another apply\.sh runs on this host \(it holds .*lock\); waiting up to 1 s/);
    expect(r.err).toMatch(/another apply\.sh still runs on this host after 1 s .*nothing was changed/);
    // A run that waits long enough sees the first one finish while it waits.
    const waiting = spawn('sh', shArgs('LOCK_WAIT=50; take_lock; echo GOT'), {
      env: shEnv({ LOCK: lock }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    waiting.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const done = new Promise<number | null>((resolve) => waiting.once('close', resolve));
    await printed(waiting, /waiting up to 50 s/);
    holder.stdin?.end();
    expect(await done, out).toBe(0);
    expect(out).toMatch(/the other apply\.sh has finished[\s\S]*GOT/);
  });
});
