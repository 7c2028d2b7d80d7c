// One generated file. Memoized on primitive props, so a keystroke re-renders
// only the files whose text changed; and a closed file renders only its
// summary, so typing does not rewrite the text of files nobody is reading
// (issue 6: 1 ms per keystroke).
import { memo, useMemo, useRef, useState, type ReactNode } from 'react';
import type { GeneratedFile, InstallKind } from '@lmtp-wizard/generator';
import type { FileDiffView } from '../../state/import.ts';
import { CopyButton } from '../copy-button.tsx';
import { DiffText } from '../diff-text.tsx';

/** The generated file itself, spread into primitive props for memo; with an import, its diff against the server. */
export type FilePreviewProps = GeneratedFile & { diff?: FileDiffView | undefined };

const INSTALL_WORDS: Record<InstallKind, string> = {
  postconf: 'applied setting by setting with postconf -e',
  'postconf-master': 'applied as services with postconf -M and -P',
  'imapd-conf': 'merged into imapd.conf in place',
  'cyrus-conf': 'merged into the SERVICES section of cyrus.conf in place',
  copy: 'copied into place',
  'append-line': 'its lines added where missing',
  input: 'not installed; used from the bundle itself',
};

export const formatMode = (mode: number): string => mode.toString(8).padStart(4, '0');

/**
 * The lines of `content` that `previous` did not have (as a multiset, so a
 * moved line is not news); none when there is no previous text.
 */
export function changedLines(content: string, previous: string | undefined): ReadonlySet<number> {
  const changed = new Set<number>();
  if (previous === undefined) return changed;
  const before = new Map<string, number>();
  for (const line of previous.split('\n')) before.set(line, (before.get(line) ?? 0) + 1);
  content.split('\n').forEach((line, i) => {
    const left = before.get(line) ?? 0;
    if (left > 0) before.set(line, left - 1);
    else if (line !== '') changed.add(i);
  });
  return changed;
}

export const FilePreview = memo(function FilePreview(props: FilePreviewProps) {
  const [open, setOpen] = useState(false);
  // The text before the last edit that changed this file, kept while closed
  // too, so opening it after an edit still shows what the edit did.
  const history = useRef<{ content: string; previous: string | undefined }>({
    content: props.content,
    previous: undefined,
  });
  if (history.current.content !== props.content)
    history.current = { content: props.content, previous: history.current.content };
  const previous = history.current.previous;
  return (
    <details className="file" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <code className="file-path">{props.path}</code>
        <span className="file-mode">{formatMode(props.mode)}</span>
        {props.secret ? <span className="badge">secret, masked</span> : null}
        {props.diff ? <span className="badge origin">diff against your server</span> : null}
      </summary>
      {open ? <FileBody {...props} previous={previous} /> : null}
    </details>
  );
});

/** The text with each changed line in a <mark>, the rest as plain runs. */
function highlighted(content: string, changed: ReadonlySet<number>): ReactNode[] {
  const out: ReactNode[] = [];
  let run: string[] = [];
  const lines = content.split('\n');
  lines.forEach((line, i) => {
    const end = i < lines.length - 1 ? '\n' : '';
    if (!changed.has(i)) {
      run.push(line + end);
      return;
    }
    if (run.length) out.push(run.join(''));
    run = [];
    out.push(
      <mark key={i} className="line-changed">
        {line}
      </mark>,
      end,
    );
  });
  if (run.length) out.push(run.join(''));
  return out;
}

function FileBody(props: FilePreviewProps & { previous: string | undefined }) {
  const changed = useMemo(() => changedLines(props.content, props.previous), [props.content, props.previous]);
  return (
    <div className="file-body">
      <p className="file-meta">
        {props.target ? (
          <>
            Target <code>{props.target}</code>,{' '}
          </>
        ) : null}
        {INSTALL_WORDS[props.install]}.
      </p>
      <p className="file-explanation">{props.explanation}</p>
      <p className="guide-ref">Reference: {props.guideRef}</p>
      <div className="file-tools">
        {/* A secret file copies as previewed: masked. */}
        <CopyButton text={props.content} what={props.path} />
      </div>
      {props.diff ? (
        <>
          <p className="file-meta">
            On your server now, {props.diff.file} against the same file after apply.sh ({props.diff.counts.added} added,{' '}
            {props.diff.counts.changed} changed, {props.diff.counts.kept} kept):
          </p>
          <DiffText diff={props.diff} label={`Changes to ${props.diff.file} on ${props.diff.host}`} />
          <p className="file-meta">What the bundle carries:</p>
        </>
      ) : null}
      {changed.size > 0 ? (
        <p className="file-changes">
          Highlighted: {changed.size === 1 ? 'the line' : `the ${changed.size} lines`} your last edit changed.
        </p>
      ) : null}
      <pre className="code" tabIndex={0} aria-label={`Contents of ${props.path}`}>
        <code>{changed.size > 0 ? highlighted(props.content, changed) : props.content}</code>
      </pre>
    </div>
  );
}
