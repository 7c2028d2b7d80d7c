// "Start from my current configuration": the button, and the panel it opens
// (a lazy chunk: the shell stays within its size budget, issue 6). What the
// panel reads stays in this page; saying so is part of the panel.
import { lazy, memo, Suspense } from 'react';
import type { ImportModel } from '../../hooks/use-import.ts';

const ImportPanel = lazy(() => import('./import-panel.tsx'));

export interface ImportBarProps {
  imports: ImportModel;
}

export const ImportBar = memo(function ImportBar({ imports }: ImportBarProps) {
  const { panelOpen, setPanelOpen, status } = imports;
  return (
    <section className="import" aria-labelledby="import-title">
      <h2 id="import-title">Your server as it is</h2>
      <p className="field-hint">
        {status.kind === 'imported'
          ? `Started from the configuration of ${status.hostNames.join(' and ')}. Answers read from it are marked “from your server”; the Plan beside the form shows every change and conflict.`
          : 'Already running Postfix and Cyrus? Read your server’s configuration into the wizard: it fills in what the server already says and shows, before you download, what the bundle will change there.'}
      </p>
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
            <ImportPanel imports={imports} />
          </Suspense>
        ) : null}
      </div>
    </section>
  );
});
