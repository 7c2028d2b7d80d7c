// Turns zod issues into the flat { path: "tcp.port", message } list that the
// API returns and the form shows next to each field.
import type * as z from 'zod/mini';
import { AnswersSchema, FieldsOnlySchema, type Answers } from './answers.ts';
import { crossFieldIssues, crossFieldWarnings } from './cross-field.ts';
import { leavesFor } from './share-paths.ts';

export interface FieldError {
  /** Dotted path of the field, e.g. "tcp.port" or "delivery.virtualDomains.0"; "" for the whole body. */
  path: string;
  message: string;
}

export const pathToString = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/**
 * Issues must come from a parse with `reportInput: true`, so that a missing
 * field can be told from a wrong one. The input itself is never copied out.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: pathToString([...issue.path, key]), message: `Unknown field "${key}"` });
      }
    } else if (issue.path.length === 0 && issue.code === 'invalid_type') {
      out.push({ path: '', message: 'The body must be a JSON object of answers' });
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      out.push({ path: pathToString(issue.path), message: `${fieldLabel(issue.path)} is required` });
    } else {
      out.push({ path: pathToString(issue.path), message: issue.message });
    }
  }
  return out;
}

const LABELS: Record<string, string> = {
  topology: 'Topology',
  mailHost: 'Postfix host name',
  'tcp.storeHost': 'Cyrus store host',
  'sasl.password': 'SASL password',
  'murder.mupdateHost': 'mupdate master host',
  'murder.frontends': 'Frontend hosts',
  'murder.backends': 'Backend hosts',
  'murder.mupdatePassword': 'mupdate password',
  'tls.certPath': 'Certificate path on the store',
  'tls.keyPath': 'Key path on the store',
  'tls.caFile': 'CA file on the Postfix host',
  tcp: 'TCP connection',
  sasl: 'SASL credentials',
};
/** A list item's field by its label in the form ("MX host 2: host name"), never by its path (issue 24). */
function itemLabel(path: string): string | undefined {
  const mx = /^extraMx\.([0-9]+)\.(host|username|password|concurrency)$/.exec(path);
  if (mx)
    return `MX host ${Number(mx[1]) + 2}: ${{ host: 'host name', username: 'SASL user name', password: 'SASL password', concurrency: 'parallel deliveries' }[mx[2] as 'host']}`;
  const be = /^murder\.backendPasswords\.([0-9]+)\.password$/.exec(path);
  if (be) return `Backend ${Number(be[1]) + 1}: proxy password`;
  return undefined;
}
const fieldLabel = (path: readonly PropertyKey[]) => {
  const key = pathToString(path);
  return LABELS[key] ?? itemLabel(key) ?? 'This answer';
};

/**
 * What a required field holds while it is missing or refused, so that the
 * rest of the answers can still be judged and previewed. Each is a valid
 * value nobody would type (".invalid" is reserved, RFC 2606); the web
 * preview shows it as its label ("<store host>").
 */
export const STAND_INS: Readonly<Record<string, { value: unknown; label?: string }>> = {
  mailHost: { value: 'postfix-host.stand-in.invalid', label: '<Postfix host>' },
  tcp: { value: {} },
  'tcp.storeHost': { value: 'store-host.stand-in.invalid', label: '<store host>' },
  sasl: { value: {} },
  'sasl.password': { value: 'stand-in-password', label: '<password>' },
  murder: { value: {} },
  'murder.mupdateHost': { value: 'mupdate-host.stand-in.invalid', label: '<mupdate master>' },
  'murder.frontends': { value: ['frontend.stand-in.invalid'] },
  'murder.backends': { value: ['backend.stand-in.invalid'] },
  'murder.proxyPassword': { value: 'stand-in-password', label: '<password>' },
  'murder.mupdatePassword': { value: 'stand-in-password', label: '<password>' },
};

/** Answers that did not all parse: refused or missing fields stand in with their default or a STAND_INS value. */
export interface PartialAnswers {
  answers: Answers;
  /** Dotted paths that stand in ("delivery.virtualDomains" for a whole list with a bad line). */
  standIns: readonly string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The field an error belongs to: a list's line counts as the whole list. */
const fieldPathOf = (path: string): string => {
  const keys = path.split('.');
  const at = keys.findIndex((k) => /^[0-9]+$/.test(k));
  return (at < 0 ? keys : keys.slice(0, at)).join('.');
};

function replaceAt(target: Record<string, unknown>, path: string): boolean {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node: Record<string, unknown> = target;
  for (const key of keys) {
    const next = node[key];
    if (!isRecord(next)) return false;
    node = next;
  }
  const standIn = STAND_INS[path];
  if (standIn) node[last] = structuredClone(standIn.value);
  else delete node[last];
  return true;
}

/**
 * Parses what can be parsed: each refused or missing field is dropped (its
 * default applies) or stands in, until the rest parses. Undefined when the
 * topology itself is unknown (the schema has no such option), or the input is no object.
 */
export function partialAnswers(input: unknown, errors?: readonly FieldError[]): PartialAnswers | undefined {
  if (!isRecord(input) || leavesFor(input.topology) === undefined) return undefined;
  // JSON-like input (a request body or the form's draft): a plain deep copy.
  const draft = structuredClone(input);
  const standIns = new Set<string>();
  let pending = errors;
  for (let round = 0; round < 5; round++) {
    if (pending !== undefined) {
      const paths = new Set(pending.map((e) => fieldPathOf(e.path)));
      for (const path of paths) {
        // A stand-in that fails again, or an error on the whole body, ends the attempt.
        if (path === '' || path === 'topology' || standIns.has(path) || !replaceAt(draft, path)) return undefined;
        standIns.add(path);
      }
    }
    const result = FieldsOnlySchema.safeParse(draft, { reportInput: true });
    if (result.success) return { answers: result.data, standIns: [...standIns] };
    pending = formatIssues(result.error.issues);
  }
  return undefined;
}

/** The cross-field rules whose every answer parsed, on answers that did not all parse. */
export function crossFieldErrorsOfPartial(input: unknown, errors: readonly FieldError[]): FieldError[] {
  const partial = partialAnswers(input, errors);
  if (partial === undefined) return [];
  const usable = (...paths: string[]) =>
    paths.every((p) => !partial.standIns.some((s) => s === p || p.startsWith(`${s}.`) || s.startsWith(`${p}.`)));
  return crossFieldIssues(partial.answers, usable).map((i) => ({ path: pathToString(i.path), message: i.message }));
}

export type ParseResult = { ok: true; answers: Answers; warnings: FieldError[] } | { ok: false; errors: FieldError[] };

/** The non-blocking advice for valid answers, in the API's { path, message } form. */
export const answerWarnings = (a: Answers): FieldError[] =>
  crossFieldWarnings(a).map((w) => ({ path: pathToString(w.path), message: w.message }));

export function parseAnswers(input: unknown): ParseResult {
  const result = AnswersSchema.safeParse(input, { reportInput: true });
  if (!result.success) {
    // Cross-field rules run on what parsed, every time: an error does not
    // wait until every other field is right (issue 13, defect 3).
    const errors = formatIssues(result.error.issues);
    return { ok: false, errors: [...errors, ...crossFieldErrorsOfPartial(input, errors)] };
  }
  return { ok: true, answers: result.data, warnings: answerWarnings(result.data) };
}
