// The single shell-quoting function. Every value that reaches a generated
// script goes through `shq`; nothing else builds a quoted word.
import { SerializeError } from './errors.ts';

const PLAIN_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Quotes a value as one POSIX shell word. Refuses what one line cannot carry. */
export function shq(value: string, field = 'value'): string {
  // Most words are plain (names, paths, numbers): one test then, since a
  // plain word can hold neither a control character nor non-ASCII.
  if (PLAIN_WORD.test(value)) return value;
  if (!PRINTABLE_ASCII.test(value)) {
    if (/[\u0000-\u001f\u007f]/.test(value)) throw new SerializeError(field, 'control character in a shell word');
    throw new SerializeError(field, 'non-ASCII character in a shell word');
  }
  return value.includes("'") ? `'${value.replace(/'/g, `'\\''`)}'` : `'${value}'`;
}

/** A shell value with the field it came from, so errors can name it. */
export interface Word {
  value: string;
  field: string;
}
export const word = (value: string | number, field = 'value'): Word => ({ value: String(value), field });

/**
 * Builds one command line: plain strings are trusted script text written by
 * us; Words are values and are quoted.
 */
export function sh(strings: TemplateStringsArray, ...values: (Word | string | number)[]): string {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as Word | string | number;
    out += typeof v === 'object' ? shq(v.value, v.field) : shq(String(v));
    out += strings[i + 1] ?? '';
  }
  return out;
}
