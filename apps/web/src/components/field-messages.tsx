import type { FieldModel } from './field-model.ts';

/** Errors first (they block the download), then warnings, then the help text. */
export function FieldMessages({ f }: { f: Pick<FieldModel, 'def' | 'errors' | 'warnings' | 'hintId' | 'errorId' | 'warningId'> }) {
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
      <p id={f.hintId} className="field-hint">
        {f.def.hint}
      </p>
    </>
  );
}
