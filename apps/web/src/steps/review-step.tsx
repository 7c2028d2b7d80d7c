// Review & download. The button stays disabled while any error stands,
// from the schema here or from the server, and says why.
import { useEffect } from 'react';
import { AnswersSummary } from '../components/answers-summary.tsx';
import { ConflictList } from '../components/conflict-list.tsx';
import { IssueList } from '../components/issue-list.tsx';
import { ServerStatus } from '../components/server-status.tsx';
import { WarningList } from '../components/warning-list.tsx';
import { useWizard } from '../hooks/use-wizard.ts';
import type { PlanEntryView } from '../state/import.ts';
import { TOPOLOGY_FORMS } from '../state/fields.ts';

const NO_CONFLICTS: readonly PlanEntryView[] = [];

export function ReviewStep() {
  const { state, check, download, requestDownload, input, imports } = useWizard();
  const blocked = check.status !== 'valid';
  const busy = download.status === 'pending';
  const refused = download.fieldErrorsFor(input).length > 0;
  useEffect(() => {
    // The button is now disabled and has lost focus; lead to the reasons.
    if (refused) document.getElementById('download-blockers-title')?.focus();
  }, [refused]);
  return (
    <div className="review">
      {/* Conflicts with the imported server first: they do not block the download, so they must not hide below what does. */}
      <ConflictList conflicts={imports.plan?.conflicts ?? NO_CONFLICTS} />
      <IssueList errors={check.errors} />
      <WarningList warnings={check.warnings} headingLevel={3} />
      <AnswersSummary />
      <div className="download">
        <h3>Download</h3>
        <p id="download-help" className="field-hint">
          {blocked
            ? check.status === 'loading'
              ? 'Loading the checker…'
              : 'Fix the problems listed above to download the bundle.'
            : check.answers !== undefined && TOPOLOGY_FORMS[check.answers.topology].passwords
              ? 'The server builds the same files you see in the preview, with the password filled in, as a .tar.gz.'
              : 'The server builds the same files you see in the preview, as a .tar.gz.'}
        </p>
        {/* While the bundle is built the button stays enabled, only marked busy:
            a disabled button drops the keyboard's focus to <body> (issue 24, defect 11). */}
        <button
          type="button"
          className="button primary large"
          disabled={blocked}
          aria-disabled={busy ? true : undefined}
          aria-describedby="download-help"
          onClick={busy ? undefined : requestDownload}
        >
          Download bundle
        </button>
        <ServerStatus />
      </div>
    </div>
  );
}
