// One file as a diff against the server: each line marked added, changed
// (with the server's line above it) or kept, in words for screen readers and
// in marks and colours for the eye.
import { memo } from 'react';
import { withContext, type DiffLine, type FileDiffView } from '../../state/import.ts';

const MARK = { added: '+', changed: '~', kept: ' ', removed: '-' } as const;

function Line({ line }: { line: DiffLine }) {
  return (
    <>
      {line.kind === 'changed' && line.old !== undefined ? (
        <span className="diff-line was">
          <span aria-hidden="true">- </span>
          <span className="visually-hidden">was: </span>
          {line.old}
          {'\n'}
        </span>
      ) : null}
      <span className={`diff-line ${line.kind}`}>
        <span aria-hidden="true">{MARK[line.kind]} </span>
        <span className="visually-hidden">{line.kind}: </span>
        {line.text}
        {'\n'}
      </span>
    </>
  );
}

export const FileDiff = memo(function FileDiff({ diff }: { diff: FileDiffView }) {
  const { counts } = diff;
  const parts = [`${counts.added} added`, `${counts.changed} changed`, `${counts.kept} kept`];
  if (counts.removed > 0) parts.push(`${counts.removed} removed`);
  const name = `${diff.host}: ${diff.file}`;
  return (
    <details className="file diff" open={counts.added + counts.changed + counts.removed > 0}>
      <summary>
        <code className="file-path">{name}</code>
        <span className="file-mode">{parts.join(', ')}</span>
      </summary>
      <pre className="code" tabIndex={0} aria-label={`Changes to ${name}`}>
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
    </details>
  );
});
