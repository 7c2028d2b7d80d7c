/**
 * Thrown by a serializer that is handed a value which would break its syntax.
 * The schema should have refused such a value already; this is the second
 * wall, so a schema bug can never become an injected config line.
 */
export class SerializeError extends Error {
  constructor(
    /** The answers field the value came from, e.g. "tcp.storeHost". */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'SerializeError';
  }
}

// C0 controls, DEL, and the Unicode line and paragraph separators. No config
// syntax we write can carry any of them inside a value.
const CONTROL_RE = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;
const PRINTABLE_ASCII_RE = /^[\x20-\x7e]*$/;

/** Refuses control characters and non-ASCII text (look-alikes, bidi controls). */
export function assertPlainAscii(field: string, value: string, syntax: string): void {
  // Printable ASCII holds none of CONTROL_RE: one test for the usual value.
  if (PRINTABLE_ASCII_RE.test(value)) return;
  if (CONTROL_RE.test(value)) throw new SerializeError(field, `control character in a ${syntax} value`);
  if (!PRINTABLE_ASCII_RE.test(value)) throw new SerializeError(field, `non-ASCII character in a ${syntax} value`);
}

export function assertMatches(field: string, value: string, re: RegExp, syntax: string): void {
  assertPlainAscii(field, value, syntax);
  if (!re.test(value)) throw new SerializeError(field, `"${value}" is not allowed in a ${syntax} ${re.source}`);
}

/** Every generated line records why it is there and which answer produced it. */
export interface Entry {
  why: string;
  /** The answers field this entry follows from, e.g. "unixSocket.path". */
  source: string;
}
