// The secret audit: a marker password goes in through every route, valid
// and invalid, and must come out nowhere but in 0600 files of the tarball.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { MASK } from '@lmtp-wizard/generator';
import { parseAnswers, secretPaths, type Answers } from '@lmtp-wizard/schema';
import { buildTestApp, captureLogs, CANARY, containsMarker, MARKER, postJson, readTarball, remote } from './helpers.ts';

describe('the SASL password never leaks', () => {
  let app: FastifyInstance;
  const logs = captureLogs();
  beforeAll(async () => {
    app = await buildTestApp({ config: { logLevel: 'trace' }, logStream: logs.stream });
  });
  afterAll(() => app.close());

  it('preview masks it', async () => {
    const res = await postJson(app, '/api/preview', remote);
    expect(res.statusCode).toBe(200);
    expect(containsMarker(res.body)).toBe(false);
    const preview = res.json();
    const secretFiles: { path: string; content: string }[] = preview.hosts.flatMap(
      (h: { files: { secret: boolean; path: string; content: string }[] }) => h.files.filter((f) => f.secret),
    );
    expect(secretFiles.map((f: { path: string }) => f.path)).toContain('files/etc/postfix/cyrus_sasl_passwd');
    for (const f of secretFiles) expect(f.content).toContain(MASK);
  });

  it('only 0600 files of the tarball hold it', async () => {
    const entries = await readTarball((await postJson(app, '/api/bundle', remote)).rawPayload);
    const holders = entries.filter((e) => containsMarker(e.content));
    expect(holders.length).toBeGreaterThan(0);
    for (const e of holders) expect(e.mode, e.name).toBe(0o600);
  });

  it('is absent from everything the logger wrote, for good and bad requests alike', async () => {
    const json = { 'content-type': 'application/json' };
    await postJson(app, '/api/validate', remote);
    await postJson(app, '/api/bundle', remote);
    await postJson(app, '/api/validate', { ...remote, tcp: { storeHost: MARKER.toLowerCase() } });
    await postJson(app, '/api/validate', { ...remote, [MARKER]: MARKER });
    await postJson(app, '/api/validate', { ...remote, sasl: { password: `${MARKER} with space` } });
    await app.inject({ method: 'POST', url: '/api/bundle', headers: json, payload: `{"sasl":{"password":"${MARKER}"` });
    await app.inject({
      method: 'POST',
      url: '/api/bundle',
      headers: { 'content-type': 'text/plain' },
      payload: MARKER,
    });
    await app.inject({
      method: 'POST',
      url: '/api/bundle',
      headers: json,
      payload: `{"p":"${MARKER}${'x'.repeat(70_000)}"}`,
    });
    await app.inject({
      method: 'POST',
      url: '/api/bundle',
      headers: { ...json, authorization: MARKER },
      payload: JSON.stringify(remote),
    });

    const text = logs.text();
    // The capture must have seen the requests, or the audit proves nothing.
    expect(text).toContain('"url":"/api/bundle"');
    expect(text).toContain('"statusCode":415');
    expect(containsMarker(text)).toBe(false);
  });

  // Every secret the schema lists (secretPaths), each with a marker of its own: a Murder, and several MX hosts with their own users.
  const everySecret: [string, object][] = [
    [
      'a Murder',
      {
        topology: 'murder',
        mailHost: 'mx.example.org',
        murder: {
          mupdateHost: 'mupdate.example.org',
          frontends: ['fe1.example.org'],
          backends: ['be1.example.org', 'be2.example.org'],
          backendPasswords: [{ password: 'x' }, { password: 'x' }],
          mupdatePassword: 'x',
        },
        sasl: { password: 'x' },
      },
    ],
    [
      'several MX hosts',
      {
        ...remote,
        sasl: { password: 'x' },
        extraMx: [
          { host: 'mx2.example.org', username: 'postman2', password: 'x' },
          { host: 'mx3.example.org', username: 'postman3', password: 'x' },
        ],
      },
    ],
  ];
  /** The answers with a distinct marker in each secret they set, and the markers. */
  function marked(input: object): { answers: object; markers: string[] } {
    const r = parseAnswers(input);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const copy = structuredClone(r.answers) as Answers;
    const markers: string[] = [];
    secretPaths(r.answers).forEach((path, i) => {
      let node = copy as unknown as Record<string | number, unknown>;
      for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
      const key = path[path.length - 1]!;
      // a secret the answers leave empty (the shared proxy password when each backend has its own) is not used
      if (node[key] === '') return;
      const marker = `${CANARY}${i}x`;
      markers.push(marker);
      node[key] = marker;
    });
    return { answers: copy, markers };
  }

  it.each(everySecret)(
    '%s: the preview holds none of its secrets, and only 0600 files of the tarball do',
    async (_name, input) => {
      const { answers, markers } = marked(input);
      expect(markers.length).toBeGreaterThanOrEqual(3);
      const preview = await postJson(app, '/api/preview', answers);
      expect(preview.statusCode).toBe(200);
      for (const m of markers) expect(preview.body).not.toContain(m);
      const entries = await readTarball((await postJson(app, '/api/bundle', answers)).rawPayload);
      for (const m of markers) {
        const holders = entries.filter((e) => e.content.includes(m));
        expect(holders.length, m).toBeGreaterThan(0);
        for (const e of holders) expect(e.mode, `${e.name} holds ${m}`).toBe(0o600);
      }
    },
  );
});
