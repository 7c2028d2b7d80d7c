import { describe, expect, it } from 'vitest';
import { openShareLink, shareableSnapshot, shareFragment } from '../src/engine/share-link.ts';
import { parseAnswers, SCHEMA_VERSION, SHARE_PREFIX, secretPaths, type SecretPath } from '@lmtp-wizard/schema';
import { engine } from '../src/engine/engine.ts';
import { draftToInput } from '../src/state/draft.ts';
import type { FieldPath, FieldValue, Topology } from '../src/state/fields.ts';
import { createInitialState, wizardReducer, type WizardState } from '../src/state/wizard-reducer.ts';

const remoteState = (): WizardState => {
  let state = createInitialState();
  state = wizardReducer(state, { type: 'setTopology', topology: 'remote' });
  for (const [path, value] of [
    ['mailHost', 'Mail.Example.org'],
    ['tcp.storeHost', 'store.example.org'],
    ['tcp.port', '2004'],
    ['tcp.allowFrom', '10.0.0.0/24\n192.0.2.7'],
    ['sasl.password', 'Zq7LEAKCANARY'],
    ['delivery.localRecipients', false],
    ['delivery.virtualDomains', 'example.net'],
    ['limits.concurrency', '20x'],
  ] as const) {
    state = wizardReducer(state, { type: 'setField', path, value });
  }
  return wizardReducer(state, { type: 'goTo', step: 'routing' });
};

