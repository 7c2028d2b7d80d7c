// The draft is what the person typed, kept raw (a port of "20x" stays
// "20x" so the field can show it with an error). It becomes answers input
// only here, and the schema then judges it like any other input.
import type { AnswersInput } from '@lmtp-wizard/schema';
import {
  FIELD_PATHS,
  fieldDef,
  isShown,
  slotOf,
  slotPaths,
  TOPOLOGY_FORMS,
  type FieldPath,
  type FieldValue,
  type SlotGroup,
  type Topology,
} from './fields.ts';

export type Draft = Partial<Record<FieldPath, FieldValue>>;

const INTEGER_RE = /^-?\d{1,15}$/;

/** Splits a list typed one per line (commas and spaces work too). */
export const splitList = (text: string): string[] => text.split(/[\s,;]+/).filter((s) => s !== '');

/** The most items a list of slots takes (the schema's own limits: MAX_EXTRA_MX, 20 backends). */
const MAX_SLOTS: Readonly<Record<SlotGroup, number>> = { 'extraMx.*': 20, 'murder.backendPasswords.*': 20 };

/**
 * How many slots each list offers (issue 24), from the answers themselves:
 * one per further MX the person added (or the import or a link filled in),
 * one per line of "Backend hosts". Never a fixed number.
 */
export function slotCount(draft: Draft, group: SlotGroup): number {
  if (group === 'murder.backendPasswords.*') {
    const backends = draft['murder.backends'];
    return Math.min(typeof backends === 'string' ? splitList(backends).length : 0, MAX_SLOTS[group]);
  }
  let count = 0;
  for (const key of Object.keys(draft)) {
    const slot = slotOf(key);
    if (slot?.group === group && draft[key as FieldPath] !== undefined) count = Math.max(count, slot.index + 1);
  }
  return Math.min(count, MAX_SLOTS[group]);
}

/** Every field path the form has for this draft: the fixed ones and one slot per list item. */
export const formFieldPaths = (draft: Draft): FieldPath[] => [
  ...FIELD_PATHS,
  ...slotPaths('extraMx.*', slotCount(draft, 'extraMx.*')),
  ...slotPaths('murder.backendPasswords.*', slotCount(draft, 'murder.backendPasswords.*')),
];

/** A step's fields for this draft: each slot group expanded to one slot per list item. */
export const expandFields = (fields: readonly (FieldPath | SlotGroup)[], draft: Draft): FieldPath[] =>
  fields.flatMap((f) =>
    f === 'extraMx.*' || f === 'murder.backendPasswords.*' ? slotPaths(f, slotCount(draft, f)) : [f],
  );

/** The draft without list item `index` of `group`: the items after it move up one place. */
export function withoutSlot(draft: Draft, group: SlotGroup, index: number): Draft {
  const out: Draft = {};
  for (const [key, value] of Object.entries(draft) as [FieldPath, FieldValue | undefined][]) {
    const slot = slotOf(key);
    if (slot === undefined || slot.group !== group || slot.index < index) out[key] = value;
    else if (slot.index > index) out[key.replace(/\.[0-9]+\./, `.${slot.index - 1}.`) as FieldPath] = value;
  }
  return out;
}

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
  typeof value === 'string' &&
  value.trim() === '' &&
  fieldDef(path).required !== true &&
  fieldDef(path).kind !== 'list';

/** What the person typed, or undefined where the default applies. */
export const typedValue = (draft: Draft, path: FieldPath): FieldValue | undefined =>
  isEmptiedDefault(path, draft[path]) ? undefined : draft[path];

/**
 * What a field holds for shownWhen: the typed value, or else the select's
 * first option, which is its schema default (a test holds the two together).
 */
export const valueForShown =
  (draft: Draft) =>
  (path: FieldPath): FieldValue | undefined =>
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
  // Nothing chosen yet: nothing the schema could accept.
  if (topology === null) return {} as AnswersInput;
  const input: Record<string, unknown> = { topology };
  const form = TOPOLOGY_FORMS[topology];
  for (const section of form.sections) input[section] = {};
  const valueOf = valueForShown(draft);
  for (const path of formFieldPaths(draft)) {
    const value = typedValue(draft, path);
    if (value !== undefined && isShown(path, topology, valueOf)) {
      setPath(input, path, toAnswerValue(path, value));
    }
  }
  // Slots ("extraMx.0.host", "murder.backendPasswords.0.password") became objects keyed by slot: the lists, in slot order.
  // Every slot the form offers is an item, filled or not: an added MX with no host yet is reported on its host field.
  for (const list of form.lists) {
    const parent = list.parent === null ? input : (input[list.parent] as Record<string, unknown> | undefined);
    if (parent !== undefined) slotsToList(parent, list.key, list.sendEmpty ? slotCount(draft, list.group) : 0);
  }
  // The schema decides what is valid; this cast only names the intent.
  return input as unknown as AnswersInput;
}

function slotsToList(parent: Record<string, unknown>, key: string, count: number): void {
  const value = parent[key];
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) return;
  const slots = (value ?? {}) as Record<string, unknown>;
  const length = Math.max(count, ...Object.keys(slots).map((k) => Number(k) + 1));
  if (length > 0) parent[key] = Array.from({ length }, (_, i) => slots[String(i)] ?? {});
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
