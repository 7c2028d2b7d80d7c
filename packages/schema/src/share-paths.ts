// The leaves of AnswersSchema for each topology, read from the schema
// itself: the path, the default if there is one, and whether the field is
// a secret (by the one list of secret paths, secret-patterns.ts). The share
// codec uses them to leave out defaults and secrets, so a field added to the
// schema is handled without a second list.
import type * as z from 'zod/mini';
import { AnswersSchema } from './answers.ts';
import { secretMeta, type SecretMeta } from './secret-patterns.ts';

export interface Leaf {
  path: readonly string[];
  /** Dotted, as in FieldError.path: "tcp.port". */
  key: string;
  hasDefault: boolean;
  defaultValue: unknown;
  secret: SecretMeta | undefined;
  /** A list of objects (extraMx): the leaves of one item, relative to the item. */
  items?: readonly Leaf[];
}

type Schema = z.core.$ZodType;
// Only the parts of zod's definitions the walk reads.
interface Def {
  type: string;
  shape?: Record<string, Schema>;
  innerType?: Schema;
  defaultValue?: unknown;
  options?: readonly Schema[];
  element?: Schema;
}
const defOf = (schema: Schema): Def => schema._zod.def as unknown as Def;

/** `under`: the pattern of the list an item leaf is in ("extraMx.*."), "" at the top. */
function leaf(schema: Schema, path: string[], hasDefault: boolean, defaultValue: unknown, under: string): Leaf {
  const def = defOf(schema);
  const element = def.type === 'array' && def.element && defOf(def.element).type === 'object' ? def.element : undefined;
  const items: Leaf[] = [];
  if (element) walk(element, [], items, `${under}${path.join('.')}.*.`);
  return {
    path,
    key: path.join('.'),
    hasDefault,
    defaultValue,
    secret: secretMeta(`${under}${path.join('.')}`),
    ...(element ? { items } : {}),
  };
}

function walk(schema: Schema, path: string[], out: Leaf[], under = ''): void {
  const def = defOf(schema);
  if (def.type === 'object' && def.shape) {
    for (const [key, child] of Object.entries(def.shape)) walk(child, [...path, key], out, under);
  } else if (def.type === 'prefault' && def.innerType) {
    // A section such as "delivery" that may be left out: its own leaves carry the defaults.
    walk(def.innerType, path, out, under);
  } else if (def.type === 'default' && def.innerType) {
    out.push(leaf(def.innerType, path, true, def.defaultValue, under));
  } else {
    out.push(leaf(schema, path, false, undefined, under));
  }
}

function byTopology(): ReadonlyMap<unknown, readonly Leaf[]> {
  const options = defOf(AnswersSchema).options ?? [];
  const map = new Map<unknown, Leaf[]>();
  for (const option of options) {
    const leaves: Leaf[] = [];
    walk(option, [], leaves);
    // the option's literal topology, as zod's discriminated union itself reads it
    for (const value of option._zod.propValues?.topology ?? []) map.set(value, leaves);
  }
  if (map.size !== options.length) throw new Error('every AnswersSchema option needs a literal topology of its own');
  return map;
}

const LEAVES = byTopology();

/** The leaves for one topology, in schema order; undefined for an unknown topology. */
export const leavesFor = (topology: unknown): readonly Leaf[] | undefined => LEAVES.get(topology);

/** Every secret leaf of every topology. */
export const ALL_SECRET_LEAVES: readonly Leaf[] = [...LEAVES.values()].flat().filter((l) => l.secret !== undefined);

/** Every list of objects that holds a secret in its items, with those item leaves. */
export const ALL_SECRET_LISTS: readonly { list: Leaf; secrets: readonly Leaf[] }[] = [...LEAVES.values()]
  .flat()
  .map((list) => ({ list, secrets: (list.items ?? []).filter((l) => l.secret !== undefined) }))
  .filter((x) => x.secrets.length > 0);
