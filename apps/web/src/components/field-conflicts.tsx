// A conflict between this answer and the imported server, on the answer's
// own field, with the ways out the generator's policy gives: take the
// server's value into the answer, or keep ours and let apply.sh write over
// the entry with --replace. A conflict does not block the download; apply.sh
// refuses it on the host, as it always has.
import type { FieldValue } from '../state/fields.ts';
import type { PlanEntryView } from '../state/import.ts';
import { conflictKey, shownValue as shown } from './conflict-parts.tsx';

export function FieldConflicts({
  id,
  conflicts,
  setValue,
}: {
  id: string;
  conflicts: readonly PlanEntryView[];
  setValue: (value: FieldValue) => void;
}) {
  return (
    <div id={id} className="field-conflict">
      {conflicts.map((c) => (
        <div key={conflictKey(c)} className="conflict">
          <p>
            <strong>Conflict with your server:</strong> {c.file} on {c.host} has <code>{c.key}</code> ={' '}
            <code>{shown(c.old)}</code>; this setup writes <code>{shown(c.new)}</code>.
          </p>
          <ul className="conflict-choices">
            {c.choices.map((choice) => (
              <li key={choice.label}>
                {choice.value !== undefined ? (
                  <button
                    type="button"
                    className="button secondary small"
                    onClick={() => setValue(choice.value as FieldValue)}
                  >
                    {choice.label}
                  </button>
                ) : (
                  choice.label
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
