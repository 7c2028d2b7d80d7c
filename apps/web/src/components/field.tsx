// A labelled control for one answers field. The <label> text is the
// field's accessible name exactly (tests find fields by it); help, errors
// and warnings are tied on with aria-describedby instead.
import { memo } from 'react';
import { fieldModel, sameFieldProps, type FieldModel, type FieldProps } from './field-model.ts';
import { FieldMessages } from './field-messages.tsx';
import { PasswordControl, type ControlProps } from './password-control.tsx';
import { optionLabel } from '../state/field-hints.ts';
import { useTypedText } from '../hooks/use-typed-text.ts';

function Control({ f }: { f: FieldModel }) {
  const { def } = f;
  const common: ControlProps = {
    id: f.id,
    name: f.path,
    'aria-invalid': f.errors.length > 0 ? true : undefined,
    'aria-describedby': f.describedBy,
    'aria-required': def.required ? true : undefined,
  };
  const text = typeof f.value === 'string' ? f.value : '';
  if (def.kind === 'password') return <PasswordControl f={f} common={common} />;
  if (def.kind === 'select') {
    return (
      <select {...common} value={text} onChange={(e) => f.setValue(e.target.value)}>
        {def.options?.map((o) => (
          <option key={o.value} value={o.value}>
            {optionLabel(f.path, o)}
          </option>
        ))}
      </select>
    );
  }
  if (def.kind === 'list') return <ListControl common={common} text={text} commit={f.setValue} />;
  return <TextControl common={common} text={text} commit={f.setValue} def={def} placeholder={f.placeholder} />;
}

interface TypedProps {
  common: ControlProps;
  text: string;
  commit: (next: string) => void;
}

function ListControl({ common, text, commit }: TypedProps) {
  const typed = useTypedText<HTMLTextAreaElement>(text, commit);
  return <textarea {...common} rows={3} spellCheck={false} {...typed} />;
}

function TextControl({ common, text, commit, def, placeholder }: TypedProps & Pick<FieldModel, 'def' | 'placeholder'>) {
  const typed = useTypedText<HTMLInputElement>(text, commit);
  return (
    <input
      {...common}
      // Numbers stay text so that a typo is kept and shown with its error.
      type="text"
      inputMode={def.kind === 'number' ? 'numeric' : undefined}
      autoComplete={def.autoComplete ?? 'off'}
      spellCheck={false}
      placeholder={placeholder}
      {...typed}
    />
  );
}

export const Field = memo(function Field(props: FieldProps) {
  const f = fieldModel(props);
  const invalid = f.errors.length > 0;
  if (f.def.kind === 'checkbox') {
    return (
      <div className={invalid ? 'field field-check is-invalid' : 'field field-check'}>
        <input
          id={f.id}
          name={f.path}
          type="checkbox"
          checked={f.value === true}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={f.describedBy}
          onChange={(e) => f.setValue(e.target.checked)}
        />
        <label htmlFor={f.id}>{f.def.label}</label>
        <FieldMessages f={f} />
      </div>
    );
  }
  return (
    <div className={invalid ? 'field is-invalid' : 'field'}>
      <div className="field-label">
        {/* The label holds the accessible name and nothing else. */}
        <label htmlFor={f.id}>{f.def.label}</label>
        {f.def.required ? (
          <span className="required-mark" aria-hidden="true">
            required
          </span>
        ) : null}
      </div>
      <Control f={f} />
      <FieldMessages f={f} />
    </div>
  );
}, sameFieldProps);
