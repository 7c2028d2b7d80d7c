// What opening a link found: the setup is back (and what is missing from it),
// or the link could not be read. Never a blank page: a broken link leaves an
// empty wizard and this message.
import { memo, type Dispatch, type ReactNode } from 'react';
import type { ShareLinkProblem } from '@lmtp-wizard/schema';
import type { LinkNotice as Notice } from '../hooks/use-share-link.ts';
import { fieldDef, fieldOfPath, withLabels } from '../state/fields.ts';
import { goToField } from '../lib/go-to-field.ts';
import type { WizardAction } from '../state/wizard-reducer.ts';
import type { FieldPath } from '../state/fields.ts';

const PROBLEMS: Record<ShareLinkProblem, string> = {
  corrupt:
    'Part of it is missing or was changed, so it cannot be read. Ask for the link again: chat and mail programs sometimes cut long links short.',
  'newer-version':
    'It was made by a newer version of the wizard than this server runs. Open it where it was made, or update this wizard.',
  'unsupported-version': 'It was made by a version of the wizard too old for this one to read.',
  'too-long': 'It is far longer than any link the wizard makes, so it was not read.',
};

export interface LinkNoticeProps {
  notice: Notice | undefined;
  /** The engine (and with it the link codec) could not be loaded. */
  engineFailed: boolean;
  dismiss: () => void;
  dispatch: Dispatch<WizardAction>;
  /** Opens "Start from my current configuration". */
  startImport: () => void;
}

export const LinkNotice = memo(function LinkNotice({
  notice,
  engineFailed,
  dismiss,
  dispatch,
  startImport,
}: LinkNoticeProps) {
  let body: ReactNode = null;
  if (notice?.kind === 'opening') {
    body = (
      <p className="notice">
        {engineFailed
          ? 'The link cannot be opened: the wizard’s checker did not load. Reload the page.'
          : 'Opening the shared setup…'}
      </p>
    );
  } else if (notice?.kind === 'broken') {
    body = (
      <div className="notice link-notice is-bad">
        <p>
          <strong>This link could not be opened.</strong> {PROBLEMS[notice.problem]}
        </p>
        <p>The wizard starts empty instead; nothing from the link was used.</p>
        <button type="button" className="link-button" onClick={dismiss}>
          Dismiss
        </button>
      </div>
    );
  } else if (notice?.kind === 'restored') {
    body = (
      <div className="notice link-notice">
        <p>
          <strong>Setup opened from a link.</strong> Every answer and the step came from it.
        </p>
        {notice.migrated ? (
          <p>The link was made by an earlier version of the wizard; its answers were brought up to date.</p>
        ) : null}
        {notice.imported ? (
          <p>
            <strong>Import your own server’s configuration.</strong> This setup was started from the sender’s server,
            and a link never carries a server’s configuration, only the answers. Before you download, read your own
            server’s configuration, so that the plan and its conflicts are your server’s.{' '}
            <button type="button" className="link-button" onClick={startImport}>
              Import my server’s configuration
            </button>
          </p>
        ) : null}
        {notice.missingSecrets.length > 0 ? (
          // Every withheld secret by its label (issue 24), each with a way to its field.
          <div className="withheld">
            <p>
              <strong>
                {notice.missingSecrets.length === 1
                  ? `The ${fieldDef(notice.missingSecrets[0] as FieldPath).label} was not shared:`
                  : `${notice.missingSecrets.length} passwords were not shared:`}
              </strong>{' '}
              links never carry {notice.missingSecrets.length === 1 ? 'it' : 'them'}. Enter{' '}
              {notice.missingSecrets.length === 1 ? 'it' : 'each'} again;{' '}
              {notice.missingSecrets.length === 1 ? 'the field is' : 'the fields are'} marked.
            </p>
            <ul>
              {notice.missingSecrets.map((path) => (
                <li key={path}>
                  <button type="button" className="link-button" onClick={() => goToField(dispatch, path)}>
                    Enter {fieldDef(path).label}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {notice.errors.length > 0 ? (
          <>
            <p>
              {notice.errors.length === 1
                ? '1 answer in the link is not valid'
                : `${notice.errors.length} answers in the link are not valid`}
              ; fix them before you download:
            </p>
            <ul>
              {notice.errors.map((e) => {
                const field = fieldOfPath(e.path);
                return (
                  <li key={e.path + e.message}>
                    {field ? `${fieldDef(field).label}: ` : ''}
                    {withLabels(e.message)}
                  </li>
                );
              })}
            </ul>
          </>
        ) : null}
        <button type="button" className="link-button" onClick={dismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  // The region is always there, so that a screen reader announces what lands in it.
  return (
    <div className="link-notice-region" aria-live="polite">
      {body}
    </div>
  );
});
