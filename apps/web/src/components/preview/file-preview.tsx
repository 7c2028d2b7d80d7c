// One generated file. Memoized on primitive props: when a keystroke changes
// one file, only that file's DOM is touched (issue 6's 1 ms budget).
import { memo } from 'react';
import type { InstallKind } from '@lmtp-wizard/generator';

export interface FilePreviewProps {
  path: string;
  target: string | null;
  mode: number;
  install: InstallKind;
  content: string;
  explanation: string;
  guideRef: string;
  secret: boolean;
}

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
  return (
    <details className="file">
      <summary>
        <code className="file-path">{props.path}</code>
        <span className="file-mode">{formatMode(props.mode)}</span>
        {props.secret ? <span className="badge">secret, masked</span> : null}
      </summary>
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
        <p className="guide-ref">Guide: {props.guideRef}</p>
        <pre className="code" tabIndex={0} aria-label={`Contents of ${props.path}`}>
          <code>{props.content}</code>
        </pre>
      </div>
    </details>
  );
});
