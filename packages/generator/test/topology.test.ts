// The topology picture is drawn from the generator's own context: its
// hosts are the bundle's host folders, its link is the transport's route.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseAnswers, type Answers } from '@lmtp-wizard/schema';
import { generate, topologyPicture } from '../src/index.ts';
import { validAnswers } from './arbitraries.ts';
import { propertyRuns } from '../../../scripts/test-limits.ts';

function parsed(input: unknown): Answers {
  const r = parseAnswers(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.answers;
}

const REMOTE = {
  topology: 'remote',
  mailHost: 'mx.example.org',
  tcp: { storeHost: 'store.example.org', port: 2004 },
  sasl: { username: 'deliver', password: 'a-long-secret-1' },
};

describe('topologyPicture', () => {
  it('several MX hosts (issue 15): one host and one link per MX, each with its own SASL user, into the one store', () => {
    const p = topologyPicture(
      parsed({
        ...REMOTE,
        limits: { concurrency: 30 },
        extraMx: [{ host: 'mx2.example.org', username: 'deliver2', password: 'pw-2-secret', concurrency: 20 }],
      }),
    );
    expect(p.hosts.map((h) => [h.id, h.name])).toEqual([
      ['postfix-host', 'mx.example.org'],
      ['postfix-host-mx2.example.org', 'mx2.example.org'],
      ['cyrus-host', 'store.example.org'],
    ]);
    expect(p.links.map((l) => [l.from, l.to, l.auth])).toEqual([
      ['postfix-host', 'cyrus-host', 'SASL user deliver'],
      ['postfix-host-mx2.example.org', 'cyrus-host', 'SASL user deliver2'],
    ]);
    expect(p.notes.join(' ')).toContain('2 MX hosts deliver to the store; their concurrency adds up to 50');
    expect(JSON.stringify(p)).not.toContain('pw-2-secret');
  });

  it('single host: one host, the socket path, its group and no TLS', () => {
    const p = topologyPicture(
      parsed({
        topology: 'single-host',
        mailHost: 'mail.example.org',
        unixSocket: { path: '/run/lmtp/sock', group: 'lmtpd' },
      }),
    );
    expect(p.hosts.map((h) => [h.id, h.folder, h.name])).toEqual([['mail-host', 'mail-host/', 'mail.example.org']]);
    expect(p.hosts[0]?.daemons).toHaveLength(2);
    expect(p.links).toHaveLength(1);
    const [link] = p.links;
    expect(link).toMatchObject({
      from: 'mail-host',
      to: 'mail-host',
      label: '/run/lmtp/sock',
      route: 'cyrus:unix:/run/lmtp/sock',
      tls: 'local',
    });
    expect(link?.auth).toBe('socket group lmtpd');
    expect(link?.details.join(' ')).toContain('socket directory /run/lmtp is 0750 and belongs to group lmtpd');
  });

  it('remote: Postfix host first, then the store; host:port, SASL user and the TLS mode', () => {
    const p = topologyPicture(parsed(REMOTE));
    expect(p.hosts.map((h) => [h.id, h.name])).toEqual([
      ['postfix-host', 'mx.example.org'],
      ['cyrus-host', 'store.example.org'],
    ]);
    expect(p.links[0]).toMatchObject({
      from: 'postfix-host',
      to: 'cyrus-host',
      label: 'store.example.org:2004',
      tls: 'fingerprint',
    });
    expect(p.links[0]?.auth).toContain('SASL user deliver');
    expect(JSON.stringify(p)).not.toContain('a-long-secret-1');
    const ca = topologyPicture(
      parsed({
        ...REMOTE,
        tls: {
          mode: 'ca',
          storeCert: 'existing',
          certPath: '/etc/ssl/certs/store.pem',
          keyPath: '/etc/ssl/private/store.key',
          caFile: '/etc/ssl/our-ca.pem',
        },
      }),
    );
    expect(ca.links[0]?.tls).toBe('ca');
    expect(ca.links[0]?.tlsText).toContain('/etc/ssl/our-ca.pem');
    expect(ca.links[0]?.details.join(' ')).toContain('for the name store.example.org');
    expect(topologyPicture(parsed({ ...REMOTE, tls: { mode: 'off' } })).links[0]?.tls).toBe('off');
  });

  it('brackets an IPv6 store as the next hop does', () => {
    const p = topologyPicture(parsed({ ...REMOTE, tcp: { storeHost: 'fd00::5' }, tls: { mode: 'off' } }));
    expect(p.links[0]?.label).toBe('[fd00::5]:2003');
  });

  it("a Murder (issue 15): Postfix, the frontend, both backends and the mupdate master are the bundle's folders; mail goes Postfix → frontend → each backend", () => {
    const a = parsed(JSON.parse(readFileSync(new URL('./golden/murder/answers.json', import.meta.url), 'utf8')));
    const p = topologyPicture(a);
    expect(p.hosts.map((h) => h.id)).toEqual([
      'postfix-host',
      'frontend-fe1.example.org',
      'backend-be1.example.org',
      'backend-be2.example.org',
      'mupdate-mupdate.example.org',
    ]);
    expect(p.hosts.map((h) => h.id).sort()).toEqual(
      generate(a)
        .hosts.map((h) => h.id)
        .sort(),
    );
    const mail = p.links.filter((l) => !l.to.startsWith('mupdate-')).map((l) => [l.from, l.to]);
    expect(mail).toEqual([
      ['postfix-host', 'frontend-fe1.example.org'],
      ['frontend-fe1.example.org', 'backend-be1.example.org'],
      ['frontend-fe1.example.org', 'backend-be2.example.org'],
    ]);
    // Postfix's link is its transport's route, as its files have it
    const pf = generate(a)
      .hosts.find((h) => h.id === 'postfix-host')!
      .files.filter((f) => f.path.startsWith('files/'));
    expect(pf.some((f) => f.content.includes(p.links[0]!.route))).toBe(true);
    expect(p.links.filter((l) => l.to.startsWith('mupdate-')).map((l) => l.label)).toEqual([
      'mupdate.example.org:3905',
      'mupdate.example.org:3905',
      'mupdate.example.org:3905',
    ]);
    expect(JSON.stringify(p)).not.toMatch(/Pr0xy-secret|Mupd4te-secret|S3cret-lmtp/);
  });

  it('for any answers: one host per bundle folder, links between them, the route of the master.cf transport', () => {
    fc.assert(
      fc.property(validAnswers, (a) => {
        const p = topologyPicture(a);
        const out = generate(a);
        expect(p.hosts.map((h) => h.id).sort()).toEqual(out.hosts.map((h) => h.id).sort());
        const ids = new Set(p.hosts.map((h) => h.id));
        for (const link of p.links) {
          expect(ids.has(link.from) && ids.has(link.to)).toBe(true);
          // The route is what the Postfix host's files hand mail to.
          const files =
            out.hosts.find((h) => h.id === link.from)?.files.filter((f) => f.path.startsWith('files/')) ?? [];
          expect(files.some((f) => f.content.includes(link.route))).toBe(true);
        }
      }),
      { numRuns: propertyRuns(50) },
    );
  });
});
