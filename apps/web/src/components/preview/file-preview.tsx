// One generated file. Memoized on primitive props, so a keystroke re-renders
// only the files whose text changed; and a closed file renders only its
// summary, so typing does not rewrite the text of files nobody is reading
// (issue 6: 1 ms per keystroke).
import { memo, useState } from 'react';
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

export const FilePreview = memo(function FilePreview(props: FilePreviewProps) {
  const [open, setOpen] = useState(false);
  return (
    <details className="file" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <code className="file-path">{props.path}</code>
        <span className="file-mode">{formatMode(props.mode)}</span>
        {props.secret ? <span className="badge">secret, masked</span> : null}
        {props.diff ? <span className="badge origin">diff against your server</span> : null}
      </summary>
      {open ? <FileBody {...props} /> : null}
    </details>
  );
});

function FileBody(props: FilePreviewProps) {
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
      <pre className="code" tabIndex={0} aria-label={`Contents of ${props.path}`}>
        <code>{props.content}</code>
      </pre>
    </div>
  );
}
