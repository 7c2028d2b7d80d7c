import { describe, expect, it } from 'vitest';
import { filenameFromDisposition } from '../src/api/bundle.ts';
import { FIELD_HINTS, hintOf, optionLabel } from '../src/state/field-hints.ts';
import { FIELD_PATHS, fieldDef, fieldOfPath, slotPaths } from '../src/state/fields.ts';
import { STEP_META } from '../src/state/step-meta.ts';
import { countByStep, indexIssues } from '../src/state/issues.ts';
import { createInitialState, wizardReducer } from '../src/state/wizard-reducer.ts';
import { shareableSnapshot } from '../src/engine/share-link.ts';

describe('issues', () => {
  it('places list-entry paths on the list field with a line number, and dedupes server repeats', () => {
    const client = [
      { path: 'delivery.virtualDomains.1', message: 'Domain must be a fully qualified name' },
      { path: 'tcp.port', message: 'LMTP port must be at most 65535' },
      { path: '', message: 'The body must be a JSON object of answers' },
    ];
    const index = indexIssues(client, [{ path: 'tcp.port', message: 'LMTP port must be at most 65535' }]);
    expect(index.all).toHaveLength(3);
    expect(index.byField.get('delivery.virtualDomains')?.[0]?.message).toBe(
      'Line 2: Domain must be a fully qualified name',
    );
    expect(index.general.map((i) => i.step)).toEqual(['topology']);
    expect(Object.fromEntries(countByStep(index))).toEqual({ routing: 1, connection: 1, topology: 1 });
  });

  it('maps a path to the longest matching field only', () => {
    expect(fieldOfPath('tcp.port')).toBe('tcp.port');
    expect(fieldOfPath('tcp.allowFrom.3')).toBe('tcp.allowFrom');
    expect(fieldOfPath('tcp')).toBeUndefined();
    expect(fieldOfPath('mailHostX')).toBeUndefined();
  });
});

describe('wizard state', () => {
  it('is a plain snapshot a share link can carry, never with the password', () => {
    let state = createInitialState();
    state = wizardReducer(state, { type: 'setTopology', topology: 'remote' });
    state = wizardReducer(state, { type: 'setField', path: 'mailHost', value: 'mail.example.org' });
    state = wizardReducer(state, { type: 'setField', path: 'sasl.password', value: 'secret' });
    state = wizardReducer(state, { type: 'goTo', step: 'credentials' });
    const snapshot = shareableSnapshot(state);
    expect(snapshot).toEqual({ topology: 'remote', step: 'credentials', draft: { mailHost: 'mail.example.org' } });
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    const restored = wizardReducer(createInitialState(), { type: 'restore', snapshot });
    expect(shareableSnapshot(restored)).toEqual(snapshot);
  });

  it('reveals a step when it is left, and every step on arriving at review', () => {
    let state = wizardReducer(createInitialState(), { type: 'goTo', step: 'connection' });
    expect(state.revealed).toEqual(['topology']);
    state = wizardReducer(state, { type: 'goTo', step: 'review' });
    expect(state.revealed).toEqual(
      expect.arrayContaining(['connection', 'credentials', 'routing', 'limits', 'review']),
    );
  });
});

describe('filenameFromDisposition', () => {
  it("takes the server's name and refuses anything that is not a plain file name", () => {
    expect(filenameFromDisposition('attachment; filename="lmtp-wizard-remote-mail.example.org.tar.gz"')).toBe(
      'lmtp-wizard-remote-mail.example.org.tar.gz',
    );
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"')).toBe('lmtp-wizard-bundle.tar.gz');
    expect(filenameFromDisposition(null)).toBe('lmtp-wizard-bundle.tar.gz');
  });
});

describe('field hints', () => {
  it('every field has exactly one hint: the first step’s in fields.ts, every other in field-hints.ts', () => {
    const first = new Set<string>(STEP_META[0]?.fields ?? []);
    for (const path of FIELD_PATHS) {
      const inTable = fieldDef(path).hint;
      const inHints = FIELD_HINTS[path];
      expect([path, first.has(path) ? inTable : inHints]).toEqual([path, expect.stringMatching(/\S/)]);
      expect([path, first.has(path) ? inHints : inTable]).toEqual([path, undefined]);
    }
    expect(Object.keys(FIELD_HINTS).filter((k) => !(FIELD_PATHS as readonly string[]).includes(k))).toEqual([]);
  });
  it('every choice of every select has words: the first step’s in fields.ts, the others’ in field-hints.ts', () => {
    const first = new Set<string>(STEP_META[0]?.fields ?? []);
    for (const path of FIELD_PATHS) {
      for (const o of fieldDef(path).options ?? []) {
        expect([path, o.value, first.has(path) ? o.label : optionLabel(path, { value: o.value })]).toEqual([
          path,
          o.value,
          expect.stringMatching(/\S/),
        ]);
        if (!first.has(path)) {
          expect([path, o.value, optionLabel(path, { value: o.value })]).not.toEqual([path, o.value, o.value]);
          expect([path, o.value, o.label]).toEqual([path, o.value, undefined]);
        }
      }
    }
  });
  it('every slot of the lists has a hint, wherever it sits in its list', () => {
    for (const path of [...slotPaths('extraMx.*', 12), ...slotPaths('murder.backendPasswords.*', 12)]) {
      expect([path, hintOf(path)]).toEqual([path, expect.stringMatching(/\S/)]);
      expect([path, fieldDef(path).hint]).toEqual([path, undefined]);
    }
  });
});
