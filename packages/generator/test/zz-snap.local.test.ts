// LOCAL ONLY (not committed): snapshot of every output over seeded random answers.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { it, expect } from 'vitest';
import { parseAnswers, type Answers } from '@lmtp-wizard/schema';
import * as G from '../src/index.ts';
import { runOrder } from '../src/topologies/index.ts';
import { validAnswers } from './arbitraries.ts';
import { fixture, hostsOf } from './inspect-helpers.ts';

const GOLDEN = join(import.meta.dirname, 'golden');
const OUT = '/tmp/h22topo/snap.json';
const hosts = readdirSync(join(import.meta.dirname, 'fixtures')).filter((f) => !f.includes('dry-run')).flatMap((f) => hostsOf(fixture(f)));

function all(): Answers[] {
  const out: Answers[] = [];
  for (const s of readdirSync(GOLDEN)) {
    const r = parseAnswers(JSON.parse(readFileSync(join(GOLDEN, s, 'answers.json'), 'utf8')));
    if (r.ok) out.push(r.answers);
  }
  out.push(...fc.sample(validAnswers, { seed: 42, numRuns: 600 }));
  // murder variants from the golden murder answers
  const m = JSON.parse(readFileSync(join(GOLDEN, 'murder', 'answers.json'), 'utf8'));
  for (const tls of ['off', 'ca', 'fingerprint']) for (const target of ['debian-12', 'debian-13']) for (const up of ['none', 'debian-12']) {
    const r = parseAnswers({ ...m, target, upgradeFrom: target === 'debian-13' ? up : 'none', tls: { ...(m.tls ?? {}), mode: tls, caFile: '/etc/ssl/ca.pem' }, murder: { ...m.murder, frontends: [...m.murder.frontends, 'fe9.example.org'] } });
    if (r.ok) out.push(r.answers); else console.log('murder variant refused', JSON.stringify(r.errors).slice(0, 300));
  }
  return out;
}
const h = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 16);
const safe = (f: () => unknown) => { try { return f(); } catch (e) { return `THROW ${(e as Error).message}`; } };

it('snapshot', () => {
  const snap: Record<string, string> = {};
  all().forEach((a, i) => {
    snap[`${i} gen`] = h(safe(() => G.generate(a)));
    snap[`${i} mask`] = h(safe(() => G.maskSecrets(G.generate(a), G.allPasswords(a))));
    snap[`${i} pic`] = h(safe(() => G.topologyPicture(a)));
    snap[`${i} order`] = h(safe(() => [runOrder(a), runOrder(a, true)]));
    snap[`${i} plan`] = h(safe(() => G.planFromInspect(a, hosts)));
    snap[`${i} match`] = h(safe(() => G.matchHosts(a, hosts)));
    snap[`${i} inc`] = h(safe(() => { const g = G.createIncrementalGenerate(); g(a); return g(a); }));
  });
  snap.prefill = h(safe(() => G.prefillFrom(hosts)));
  for (let i = 0; i < hosts.length; i++) snap[`prefill${i}`] = h(safe(() => G.prefillFrom([hosts[i]!])));
  if (!existsSync(OUT)) { writeFileSync(OUT, JSON.stringify(snap, null, 1)); return; }
  const before = JSON.parse(readFileSync(OUT, 'utf8'));
  const diff = Object.keys(before).filter((k) => before[k] !== snap[k]);
  expect(diff.slice(0, 20)).toEqual([]);
  expect(Object.keys(snap).length).toBe(Object.keys(before).length);
}, 600_000);
