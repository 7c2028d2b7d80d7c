// Property tests: for any answers the schema accepts, every generated file
// parses back with a strict parser into exactly the intended entries, and
// every script value stays one shell word. PROPERTY_RUNS sets the case count
// (scripts/test-limits.ts: 10,000 by default and in CI).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answers } from '@lmtp-wizard/schema';
import { generate, inspectScript, shq } from '../src/index.ts';
import { validAnswers } from './arbitraries.ts';
import { APPLY_LIB } from '../src/scripts/shell-lib.ts';
import { SYSTEM_LIB } from '../src/scripts/shell-lib-system.ts';
import { STATE_LIB } from '../src/scripts/shell-lib-state.ts';
import { RESTART_LIB } from '../src/scripts/shell-lib-restart.ts';
import { VERIFY_LIB } from '../src/scripts/verify-lib.ts';
import { COMMON_LIB } from '../src/scripts/common-lib.ts';
import { RECIPIENTS_APPLY, RECIPIENTS_COMMON, RECIPIENTS_VERIFY } from '../src/scripts/shell-lib-recipients.ts';
import { NEIGHBOURS_APPLY_LIB, NEIGHBOURS_COMMON, NEIGHBOURS_VERIFY_LIB } from '../src/scripts/shell-lib-neighbours.ts';
import { expectedColumns, expectedCyrusServices, expectedImapd, expectedMainCf, expectedMaster } from './oracle.ts';
import { parseColumns, parseCyrusServices, parseImapd, parseMainCf, shellWords } from './strict-parsers.ts';
import { hangGuardMs, PROPERTY_RUNS, propertyRuns } from '../../../scripts/test-limits.ts';
import { POLICIES_LIB } from '../src/shell/embedded.ts';

const RUNS = PROPERTY_RUNS;
// 10 ms per case usually (100 s for 10,000 at a load average of 3 to 6 on 2
// cores); 600 s for 10,000 once ran out at a load of 10, so the guard allows
// 12 ms, ten-fold: 1,200 s at the default.
const USUAL_MS_PER_CASE = 12;

function checkFiles(a: Exclude<Answers, { topology: 'murder' }>, scripts: string[]): void {
  const out = generate(a);
  const files = new Map<string, string>(
    out.hosts.flatMap((h) => h.files.map((f) => [`${h.id}/${f.path}`, f.content] as const)),
  );
  const pf = a.topology === 'single-host' ? 'mail-host' : 'postfix-host';
  const cy = a.topology === 'single-host' ? 'mail-host' : 'cyrus-host';
  expect(parseMainCf(files.get(`${pf}/files/etc/postfix/main.cf.fragment`)!)).toEqual(expectedMainCf(a));
  expect(parseColumns(files.get(`${pf}/files/etc/postfix/master.cf.fragment`)!)).toEqual(expectedMaster(a));
  expect(parseImapd(files.get(`${cy}/files/etc/imapd.conf.fragment`)!)).toEqual(expectedImapd(a));
  expect(parseCyrusServices(files.get(`${cy}/files/etc/cyrus.conf.fragment`)!)).toEqual(expectedCyrusServices(a));
  for (const [path, rows] of Object.entries(expectedColumns(a))) {
    expect(parseColumns(files.get(path) ?? ''), path).toEqual(rows);
  }
  if (a.topology === 'remote') {
    expect(files.get('cyrus-host/secrets/sasl-password')).toBe(a.sasl.password);
    // each further MX (issue 15): its own folder with its own host name and concurrency, its own secret on the store
    for (const m of a.extraMx) {
      const seen = { ...a, mailHost: m.host, limits: { ...a.limits, concurrency: m.concurrency } };
      expect(parseMainCf(files.get(`postfix-host-${m.host}/files/etc/postfix/main.cf.fragment`)!)).toEqual(
        expectedMainCf(seen),
      );
      expect(parseColumns(files.get(`postfix-host-${m.host}/files/etc/postfix/master.cf.fragment`)!)).toEqual(
        expectedMaster(seen),
      );
      expect(files.get(`cyrus-host/secrets/sasl-password-${m.host}`)).toBe(a.sasl.sharedUser ? undefined : m.password);
    }
    expect(out.hosts.map((h) => h.id)).toEqual([
      'cyrus-host',
      'postfix-host',
      ...a.extraMx.map((m) => `postfix-host-${m.host}`),
    ]);
  }
  for (const h of out.hosts) {
    for (const step of h.steps) for (const cmd of step.commands) shellWords(cmd);
    scripts.push(...h.files.filter((f) => f.path.endsWith('.sh') && !f.secret).map((f) => f.content));
    // The password lives only in secret files.
    if (a.topology === 'remote') {
      for (const pw of [a.sasl.password, ...a.extraMx.map((m) => m.password)]) {
        for (const f of h.files)
          if (!f.secret && pw.length > 3) expect(f.content.includes(`:${pw}`), f.path).toBe(false);
      }
    }
  }
}

