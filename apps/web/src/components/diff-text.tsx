// The text of one file's diff against the server: each line marked added,
// changed (with the server's line above it) or kept, in words for screen
// readers and in marks and colours for the eye; kept lines far from a change
// are folded into one line that counts them. Used by the Plan and by the
// preview of each file.
import { memo } from 'react';
import { withContext, type DiffLine, type FileDiffView } from '../state/import.ts';

const MARK = { added: '+', changed: '~', kept: ' ', removed: '-', conflict: '!' } as const;
const SPOKEN = {
  added: 'added',
  changed: 'changed',
  kept: 'kept',
  removed: 'removed',
  conflict: 'in conflict, this setup needs',
} as const;

function Line({ line }: { line: DiffLine }) {
  return (
    <>
      {(line.kind === 'changed' || line.kind === 'conflict') && line.old !== undefined ? (
        <span className="diff-line was">
          <span aria-hidden="true">- </span>
          <span className="visually-hidden">was: </span>
          {line.old}
          {'\n'}
        </span>
      ) : null}
      <span className={`diff-line ${line.kind}`}>
        <span aria-hidden="true">{MARK[line.kind]} </span>
        <span className="visually-hidden">{SPOKEN[line.kind]}: </span>
        {line.text}
        {line.reason ? <span className="diff-reason">{`  ← ${line.reason}`}</span> : null}
        {'\n'}
      </span>
    </>
  );
}

export const DiffText = memo(function DiffText({ diff, label }: { diff: FileDiffView; label: string }) {
  return (
    <pre className="code diff-text" tabIndex={0} aria-label={label}>
      <code>
        {withContext(diff.lines).map((line, i) =>
          line.kind === 'hidden' ? (
            <span key={i} className="diff-line hidden-run">
              {`⋯ ${line.count === 1 ? '1 line' : `${line.count} lines`} kept as they are\n`}
            </span>
          ) : (
            <Line key={i} line={line} />
          ),
        )}
      </code>
    </pre>
  );
});