describe('share links in the wizard', () => {
  it('a snapshot goes through a fragment and comes back without the password', () => {
    const snapshot = shareableSnapshot(remoteState());
    const fragment = shareFragment(snapshot);
    expect(fragment).not.toContain('Zq7LEAKCANARY');
    const opened = openShareLink(`#${fragment}`);
    if (opened.kind !== 'restored') throw new Error(`expected a restore, got ${opened.kind}`);
    expect(opened.snapshot).toEqual(snapshot);
    expect(opened.snapshot.draft).not.toHaveProperty('sasl.password');
    expect(opened.missingSecrets).toEqual(['sasl.password']);
    // The typo travels as typed and is judged like any input.
    expect(opened.errors.map((e) => e.path)).toEqual(['limits.concurrency']);
    expect(opened.migrated).toBe(false);
  });

  it('marks a link made after an import, and the mark comes back; a plain link has none', () => {
    const snapshot = shareableSnapshot(remoteState());
    const marked = openShareLink(`#${shareFragment(snapshot, true)}`);
    const plain = openShareLink(`#${shareFragment(snapshot)}`);
    if (marked.kind !== 'restored' || plain.kind !== 'restored') throw new Error('expected restores');
    expect(marked.imported).toBe(true);
    expect(plain.imported).toBe(false);
    expect(marked.snapshot).toEqual(plain.snapshot);
  });

  it('makes no link before a topology is chosen', () => {
    expect(shareFragment(shareableSnapshot(createInitialState()))).toBe('');
  });

  it('tells an anchor from a broken link, and never throws', () => {
    expect(openShareLink('#main')).toEqual({ kind: 'none' });
    expect(openShareLink('#share=%%%')).toEqual({ kind: 'broken', problem: 'corrupt' });
    const newer = Buffer.from(JSON.stringify({ v: 99, a: {} })).toString('base64url');
    expect(openShareLink(`#share=${newer}`)).toEqual({ kind: 'broken', problem: 'newer-version' });
  });

  it('opens a step the topology does not have on the first step, and drops fields of the other topology', () => {
    const payload = {
      v: 1,
      s: 'credentials',
      a: { topology: 'single-host', mailHost: 'mail.example.org', tcp: { storeHost: 'x.example.org' } },
    };
    const opened = openShareLink(`#share=${Buffer.from(JSON.stringify(payload)).toString('base64url')}`);
    if (opened.kind !== 'restored') throw new Error('expected a restore');
    // A v1 link was made for Debian 12, without a recipient check and with concurrency 100, so the migrations name all three.
    expect(opened.snapshot).toEqual({
      topology: 'single-host',
      step: 'topology',
      draft: {
        target: 'debian-12',
        mailHost: 'mail.example.org',
        'delivery.localRecipientCheck': 'any',
        'limits.concurrency': '100',
      },
    });
    expect(opened.errors.map((e) => e.path)).toEqual(['tcp']);
  });

  it('a v3 remote link (no TLS then) opens with TLS off and its warning on the TLS field; a current one with the pinned default', () => {
    const a = { topology: 'remote', mailHost: 'mail.example.org', tcp: { storeHost: 'store.example.org' } };
    const open = (v: number) => {
      const opened = openShareLink(
        `#share=${Buffer.from(JSON.stringify({ v, s: 'credentials', a })).toString('base64url')}`,
      );
      if (opened.kind !== 'restored') throw new Error('expected a restore');
      return opened;
    };
    const old = open(3);
    expect(old.migrated).toBe(true);
    expect(old.snapshot.draft).toMatchObject({ 'tls.mode': 'off' });
    // the person types the password again; the wizard's check then warns on the field the Credentials step shows
    const checked = engine.parseAnswers(
      draftToInput('remote', { ...old.snapshot.draft, 'sasl.password': 'typed-again' }),
    );
    expect(checked.ok && checked.warnings.filter((w) => w.path === 'tls.mode').map((w) => w.message)).toEqual([
      expect.stringMatching(/^TLS off: every message crosses the network/),
    ]);
    const current = open(SCHEMA_VERSION);
    expect(current.migrated).toBe(false);
    expect(current.snapshot.draft).not.toHaveProperty('tls.mode');
  });

  it('keeps the release: debian-12 chosen travels in the link, the debian-13 default reopens as the default', () => {
    let state = wizardReducer(createInitialState(), { type: 'setField', path: 'target', value: 'debian-12' });
    state = wizardReducer(state, { type: 'setTopology', topology: 'single-host' });
    const older = openShareLink(`#${shareFragment(shareableSnapshot(state))}`);
    expect(older.kind === 'restored' && older.snapshot.draft).toEqual({ target: 'debian-12' });
    state = wizardReducer(state, { type: 'setField', path: 'target', value: 'debian-13' });
    const current = openShareLink(`#${shareFragment(shareableSnapshot(state))}`);
    expect(current.kind === 'restored' && current.snapshot.draft).toEqual({});
    expect(current.kind === 'restored' && current.migrated).toBe(false);
  });

  it('restore can reveal the steps whose errors must show at once', () => {
    const state = wizardReducer(remoteState(), {
      type: 'restore',
      snapshot: { topology: 'remote', step: 'review', draft: {} },
      revealed: ['credentials'],
    });
    expect(state).toEqual({ topology: 'remote', step: 'review', draft: {}, revealed: ['credentials'] });
  });

  // Every path the schema calls secret (secretPaths, built on its one list), in setups where
  // every secret is filled with a marker of its own: none reaches the shareable snapshot, the
  // link's payload or the opened draft.
  const filled = (topology: Topology, mx: number, fields: readonly (readonly [FieldPath, FieldValue])[]) => {
    let state = wizardReducer(createInitialState(), { type: 'setTopology', topology });
    for (let i = 0; i < mx; i++) state = wizardReducer(state, { type: 'addMx' });
    for (const [path, value] of fields) state = wizardReducer(state, { type: 'setField', path, value });
    return wizardReducer(state, { type: 'goTo', step: 'credentials' });
  };
  const SETUPS = {
    'a Murder with 2 backends': filled('murder', 0, [
      ['mailHost', 'mail.example.org'],
      ['murder.mupdateHost', 'mupdate.example.org'],
      ['murder.frontends', 'fe1.example.org'],
      ['murder.backends', 'be1.example.org\nbe2.example.org'],
      ['sasl.password', 'Secret-1-CANARY'],
      ['murder.proxyPassword', 'Secret-2-CANARY'],
      ['murder.backendPasswords.0.password', 'Secret-3-CANARY'],
      ['murder.backendPasswords.1.password', 'Secret-4-CANARY'],
      ['murder.mupdatePassword', 'Secret-5-CANARY'],
    ]),
    'a remote setup with 2 further MX hosts': filled('remote', 2, [
      ['mailHost', 'mail.example.org'],
      ['tcp.storeHost', 'store.example.org'],
      ['sasl.password', 'Secret-1-CANARY'],
      ['extraMx.0.host', 'mx2.example.org'],
      ['extraMx.0.username', 'postman2'],
      ['extraMx.0.password', 'Secret-2-CANARY'],
      ['extraMx.1.host', 'mx3.example.org'],
      ['extraMx.1.username', 'postman3'],
      ['extraMx.1.password', 'Secret-3-CANARY'],
    ]),
  };
  const read = (root: unknown, path: SecretPath): unknown =>
    path.reduce<unknown>(
      (node, key) => (typeof node === 'object' && node !== null ? (node as never)[key] : undefined),
      root,
    );

  for (const [name, state] of Object.entries(SETUPS)) {
    it(`withholds every path the schema calls secret: ${name}`, () => {
      const parsed = parseAnswers(draftToInput(state.topology, state.draft));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const secrets = secretPaths(parsed.answers);
      const dotted = secrets.map((p) => p.join('.'));
      // every marker is a secret the schema lists, so the checks below cover them all
      const markers = Object.values(state.draft).filter((v) => typeof v === 'string' && v.endsWith('-CANARY'));
      expect(secrets.map((p) => read(parsed.answers, p)).sort()).toEqual([...markers].sort());
      expect(secrets.length).toBe(name.startsWith('a Murder') ? 5 : 3);

      const snapshot = shareableSnapshot(state);
      for (const key of dotted) expect(snapshot.draft, key).not.toHaveProperty([key]);
      const fragment = shareFragment(state);
      const payload = JSON.parse(Buffer.from(fragment.slice(SHARE_PREFIX.length), 'base64url').toString('utf8'));
      for (const path of secrets) expect(read(payload.a, path), path.join('.')).toBeUndefined();
      for (const marker of markers) expect(JSON.stringify(payload)).not.toContain(marker);

      const opened = openShareLink(`#${fragment}`);
      if (opened.kind !== 'restored') throw new Error(`expected a restore, got ${opened.kind}`);
      for (const key of dotted) expect(opened.snapshot.draft, key).not.toHaveProperty([key]);
      // what the opened link asks for again is among them (a backend's own password is optional: not asked for)
      expect(opened.missingSecrets.length).toBeGreaterThan(0);
      for (const key of opened.missingSecrets) expect(dotted).toContain(key);
    });
  }
});
