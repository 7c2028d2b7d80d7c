// "Start from my current configuration": the button, what the import found,
// and the panel the button opens (a lazy chunk: the shell stays within its
// size budget, issue 6). A successful read closes the panel and leads here.
import { memo, Suspense, useEffect, useRef, type Dispatch } from 'react';
import type { ImportModel } from '../../hooks/use-import.ts';
import type { IssueIndex } from '../../state/issues.ts';
import type { WizardAction } from '../../state/wizard-reducer.ts';
import { MissingAnswers } from '../preview/missing-answers.tsx';
import { part } from '../../lazy-parts.tsx';

const ImportPanel = part(() => import('./import-panel.tsx').then((m) => m.default));

/** Only what the bar shows, each part stable while it is the same: typing elsewhere does not re-render it (issue 6). */
export type ImportBarProps = Pick<
  ImportModel,
  'panelOpen' | 'setPanelOpen' | 'status' | 'forget' | 'script' | 'error' | 'read'
> & {
  /** What the admin must still type after the import (issue 24): by label, each with a link to its field. */
  errors: IssueIndex;
  dispatch: Dispatch<WizardAction>;
};

// inspect.sh never prints a password, nor the SASL user a further MX will log in as.
const toTypeTitle = (n: number) =>
  n === 1 ? 'Still for you to type: 1 answer' : `Still for you to type: ${n} answers`;

export const ImportBar = memo(function ImportBar({
  panelOpen,
  setPanelOpen,
  status,
  forget,
  script,
  error,
  read,
  errors,
  dispatch,
}: ImportBarProps) {
  const done = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    // The panel and its button are gone from under the focus: lead to what the read found.
    if (status.kind === 'imported') done.current?.focus();
  }, [status]);
  return (
    <section className="import" aria-labelledby="import-title">
      <h2 id="import-title">Your server as it is</h2>
      <div aria-live="polite">
        {status.kind === 'imported' ? (
          <div className="import-done">
            <p ref={done} tabIndex={-1}>
              <strong>Read the configuration of {status.hostNames.join(' and ')}.</strong>{' '}
              {status.filled === 1 ? '1 answer is' : `${status.filled} answers are`} filled in and marked “from your
              server”. The Plan (beside the form, or its own tab on a narrow screen) shows every change and every
              conflict with your server.
            </p>
            {status.notes.length > 0 ? (
              <ul>
                {status.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            ) : null}
            <MissingAnswers errors={errors} dispatch={dispatch} title={toTypeTitle} />
            <button type="button" className="link-button" onClick={forget}>
              Forget the imported configuration
            </button>
          </div>
        ) : null}
      </div>
      {status.kind === 'imported' ? null : (
        <p className="field-hint">
          Already running Postfix and Cyrus? Read your server’s configuration into the wizard: it fills in what the
          server already says and shows, before you download, what the bundle will change there.
        </p>
      )}
      <button
        type="button"
        className="button secondary"
        aria-expanded={panelOpen}
        aria-controls="import-panel"
        onClick={() => setPanelOpen(!panelOpen)}
      >
        Start from my current configuration
      </button>
      <div id="import-panel">
        {panelOpen ? (
          <Suspense fallback={<p className="field-hint">Loading…</p>}>
            <ImportPanel script={script} error={error} read={read} />
          </Suspense>
        ) : null}
      </div>
    </section>
  );
});
