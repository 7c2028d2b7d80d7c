// The shell library as real files (issue 22): embedded.ts is what
// scripts/embed-shell.mjs makes of src/shell/*.sh; every .sh file and every
// shipped script parses under sh and dash; shellcheck (-s sh -S warning)
// finds nothing in any of them: each golden bundle's apply.sh, verify.sh and
// inspect.sh (with the lib/lmtp-wizard.sh they source), the library, and the
// rollback.sh that apply.sh writes into its backup. Without shellcheck or
// dash this fails: `npm test` installs them (scripts/run-tests.mjs).
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAnswers } from '@lmtp-wizard/schema';
import { generate } from '../src/index.ts';
import { LIBRARY, LIBRARY_PATH } from '../src/shell/library.ts';
import { INSPECT_SH } from '../src/inspect/script.ts';
// @ts-expect-error: a plain .mjs script without types
import { EMBEDDED, render, SHELL_DIR } from '../scripts/embed-shell.mjs';

const GOLDEN = join(import.meta.dirname, 'golden');
/** Against a hang, not a speed test: shellcheck takes about 2.5 s of CPU for the library on a quiet machine. */
const LIMIT = 120_000;
const work = mkdtempSync(join(tmpdir(), 'lmtp-wizard-shell-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const shFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? shFiles(join(dir, e.name)) : e.name.endsWith('.sh') ? [join(dir, e.name)] : [],
  );

/** shellcheck's findings (gcc format, one per line), run in DIR; fails when shellcheck is missing. */
function shellcheck(dir: string, files: readonly string[]): string {
  const r = spawnSync('shellcheck', ['-s', 'sh', '-S', 'warning', '-x', '-f', 'gcc', ...files], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (r.error) throw new Error(`shellcheck could not run (${r.error.message}); install Debian's shellcheck package`);
  if (r.status !== 0 && r.stdout === '') throw new Error(`shellcheck failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** The same, without blocking: the scenarios' folders are checked a few at a time. */
const shellcheckAsync = (dir: string, files: readonly string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile(
      'shellcheck',
      ['-s', 'sh', '-S', 'warning', '-x', '-f', 'gcc', ...files],
      { cwd: dir, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT')
          reject(new Error("shellcheck could not run; install Debian's shellcheck package"));
        else if (err && stdout === '') reject(new Error(`shellcheck failed: ${stderr}`));
        else resolve(stdout.trim());
      },
    );
  });

/** Runs JOBS, at most N at a time. */
async function pool<T>(jobs: (() => Promise<T>)[], n: number): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await (jobs[i] as () => Promise<T>)();
      }
    }),
  );
  return out;
}

function parses(shell: 'sh' | 'dash', file: string): string {
  const r = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
  if (r.error) throw new Error(`${shell} could not run (${r.error.message})`);
  return r.status === 0 ? '' : `${file}: ${r.stderr}`;
}

/** The rollback.sh that apply.sh writes (write_rollback's here-document). */
const rollback = (): string => {
  const m = /<<'ROLLBACK'\n([\s\S]*?)\nROLLBACK\n/.exec(LIBRARY);
  if (!m?.[1]) throw new Error('no rollback.sh here-document in the library');
  return `${m[1]}\n`;
};

/** Every golden scenario's host folders, written out with their lib/ (as the tarball has them). */
const bundles = readdirSync(GOLDEN).flatMap((scenario) => {
  const r = parseAnswers(JSON.parse(readFileSync(join(GOLDEN, scenario, 'answers.json'), 'utf8')));
  if (!r.ok) throw new Error(`${scenario}: ${JSON.stringify(r.errors)}`);
  return generate(r.answers).hosts.map((h) => {
    const dir = join(work, scenario, h.id);
    for (const f of h.files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    return {
      name: `${scenario}/${h.id}`,
      dir,
      scripts: h.files.filter((f) => f.path.endsWith('.sh')).map((f) => f.path),
    };
  });
});

describe('the shell library as real files', () => {
  it('src/shell/embedded.ts is what scripts/embed-shell.mjs makes of the .sh files (else run the package build)', () => {
    expect(readFileSync(EMBEDDED, 'utf8')).toBe(render());
  });

  it(
    'every .sh file of src/shell and the library parse under sh -n and dash -n',
    () => {
      const lib = join(work, 'lmtp-wizard.sh');
      writeFileSync(lib, LIBRARY);
      const files = [...shFiles(SHELL_DIR), lib];
      expect(files.length).toBeGreaterThan(20);
      expect(files.flatMap((f) => [parses('sh', f), parses('dash', f)]).filter(Boolean)).toEqual([]);
    },
    LIMIT,
  );

  it(
    'shellcheck finds nothing in the library, inspect.sh and the rollback.sh that apply.sh writes',
    () => {
      const dir = join(work, 'own');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'lmtp-wizard.sh'), LIBRARY);
      writeFileSync(join(dir, 'inspect.sh'), INSPECT_SH);
      writeFileSync(join(dir, 'rollback.sh'), rollback());
      expect(rollback()).toMatch(/^#!\/bin\/sh\n[\s\S]*sh "\$here\/undo-last"/);
      expect(shellcheck(dir, ['lmtp-wizard.sh', 'inspect.sh', 'rollback.sh'])).toBe('');
    },
    LIMIT,
  );

  it(
    'shellcheck is there: it reports a planted fault',
    () => {
      const dir = join(work, 'planted');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'bad.sh'), '#!/bin/sh\nf=$1\nrm -rf $(cat $f)\n');
      expect(shellcheck(dir, ['bad.sh'])).toMatch(/SC2046/);
    },
    LIMIT,
  );
});

const scenarios = [...new Set(bundles.map((b) => b.name.split('/')[0] ?? ''))];

describe.each(scenarios)('shipped scripts of %s', (scenario) => {
  const folders = bundles.filter((b) => b.name.startsWith(`${scenario}/`));

  it('ship the library, and apply.sh and verify.sh source it from their own folder; inspect.sh is the standalone one', () => {
    for (const { dir, scripts } of folders) {
      expect(scripts).toContain(LIBRARY_PATH);
      for (const s of ['apply.sh', 'verify.sh'])
        expect(readFileSync(join(dir, s), 'utf8')).toContain(`. "$HERE/${LIBRARY_PATH}"`);
      expect(readFileSync(join(dir, 'inspect.sh'), 'utf8')).toBe(INSPECT_SH);
    }
  });

  it(
    'parse under sh -n and dash -n',
    () => {
      const all = folders.flatMap(({ dir, scripts }) => scripts.map((s) => join(dir, s)));
      expect(all.flatMap((f) => [parses('sh', f), parses('dash', f)]).filter(Boolean)).toEqual([]);
    },
    LIMIT,
  );

  // shellcheck -x reads the library each script sources: about 2.5 s of CPU
  // per script on a quiet machine. The limit is against a hang, not a speed test.
  it(
    'shellcheck -s sh -S warning -x: no finding in apply.sh and verify.sh, read with the library they source',
    async () => {
      const jobs = folders.flatMap(({ dir }) => ['apply.sh', 'verify.sh'].map((s) => () => shellcheckAsync(dir, [s])));
      expect((await pool(jobs, availableParallelism())).filter(Boolean)).toEqual([]);
    },
    5 * LIMIT,
  );
});

it(
  'a script runs from another directory: it finds its library beside it',
  () => {
    const b = bundles[0];
    if (!b) throw new Error('no golden bundle');
    // --help is read-only and needs no root: the library must be sourced first, from the script's own folder
    const out = execFileSync('sh', [join(b.dir, 'apply.sh'), '--help'], { cwd: tmpdir(), encoding: 'utf8' });
    expect(out).toMatch(/^apply\.sh of /);
    const moved = join(work, 'no-lib');
    mkdirSync(moved, { recursive: true });
    writeFileSync(join(moved, 'verify.sh'), readFileSync(join(b.dir, 'verify.sh')));
    const r = spawnSync('sh', [join(moved, 'verify.sh')], { cwd: tmpdir(), encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('lib/lmtp-wizard.sh is missing: copy the whole folder of the bundle');
  },
  LIMIT,
);
