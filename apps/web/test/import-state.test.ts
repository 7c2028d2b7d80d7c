import { describe, expect, it } from 'vitest';
import {
  conflictsByField,
  conflictsFirst,
  prefillAction,
  serverMarks,
  summaryLine,
  withContext,
  type PlanEntryView,
  type PlanView,
} from '../src/state/import.ts';
import { createInitialState, wizardReducer } from '../src/state/wizard-reducer.ts';
import { shareableSnapshot } from '../src/engine/share-link.ts';

const entry = (over: Partial<PlanEntryView>): PlanEntryView => ({
  host: 'mail-host',
  file: '/etc/postfix/main.cf',
  key: 'k',
  action: 'unchanged',
  old: null,
  new: null,
  choices: [],
  ...over,
});

describe('prefill from an imported configuration', () => {
  it('sets the topology and every implied answer in one action, keeping the step and the other answers', () => {
    let state = wizardReducer(createInitialState(), { type: 'setField', path: 'limits.concurrency', value: '20' });
    state = wizardReducer(state, { type: 'goTo', step: 'routing' });
    state = wizardReducer(
      state,
      prefillAction('single-host', [
        { path: 'mailHost', value: 'mail.example.org', note: 'myhostname in main.cf' },
        { path: 'delivery.virtualDomains', value: 'example.net\nexample.com', note: 'virtual_mailbox_domains' },
      ]),
    );
    expect(state.topology).toBe('single-host');
    expect(state.step).toBe('routing');
    expect(state.draft).toEqual({
      'limits.concurrency': '20',
      mailHost: 'mail.example.org',
      'delivery.virtualDomains': 'example.net\nexample.com',
    });
  });

  it('leaves the topology alone when the import does not imply one', () => {
    const state = wizardReducer(
      wizardReducer(createInitialState(), { type: 'setTopology', topology: 'remote' }),
      prefillAction(undefined, []),
    );
    expect(state.topology).toBe('remote');
  });

  it('marks a field "from your server" only while it holds the value read from the server', () => {
    const values = [{ path: 'mailHost' as const, value: 'mail.example.org', note: 'myhostname' }];
    expect([...serverMarks(values, { mailHost: 'mail.example.org' })]).toEqual([['mailHost', 'myhostname']]);
    expect(serverMarks(values, { mailHost: 'other.example.org' }).size).toBe(0);
  });

  it('the share snapshot holds answers only: there is no place in it for an import', () => {
    const state = wizardReducer(
      createInitialState(),
      prefillAction('single-host', [{ path: 'mailHost', value: 'mail.example.org', note: 'n' }]),
    );
    expect(Object.keys(shareableSnapshot(state)).sort()).toEqual(['draft', 'step', 'topology']);
  });
});

describe('conflicts and the summary', () => {
  const conflict = entry({
    action: 'conflict',
    key: 'virtdomains',
    field: 'cyrus.virtdomains',
    old: 'userid',
    new: 'off',
  });
  const unfielded = entry({ action: 'conflict', key: 'lmtp_admins' });
  const plan: PlanView = {
    conflicts: [conflict, unfielded],
    entries: [],
    files: [],
    summary: { add: 3, merge: 2, unchanged: 14, conflict: 2 },
    summaryText: '',
  };

  it('groups conflicts by the field that decides them; one without a field stays in the Plan only', () => {
    expect([...conflictsByField(plan)]).toEqual([['cyrus.virtdomains', [conflict]]]);
    expect(conflictsByField(undefined).size).toBe(0);
  });

  it('puts conflicts first and keeps the order within each group', () => {
    const list = [
      entry({ key: 'a' }),
      entry({ key: 'b', action: 'conflict' }),
      entry({ key: 'c', action: 'add' }),
      entry({ key: 'd', action: 'conflict' }),
    ];
    expect(conflictsFirst(list).map((e) => e.key)).toEqual(['b', 'd', 'a', 'c']);
  });

  it('says the conflicts first in the summary line', () => {
    expect(summaryLine(plan.summary)).toBe('2 conflicts, 3 added, 2 merged, 14 unchanged');
    expect(summaryLine({ add: 0, merge: 0, unchanged: 1, conflict: 1 })).toBe(
      '1 conflict, 0 added, 0 merged, 1 unchanged',
    );
  });
});

describe('withContext: a long diff shows its changes with a few lines around them', () => {
  const kept = (n: number) => Array.from({ length: n }, (_, i) => ({ kind: 'kept' as const, text: `k${i}` }));
  it('keeps three lines either side of each change and counts the rest', () => {
    const lines = [...kept(10), { kind: 'added' as const, text: 'new' }, ...kept(10)];
    const shown = withContext(lines);
    expect(shown).toEqual([
      { kind: 'hidden', count: 7 },
      ...kept(10).slice(7),
      { kind: 'added', text: 'new' },
      ...kept(3),
      { kind: 'hidden', count: 7 },
    ]);
  });
  it('shows a file without changes as one hidden run, and one of only changes whole', () => {
    expect(withContext(kept(5))).toEqual([{ kind: 'hidden', count: 5 }]);
    expect(withContext([{ kind: 'added', text: 'a' }])).toEqual([{ kind: 'added', text: 'a' }]);
  });
});
