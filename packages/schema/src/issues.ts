// Turns zod issues into the flat { path: "tcp.port", message } list that the
// API returns and the form shows next to each field.
import * as z from 'zod/mini';
import { AnswersSchema, type Answers } from './answers.ts';
import { crossFieldWarnings } from './cross-field.ts';

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
  tcp: 'TCP connection',
  sasl: 'SASL credentials',
};
const fieldLabel = (path: readonly PropertyKey[]) => LABELS[pathToString(path)] ?? pathToString(path);

export type ParseResult =
  | { ok: true; answers: Answers; warnings: FieldError[] }
  | { ok: false; errors: FieldError[] };

/** The non-blocking advice for valid answers, in the API's { path, message } form. */
export const answerWarnings = (a: Answers): FieldError[] =>
  crossFieldWarnings(a).map((w) => ({ path: pathToString(w.path), message: w.message }));

export function parseAnswers(input: unknown): ParseResult {
  const result = AnswersSchema.safeParse(input, { reportInput: true });
  if (!result.success) return { ok: false, errors: formatIssues(result.error.issues) };
  return { ok: true, answers: result.data, warnings: answerWarnings(result.data) };
}
