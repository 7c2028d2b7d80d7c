import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import {
  buildTestApp,
  containsMarker,
  MARKER,
  postJson,
  readTarball,
  remote,
  singleHost,
  type ExtractedEntry,
} from './helpers.ts';

const HOST_FILES = ['README.md', 'apply.sh', 'verify.sh'];

function expectHostFolder(entries: ExtractedEntry[], host: string) {
  const byName = new Map(entries.map((e) => [e.name, e]));
  expect(byName.get(`${host}/`)?.type, `${host}/`).toBe('directory');
  for (const f of HOST_FILES) expect(byName.get(`${host}/${f}`)?.type, `${host}/${f}`).toBe('file');
  expect(byName.get(`${host}/apply.sh`)?.mode).toBe(0o755);
  expect(byName.get(`${host}/verify.sh`)?.mode).toBe(0o755);
  expect(byName.get(`${host}/files/`)?.type).toBe('directory');
  expect(entries.some((e) => e.type === 'file' && e.name.startsWith(`${host}/files/etc/`))).toBe(true);
}

const topFolders = (entries: ExtractedEntry[]) =>
  [...new Set(entries.filter((e) => e.name.includes('/')).map((e) => e.name.split('/')[0]))].sort();

describe('POST /api/bundle', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it('sends a gzip attachment named after topology and host', async () => {
    const res = await postJson(app, '/api/bundle', remote);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    expect(res.headers['content-disposition']).toBe('attachment; filename="lmtp-wizard-remote-mx.example.org.tar.gz"');
    expect(res.rawPayload.subarray(0, 2).toString('hex')).toBe('1f8b');
    const single = await postJson(app, '/api/bundle', { ...singleHost, mailHost: 'MAIL.Example.org' });
    expect(single.headers['content-disposition']).toBe(
      'attachment; filename="lmtp-wizard-single-host-mail.example.org.tar.gz"',
    );
  });

  it('single host: top-level README.md and answers.json, one mail-host/ folder', async () => {
    const entries = await readTarball((await postJson(app, '/api/bundle', singleHost)).rawPayload);
    expect(topFolders(entries)).toEqual(['mail-host']);
    expect(
      entries
        .filter((e) => !e.name.includes('/'))
        .map((e) => e.name)
        .sort(),
    ).toEqual(['README.md', 'answers.json', 'share.txt']);
    expectHostFolder(entries, 'mail-host');
    expect(JSON.parse(entries.find((e) => e.name === 'answers.json')?.content ?? '{}')).toMatchObject(singleHost);
  });

  it('remote: postfix-host/ and cyrus-host/, cyrus_sasl_passwd 0600, answers.json without the password', async () => {
    const entries = await readTarball((await postJson(app, '/api/bundle', remote)).rawPayload);
    expect(topFolders(entries)).toEqual(['cyrus-host', 'postfix-host']);
    expectHostFolder(entries, 'postfix-host');
    expectHostFolder(entries, 'cyrus-host');
    const saslPasswd = entries.find((e) => e.name === 'postfix-host/files/etc/postfix/cyrus_sasl_passwd');
    expect(saslPasswd?.mode).toBe(0o600);
    expect(saslPasswd?.content).toContain(MARKER);
    const answers = entries.find((e) => e.name === 'answers.json');
    expect(answers?.content).toBeTruthy();
    expect(containsMarker(answers?.content ?? '')).toBe(false);
    expect(JSON.parse(answers?.content ?? '{}')).toMatchObject({ topology: 'remote', mailHost: 'mx.example.org' });
  });

  it('answers.json carries the target release: the default, or the one chosen', async () => {
    const answersOf = async (body: unknown) => {
      const entries = await readTarball((await postJson(app, '/api/bundle', body)).rawPayload);
      return JSON.parse(entries.find((e) => e.name === 'answers.json')?.content ?? '{}') as Record<string, unknown>;
    };
    expect((await answersOf(singleHost)).target).toBe('debian-13');
    expect((await answersOf({ ...remote, target: 'debian-12' })).target).toBe('debian-12');
    const refused = await postJson(app, '/api/bundle', { ...singleHost, target: 'debian-11' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([expect.objectContaining({ path: 'target' })]);
  });

  it('is sorted, owned by root and dated 2000-01-01 throughout', async () => {
    const entries = await readTarball((await postJson(app, '/api/bundle', remote)).rawPayload);
    const names = entries.map((e) => e.name);
    expect(names).toEqual([...names].sort());
    for (const e of entries) {
      expect([e.uid, e.gid, e.uname, e.gname, e.mtime.toISOString()]).toEqual([
        0,
        0,
        'root',
        'root',
        '2000-01-01T00:00:00.000Z',
      ]);
    }
  });

  it('is deterministic: the same answers give byte-identical tarballs', async () => {
    for (const answers of [singleHost, remote]) {
      const [a, b] = await Promise.all([postJson(app, '/api/bundle', answers), postJson(app, '/api/bundle', answers)]);
      expect(a.rawPayload.length).toBeGreaterThan(100);
      expect(a.rawPayload.equals(b.rawPayload)).toBe(true);
    }
    const other = await postJson(app, '/api/bundle', { ...remote, tcp: { ...remote.tcp, port: 2004 } });
    const base = await postJson(app, '/api/bundle', remote);
    expect(other.rawPayload.equals(base.rawPayload)).toBe(false);
  });

  it('answers 422 with field paths instead of a tarball', async () => {
    const res = await postJson(app, '/api/bundle', { ...remote, tcp: { storeHost: 'bad host!' } });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['tcp.storeHost']);
  });
});
