// One file of the Plan: its path on its host, how many lines are added,
// changed and kept, and the diff itself (open when anything changes).
import { memo } from 'react';
import type { FileDiffView } from '../../state/import.ts';
import { DiffText } from '../diff-text.tsx';

export const FileDiff = memo(function FileDiff({ diff }: { diff: FileDiffView }) {
  const { counts } = diff;
  const parts = [`${counts.added} added`, `${counts.changed} changed`, `${counts.kept} kept`];
  if (counts.conflict > 0) parts.unshift(counts.conflict === 1 ? '1 conflict' : `${counts.conflict} conflicts`);
  if (counts.removed > 0) parts.push(`${counts.removed} removed`);
  const name = `${diff.host}: ${diff.file}`;
  return (
    <details className="file diff" open={counts.added + counts.changed + counts.removed + counts.conflict > 0}>
      <summary>
        <code className="file-path">{name}</code>
        <span className="file-mode">{parts.join(', ')}</span>
      </summary>
      <DiffText diff={diff} label={`Changes to ${name}`} />
    </details>
  );
});
