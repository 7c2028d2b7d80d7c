import { describe, expect, it } from 'vitest';
import { countLines, lineDiff } from '../src/engine/line-diff.ts';

describe('lineDiff: the server file against the file after the bundle', () => {
  it('marks kept, changed (with the old line) and added lines, in file order', () => {
    const before = 'myhostname = mail.example.org\nmailbox_transport = lmtp:unix:/old\nrelay_domains =\n';
    const after =
      'myhostname = mail.example.org\nmailbox_transport = cyrus\nrelay_domains =\nvirtual_transport = cyrus\n';
    expect(lineDiff(before, after)).toEqual([
      { kind: 'kept', text: 'myhostname = mail.example.org' },
      { kind: 'changed', text: 'mailbox_transport = cyrus', old: 'mailbox_transport = lmtp:unix:/old' },
      { kind: 'kept', text: 'relay_domains =' },
      { kind: 'added', text: 'virtual_transport = cyrus' },
    ]);
  });

  it('a file the server lacks is all added; an equal file is all kept', () => {
    expect(lineDiff('', 'a\nb\n').map((l) => l.kind)).toEqual(['added', 'added']);
    expect(lineDiff('a\nb', 'a\nb').map((l) => l.kind)).toEqual(['kept', 'kept']);
  });

  it('pairs a longer replacement in order and adds the rest; a shorter one removes the rest', () => {
    expect(lineDiff('x\nold1\ny\n', 'x\nnew1\nnew2\ny\n').map((l) => [l.kind, l.text, l.old])).toEqual([
      ['kept', 'x', undefined],
      ['changed', 'new1', 'old1'],
      ['added', 'new2', undefined],
      ['kept', 'y', undefined],
    ]);
    expect(lineDiff('old1\nold2\n', 'new1\n').map((l) => l.kind)).toEqual(['changed', 'removed']);
  });

  it('counts each kind', () => {
    expect(countLines(lineDiff('a\nb\n', 'a\nc\nd\n'))).toEqual({
      added: 1,
      changed: 1,
      kept: 1,
      removed: 0,
      conflict: 0,
    });
  });
});
