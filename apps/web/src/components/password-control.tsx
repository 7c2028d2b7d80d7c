// The password input, with "Generate password" and "Show password". A
// generated password goes into the bundle for both hosts, so nobody has to
// type it; showing it lets the person note it down.
import { useState } from 'react';
import type { FieldModel } from './field-model.ts';
import { generatePassword, PASSWORD_LENGTH } from '../lib/generate-password.ts';

export interface ControlProps {
  id: string;
  name: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string;
  'aria-required': true | undefined;
}

export function PasswordControl({ f, common }: { f: FieldModel; common: ControlProps }) {
  const [shown, setShown] = useState(false);
  const [generated, setGenerated] = useState(false);
  const showId = `${f.id}-show`;
  // the first password keeps the plain names; a further MX's names its field, so each control is unique
  const of = f.path === 'sasl.password' ? '' : ` (${f.def.label})`;
  return (
    <>
      <input
        {...common}
        type={shown ? 'text' : 'password'}
        autoComplete={f.def.autoComplete ?? 'off'}
        spellCheck={false}
        value={typeof f.value === 'string' ? f.value : ''}
        onChange={(e) => {
          setGenerated(false);
          f.setValue(e.target.value);
        }}
      />
      <div className="password-tools">
        <button
          type="button"
          className="button secondary small"
          onClick={() => {
            f.setValue(generatePassword());
            setGenerated(true);
          }}
        >
          {`Generate password${of}`}
        </button>
        <span className="inline-check">
          <input id={showId} type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} />
          <label htmlFor={showId}>{`Show password${of}`}</label>
        </span>
        <span className="copy-status" aria-live="polite">
          {generated
            ? `A new ${PASSWORD_LENGTH}-character password of letters and digits is set; the bundle gives it to both hosts.`
            : ''}
        </span>
      </div>
    </>
  );
}
