// What the preview still waits for (issue 24): each answer that is missing
// or refused, by its label, with a button that opens its field. Never the
// generator's or the schema's internal words: the messages are the same
// plain ones the fields show.
import { memo, type Dispatch } from 'react';
import { isSecretPath } from '@lmtp-wizard/schema/secret-patterns';
import { fieldDef } from '../../state/fields.ts';
import type { IssueIndex } from '../../state/issues.ts';
import { stepMeta } from '../../state/step-meta.ts';
import type { WizardAction } from '../../state/wizard-reducer.ts';
import { goToField } from '../../lib/go-to-field.ts';

export interface MissingAnswersProps {
  errors: IssueIndex;
  dispatch: Dispatch<WizardAction>;
  /** The heading, from the count; "Still to answer or fix: 2 answers" unless given. */
  title?: (count: number) => string;
  headingLevel?: 3 | 4;
  /** Leave out the passwords (the Plan is made without them). */
  skipSecrets?: boolean;
}

/** The errors to list, one per answer (its first message), so that "3 answers" means three fields. */
export function answersToFix(errors: IssueIndex, skipSecrets = false): IssueIndex['all'] {
  const seen = new Set<string>();
  return errors.all.filter((e) => {
    if (skipSecrets && e.field !== undefined && isSecretPath(e.field)) return false;
    const key = e.field ?? `step:${e.step}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const defaultTitle = (n: number) =>
  n === 1 ? 'Still to answer or fix: 1 answer' : `Still to answer or fix: ${n} answers`;

export const MissingAnswers = memo(function MissingAnswers({
  errors,
  dispatch,
  title = defaultTitle,
  headingLevel = 3,
  skipSecrets = false,
}: MissingAnswersProps) {
  const all = answersToFix(errors, skipSecrets);
  if (all.length === 0) return null;
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <div className="missing-answers">
      <Heading className="missing-title">{title(all.length)}</Heading>
      <ul>
        {all.map((e) => (
          <li key={e.path + e.message}>
            {e.field ? (
              <button
                type="button"
                className="link-button"
                onClick={() => goToField(dispatch, e.field as NonNullable<typeof e.field>)}
              >
                {fieldDef(e.field).label}
              </button>
            ) : (
              <button type="button" className="link-button" onClick={() => dispatch({ type: 'goTo', step: e.step })}>
                {stepMeta(e.step).title}
              </button>
            )}
            : {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
});
