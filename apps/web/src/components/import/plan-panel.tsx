// The region "Plan": what the bundle will do to the imported server, the
// same plan apply.sh --dry-run prints there (the generator computes both from
// one policy table). Conflicts come first; then the summary; then each file
// as a diff against what the server has now.
import type { PlanRegionProps } from './plan-region.tsx';
import { MissingAnswers } from '../preview/missing-answers.tsx';
import { conflictKey, ResolveOnStep, shownValue as shown } from '../conflict-parts.tsx';
import { FileDiff } from './file-diff.tsx';

export default function PlanPanel({ plan, goTo, decided, errors, dispatch }: PlanRegionProps) {
  return (
    <section className="plan" aria-labelledby="plan-title">
      <h2 id="plan-title">Plan</h2>
      {plan === undefined ? (
        <>
          <p className="preview-status">
            The plan appears once the answers are complete and valid (the passwords are not needed for it).
          </p>
          <MissingAnswers
            errors={errors}
            dispatch={dispatch}
            skipSecrets
            title={(n) => (n === 1 ? 'The plan waits for 1 answer' : `The plan waits for ${n} answers`)}
          />
        </>
      ) : (
        <>
          <p className="plan-summary">{plan.summaryText}</p>
          {plan.conflicts.length > 0 ? (
            <div className="conflicts">
              <h3>{plan.conflicts.length === 1 ? '1 conflict' : `${plan.conflicts.length} conflicts`}</h3>
              <p className="field-hint">
                apply.sh stops before any change while one is open. Resolve each on its field, or run apply.sh with
                --replace for the entries you want overwritten.
              </p>
              <ul>
                {plan.conflicts.map((c) => (
                  <li key={conflictKey(c)}>
                    <span>
                      <code>{c.host}</code> {c.file}: <code>{c.key}</code> is <code>{shown(c.old)}</code> on the server;
                      this setup writes <code>{shown(c.new)}</code>.
                    </span>{' '}
                    <ResolveOnStep field={c.field} goTo={goTo} />
                  </li>
                ))}
              </ul>
            </div>
          ) : decided ? (
            <p>No conflicts: apply.sh can run on this server as it is.</p>
          ) : (
            // issue 24: which mail goes where (the Routing step) decides most conflicts; no verdict before it is answered.
            <p>
              No conflicts so far. Answer the Routing step (which mail goes to Cyrus): the Plan checks your server again
              then.
            </p>
          )}
          <h3>Files, against the server</h3>
          <div className="files">
            {plan.files.map((f) => (
              <FileDiff key={`${f.host}\u0000${f.file}`} diff={f} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
