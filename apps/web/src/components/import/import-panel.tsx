// The import itself: inspect.sh to run on each host (copyable), the box to
// paste its output into, and what reading it found. Reading happens in the
// browser with the generator's parser; nothing here sends the text anywhere.
// The text box is this component's own state: it is in no snapshot, no
// answer and no request.
import { useId, useState } from 'react';
import type { ImportModel } from '../../hooks/use-import.ts';
import { CopyButton } from '../copy-button.tsx';

export const PRIVACY_TEXT =
  'The output is read here, in your browser. It is never sent to the server: not when you read it, not with the bundle, and never in a share link or answers.json. Only the answers it fills in go into the bundle, as if you had typed them.';

export default function ImportPanel({ script, error, read }: Pick<ImportModel, 'script' | 'error' | 'read'>) {
  const [text, setText] = useState('');
  const ids = useId();
  const boxId = `${ids}-box`;
  const errorId = `${ids}-error`;
  return (
    <div className="import-panel">
      <h3>1. Run inspect.sh on each host</h3>
      <p>
        As root, <code>sh inspect.sh</code> prints one block of text about the host: the Debian release, the postfix and
        cyrus versions, <code>postconf -n</code>, <code>-M</code> and <code>-P</code>, cyrus.conf and imapd.conf with
        every secret replaced by a marker, and the keys (only the keys) of the SASL password maps. It changes nothing.
        The bundle has a copy too.
      </p>
      {script !== undefined ? (
        <>
          <CopyButton text={script} label="Copy inspect.sh" />
          <pre className="code import-script" tabIndex={0} aria-label="inspect.sh">
            <code>{script}</code>
          </pre>
        </>
      ) : (
        <p className="field-hint">Loading inspect.sh…</p>
      )}
      <h3>2. Paste its output</h3>
      <p id="import-privacy" className="privacy">
        {PRIVACY_TEXT}
      </p>
      <div className={error ? 'field is-invalid' : 'field'}>
        <div className="field-label">
          <label htmlFor={boxId}>Output of inspect.sh</label>
        </div>
        <textarea
          id={boxId}
          rows={8}
          wrap="off"
          spellCheck={false}
          autoComplete="off"
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${errorId} import-privacy` : 'import-privacy'}
          onChange={(e) => setText(e.target.value)}
        />
        <p className="field-hint">
          With a remote store, paste the output of every host, one after the other: the store and each MX. The first MX
          pasted is the Postfix host; each further one fills an MX slot on the Credentials step, in the order pasted.
        </p>
      </div>
      <div role="alert" className="import-alert">
        {error ? (
          <div id={errorId} className="field-error">
            <p>This is not the output of inspect.sh, so nothing was changed. {error}</p>
          </div>
        ) : null}
      </div>
      <p>
        <button type="button" className="button primary" disabled={script === undefined} onClick={() => read(text)}>
          Read configuration
        </button>
      </p>
    </div>
  );
}
