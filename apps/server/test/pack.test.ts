import { describe, expect, it } from 'vitest';
import type { GeneratedFile, GeneratorOutput } from '@lmtp-wizard/generator';
import { MTIME, bundleEntries, packOutput } from '../src/lib/pack.ts';
import { readTarball } from './helpers.ts';

const file = (path: string, mode = 0o644, content = path): GeneratedFile => ({
  path,
  target: null,
  mode,
  install: 'copy',
  content,
  explanation: '',
  guideRef: '',
  secret: false,
});

const output = (hostFiles: GeneratedFile[], top: GeneratedFile[] = [file('README.md')]): GeneratorOutput =>
  ({
    files: top,
    hosts: [{ id: 'mail-host', title: 'Mail host', files: hostFiles, steps: [] }],
    warnings: [],
  }) as GeneratorOutput;

describe('packOutput', () => {
  it("writes sorted entries with explicit directories, fixed metadata and the files' modes", async () => {
    const out = output([
      file('verify.sh', 0o755),
      file('files/etc/postfix/sasl_passwd', 0o600, 'secret'),
      file('apply.sh', 0o755),
      file('files/etc/a.conf'),
    ]);
    const entries = await readTarball(await packOutput(out));
    expect(entries.map((e) => `${e.name} ${e.type} ${e.mode.toString(8)}`)).toEqual([
      'README.md file 644',
      'mail-host/ directory 755',
      'mail-host/apply.sh file 755',
      'mail-host/files/ directory 755',
      'mail-host/files/etc/ directory 755',
      'mail-host/files/etc/a.conf file 644',
      'mail-host/files/etc/postfix/ directory 755',
      'mail-host/files/etc/postfix/sasl_passwd file 600',
      'mail-host/verify.sh file 755',
    ]);
    for (const e of entries) {
      expect([e.uid, e.gid, e.uname, e.gname]).toEqual([0, 0, 'root', 'root']);
      expect(e.mtime.toISOString()).toBe('2000-01-01T00:00:00.000Z');
    }
    expect(entries.find((e) => e.name.endsWith('sasl_passwd'))?.content).toBe('secret');
  });

  it('gives the same bytes for the same output, whatever the input order', async () => {
    const a = await packOutput(output([file('b.sh'), file('a.sh')]));
    const b = await packOutput(output([file('a.sh'), file('b.sh')]));
    expect(a.equals(b)).toBe(true);
    expect(MTIME.getTime()).toBe(946684800000);
  });

  it('refuses paths that would escape the bundle or collide', () => {
    for (const bad of ['/etc/passwd', '../x', 'files/../../x', 'a//b', 'files/./x', '']) {
      expect(() => bundleEntries(output([file(bad)])), bad).toThrow(/unsafe path/);
    }
    expect(() => bundleEntries(output([file('a'), file('a')]))).toThrow(/share the path/);
    expect(() => bundleEntries(output([file('a'), file('a/b')]))).toThrow(/both a file and a directory/);
    expect(() => bundleEntries(output([file('a', 0o4755)]))).toThrow(/mode/);
  });
});
