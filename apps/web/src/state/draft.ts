// The draft is what the person typed, kept raw (a port of "20x" stays
// "20x" so the field can show it with an error). It becomes answers input
// only here, and the schema then judges it like any other input.
import type { AnswersInput } from '@lmtp-wizard/schema';
import { FIELD_PATHS, fieldDef, isShown, type FieldPath, type FieldValue, type Topology } from './fields.ts';

export type Draft = Partial<Record<FieldPath, FieldValue>>;

const INTEGER_RE = /^-?\d{1,15}$/;

/** Splits a list typed one per line (commas and spaces work too). */
export const splitList = (text: string): string[] => text.split(/[\s,;]+/).filter((s) => s !== '');

function toAnswerValue(path: FieldPath, value: FieldValue): unknown {
  const { kind } = fieldDef(path);
  if (typeof value === 'boolean') return value;
  if (kind === 'number') return INTEGER_RE.test(value.trim()) ? Number(value.trim()) : value;
  if (kind === 'list') return splitList(value);
  return value;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = target;
  for (const key of keys) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[last] = value;
}

/**
 * An emptied field that has a default stands for the default (issue 13,
 * defect 7): "" for the port meant "must be a whole number". Required
 * fields keep "" so the schema says they are required.
 */
export const isEmptiedDefault = (path: FieldPath, value: FieldValue | undefined): boolean =>
  typeof value === 'string' && value.trim() === '' && fieldDef(path).required !== true && fieldDef(path).kind !== 'list';

/** What the person typed, or undefined where the default applies. */
export const typedValue = (draft: Draft, path: FieldPath): FieldValue | undefined =>
  isEmptiedDefault(path, draft[path]) ? undefined : draft[path];

/**
 * What a field holds for shownWhen: the typed value, or else the select's
 * first option, which is its schema default (a test holds the two together).
 */
export const valueForShown = (draft: Draft) => (path: FieldPath): FieldValue | undefined =>
  typedValue(draft, path) ?? fieldDef(path).options?.[0]?.value;

/**
 * Only fields the person set are sent; the schema fills in every default.
 * A field that is not asked (another topology, or its shownWhen fails: a
 * certificate path typed before switching back to self-signed) is not sent,
 * so no hidden field can hold an error the person cannot see.
 * The remote sections are always present so that a missing store host is
 * reported on its own field rather than as a missing "tcp" object.
 */
export function draftToInput(topology: Topology | null, draft: Draft): AnswersInput {
  const input: Record<string, unknown> = {};
  if (topology !== null) input.topology = topology;
  if (topology === 'remote') {
    input.tcp = {};
    input.sasl = {};
  }
  if (topology === 'murder') {
    input.murder = {};
    input.sasl = {};
  }
  const valueOf = valueForShown(draft);
  for (const path of FIELD_PATHS) {
    const value = typedValue(draft, path);
    if (value !== undefined && topology !== null && isShown(path, topology, valueOf)) {
      setPath(input, path, toAnswerValue(path, value));
    }
  }
  // Slots ("extraMx.0.host", "murder.backendPasswords.0.password") became objects keyed by slot: the lists, in slot order.
  slotsToList(input, 'extraMx');
  if (input.murder !== undefined) slotsToList(input.murder as Record<string, unknown>, 'backendPasswords');
  // The schema decides what is valid; this cast only names the intent.
  return input as unknown as AnswersInput;
}

function slotsToList(parent: Record<string, unknown>, key: string): void {
  const value = parent[key];
  if (value === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const slots = value as Record<string, unknown>;
  const last = Math.max(...Object.keys(slots).map(Number));
  parent[key] = Array.from({ length: last + 1 }, (_, i) => slots[String(i)] ?? {});
}

/** Reads a parsed answers value back into the raw form value for display. */
export function toFieldValue(path: FieldPath, value: unknown): FieldValue | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && fieldDef(path).kind === 'list') return value.join('\n');
  return undefined;
}

export function getPath(source: unknown, path: string): unknown {
  let node: unknown = source;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
