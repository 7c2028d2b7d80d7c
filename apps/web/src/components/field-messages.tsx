import type { FieldModel } from './field-model.ts';
import { FieldConflicts } from './field-conflicts.tsx';

type MessagesModel = Pick<FieldModel, 'def' | 'errors' | 'warnings' | 'hintId' | 'errorId' | 'warningId'> &
  Partial<Pick<FieldModel, 'origin' | 'originId' | 'conflicts' | 'conflictId' | 'setValue'>>;

/**
 * Errors first (they block the download), then conflicts with the imported
 * server (they do not), warnings, where the value came from, and the help text.
 */
export function FieldMessages({ f }: { f: MessagesModel }) {
  return (
    <>
      {f.errors.length > 0 ? (
        <div id={f.errorId} className="field-error">
          {f.errors.map((e) => (
            <p key={e.path + e.message}>
              <span className="visually-hidden">Error: </span>
              {e.message}
            </p>
          ))}
        </div>
      ) : null}
      {f.conflicts && f.conflicts.length > 0 && f.conflictId && f.setValue ? (
        <FieldConflicts id={f.conflictId} conflicts={f.conflicts} setValue={f.setValue} />
      ) : null}
      {f.warnings.length > 0 ? (
        <div id={f.warningId} className="field-warning">
          {f.warnings.map((w) => (
            <p key={w.path + w.message}>
              <span className="visually-hidden">Warning: </span>
              {w.message}
            </p>
          ))}
        </div>
      ) : null}
      {f.origin !== undefined ? (
        <p id={f.originId} className="field-origin">
          <span className="badge origin">from your server</span> {f.origin}
        </p>
      ) : null}
      <p id={f.hintId} className="field-hint">
        {f.def.hint}
      </p>
    </>
  );
}
