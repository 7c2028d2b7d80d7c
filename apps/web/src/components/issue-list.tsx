import { stepMeta } from '../state/step-meta.ts';
import { fieldDef } from '../state/fields.ts';
import type { IssueIndex } from '../state/issues.ts';
import { useWizard } from '../hooks/use-wizard.ts';
import { goToField } from '../lib/go-to-field.ts';

/** Every error that blocks the download, each with a way back to its step. */
export function IssueList({ errors }: { errors: IssueIndex }) {
  const { navigation, dispatch } = useWizard();
  const { goTo } = navigation;
  if (errors.all.length === 0) return null;
  const count = errors.all.length;
  return (
    <div className="issues" id="download-blockers">
      <h3 id="download-blockers-title" tabIndex={-1}>
        {count === 1 ? '1 problem blocks the download' : `${count} problems block the download`}
      </h3>
      <ul>
        {errors.all.map((e) => (
          <li key={e.path + e.message}>
            <span>
              {e.field ? <strong>{fieldDef(e.field).label}: </strong> : null}
              {e.message}
            </span>
            <button
              type="button"
              className="link-button"
              onClick={() => (e.field ? goToField(dispatch, e.field) : goTo(e.step))}
            >
              Fix on the {stepMeta(e.step).title} step
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