// The function libraries are static text, identical in every script; they are
// checked once, and stripped from the per-case scripts to keep 10,000 cases fast.
// inspect.sh is static as a whole (the same in every host folder).
const STATIC = [
  COMMON_LIB,
  APPLY_LIB,
  POLICIES_LIB,
  SYSTEM_LIB,
  STATE_LIB,
  RESTART_LIB,
  VERIFY_LIB,
  NEIGHBOURS_COMMON,
  NEIGHBOURS_APPLY_LIB,
  NEIGHBOURS_VERIFY_LIB,
  RECIPIENTS_COMMON,
  RECIPIENTS_APPLY,
  RECIPIENTS_VERIFY,
  inspectScript(),
];
const strip = (s: string) => STATIC.reduce((acc, lib) => acc.split(lib).join('\n'), s);

/** bash -n and sh -n over many scripts at once: each becomes the body of a function. */
function bashSyntaxCheck(scripts: string[], stripStatic = true): void {
  // ":" first: a script that was all static text (inspect.sh) leaves an empty body, which bash refuses
  const body = scripts
    .map((s, i) => `f${i}() {\n:\n${(stripStatic ? strip(s) : s).replace(/^#!.*\n/, '')}\n}`)
    .join('\n');
  // From a file, not a pipe: bash reads a pipe one byte per read(2), which
  // made this check take 350 of the suite's 410 s.
  const dir = mkdtempSync(join(tmpdir(), 'lwz-syntax-'));
  try {
    const file = join(dir, 'body.sh');
    writeFileSync(file, body);
    execFileSync('bash', ['-n', file]);
    execFileSync('sh', ['-n', file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('generated files, for any valid answers', () => {
  it(
    `parse back into exactly the intended entries (${RUNS} cases)`,
    () => {
      let scripts: string[] = [];
      fc.assert(
        fc.property(validAnswers, (a) => {
          if (a.topology === 'murder') throw new Error('the arbitrary makes two-host answers only');
          checkFiles(a, scripts);
          if (scripts.length >= 400) {
            bashSyntaxCheck(scripts);
            scripts = [];
          }
        }),
        { numRuns: RUNS },
      );
      if (scripts.length) bashSyntaxCheck(scripts);
    },
    hangGuardMs(USUAL_MS_PER_CASE * RUNS),
  );
});

describe('the shell quoting function', () => {
  it('libraries are valid sh and bash on their own', () => {
    bashSyntaxCheck(STATIC, false);
  });

  it('round-trips any printable ASCII string through sh as one word', () => {
    const words = fc.sample(
      fc.string({ unit: fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
      propertyRuns(2000),
    );
    const script = words.map((w) => `printf '%s\\0' ${shq(w)}`).join('\n');
    const out = execFileSync('sh', ['-c', script], { encoding: 'utf8' });
    expect(out.split('\0').slice(0, -1)).toEqual(words);
  });
});
