// Share links. A link's fragment ("#share=...") is base64url JSON holding
// the schema version, the wizard step and only the answers that differ from
// the schema's defaults. Browsers never send a fragment to a server, so the
// answers stay out of request lines and logs. A link never holds a secret:
// registered secrets are left out when encoding and thrown away when
// decoding, so a crafted link cannot plant a password either.
import { SCHEMA_VERSION } from './answers.ts';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { parseAnswers, type FieldError } from './issues.ts';
import { isRecord, migrate, OLDEST_LINK_VERSION, type LinkAnswers } from './share-migrations.ts';
import { ALL_SECRET_LEAVES, ALL_SECRET_LISTS, leavesFor, type Leaf } from './share-paths.ts';

export const SHARE_PREFIX = 'share=';
/** Far above any valid setup (two lists of 100 long domains), far below what strains a browser. */
export const MAX_SHARE_CHARS = 100_000;
const STEP_RE = /^[a-z][a-z-]{0,31}$/;

export type ShareLinkProblem = 'corrupt' | 'newer-version' | 'unsupported-version' | 'too-long';

/** A link that cannot be read at all. Answers that are merely invalid are not this: they come back as field errors. */
export class ShareLinkError extends Error {
  override readonly name = 'ShareLinkError';
  constructor(
    readonly problem: ShareLinkProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface DecodedShare {
  /** The version the link was made with; below SCHEMA_VERSION means it was migrated. */
  version: number;
  step: string | undefined;
  /** Answers input without secrets, defaults left out, every section of its topology present. */
  input: LinkAnswers;
  /** Dotted paths of the secrets this topology needs; a link never carries them. */
  missingSecrets: string[];
  /** The schema's verdict, as on any other input; the missing secrets do not count. */
  errors: FieldError[];
  warnings: FieldError[];
  /**
   * The setup was made from a server's imported configuration (issue 12). The
   * link never carries that configuration, only this mark, so that whoever
   * opens it is told to import their own server's.
   */
  imported: boolean;
}

export interface ShareOptions {
  /** Marks the link as made after an import; the imported text itself is never in a link. */
  imported?: boolean;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const copyJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function readPath(source: unknown, path: readonly string[]): unknown {
  let node = source;
  for (const key of path) {
    if (!isRecord(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** The parent of path, created as {} where absent; undefined when a value in the way is not an object. */
function parentOf(target: LinkAnswers, path: readonly string[]): Record<string, unknown> | undefined {
  let node: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) {
    if (!Object.hasOwn(node, key)) node[key] = {};
    const next = node[key];
    if (!isRecord(next)) return undefined;
    node = next;
  }
  return node;
}

function writePath(target: LinkAnswers, path: readonly string[], value: unknown): void {
  const parent = parentOf(target, path);
  if (parent) parent[path[path.length - 1] as string] = value;
}

/** A list's items with their secret keys removed (an MX's password); anything else as it is. */
function withoutItemSecrets(value: unknown, leaf: Leaf): unknown {
  const secrets = (leaf.items ?? []).filter((l) => l.secret !== undefined);
  if (secrets.length === 0 || !Array.isArray(value)) return value;
  return value.map((item: unknown) => {
    if (!isRecord(item)) return item;
    const copy = { ...item };
    for (const s of secrets) delete copy[s.path[0] as string];
    return copy;
  });
}

/** The input's answers that differ from their defaults, secrets left out (in list items too), in schema order. */
function sharedAnswers(input: unknown): LinkAnswers {
  const out: LinkAnswers = {};
  if (!isRecord(input)) return out;
  for (const leaf of leavesFor(input.topology) ?? []) {
    const value = readPath(input, leaf.path);
    if (value === undefined || leaf.secret || (leaf.hasDefault && sameJson(value, leaf.defaultValue))) continue;
    writePath(out, leaf.path, withoutItemSecrets(value, leaf));
  }
  return out;
}

interface ItemSecret {
  list: readonly string[];
  index: number;
  field: string;
  /** dotted, as in FieldError.path: "extraMx.0.password" */
  key: string;
  placeholder: string;
}

/** The secrets inside list items that these answers need (an MX's own password, unless every MX shares one user). */
function itemSecrets(input: LinkAnswers, leaves: readonly Leaf[]): ItemSecret[] {
  const out: ItemSecret[] = [];
  for (const list of leaves) {
    const value = readPath(input, list.path);
    if (!Array.isArray(value)) continue;
    for (const s of (list.items ?? []).filter((l) => l.secret !== undefined)) {
      if (s.secret?.onlyWhen && !s.secret.onlyWhen(input)) continue;
      const field = s.path[0] as string;
      value.forEach((item, index) => {
        if (isRecord(item))
          out.push({
            list: list.path,
            index,
            field,
            key: [...list.path, index, field].join('.'),
            placeholder: s.secret?.placeholder ?? '',
          });
      });
    }
  }
  return out;
}

/** The fragment, without "#", for answers input (valid or not) and the wizard step. */
export function encodeShare(input: unknown, step?: string, options: ShareOptions = {}): string {
  const s = step !== undefined && STEP_RE.test(step) ? { s: step } : {};
  // "i" is a mark only; a reader that predates it ignores it, so no version change.
  const i = options.imported === true ? { i: 1 } : {};
  return SHARE_PREFIX + toBase64Url(JSON.stringify({ v: SCHEMA_VERSION, ...s, ...i, a: sharedAnswers(input) }));
}

export const createShareLink = (baseUrl: string, input: unknown, step?: string): string =>
  `${baseUrl.split('#')[0] ?? ''}#${encodeShare(input, step)}`;

export const isShareFragment = (fragment: string): boolean => fragment.replace(/^#/, '').startsWith(SHARE_PREFIX);

function readPayload(fragment: string): Record<string, unknown> {
  const body = fragment.replace(/^#/, '');
  if (!body.startsWith(SHARE_PREFIX)) throw new ShareLinkError('corrupt', 'not a share link');
  const text = body.slice(SHARE_PREFIX.length);
  if (text.length > MAX_SHARE_CHARS) throw new ShareLinkError('too-long', `longer than ${MAX_SHARE_CHARS} characters`);
  let payload: unknown;
  try {
    payload = JSON.parse(fromBase64Url(text));
  } catch {
    throw new ShareLinkError('corrupt', 'not base64url JSON');
  }
  if (!isRecord(payload)) throw new ShareLinkError('corrupt', 'not a JSON object');
  return payload;
}

function checkedVersion(v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw new ShareLinkError('corrupt', 'no valid version');
  if (v > SCHEMA_VERSION)
    throw new ShareLinkError('newer-version', `version ${v}; this wizard reads up to ${SCHEMA_VERSION}`);
  if (v < OLDEST_LINK_VERSION) throw new ShareLinkError('unsupported-version', `version ${v} is no longer read`);
  return v;
}

/** Validates with each missing secret stood in for, so every other rule (cross-field ones too) runs. */
function judge(
  input: LinkAnswers,
  secrets: readonly Leaf[],
  inItems: readonly ItemSecret[],
): Pick<DecodedShare, 'errors' | 'warnings'> {
  const probe = copyJson(input);
  for (const leaf of secrets) writePath(probe, leaf.path, leaf.secret?.placeholder);
  for (const s of inItems) {
    const item = (readPath(probe, s.list) as unknown[])[s.index];
    if (isRecord(item)) item[s.field] = s.placeholder;
  }
  const result = parseAnswers(probe);
  return result.ok ? { errors: [], warnings: result.warnings } : { errors: result.errors, warnings: [] };
}

/** Reads a fragment (with or without "#"). Throws ShareLinkError when it cannot be read at all. */
export function decodeShare(fragment: string): DecodedShare {
  const payload = readPayload(fragment);
  const version = checkedVersion(payload.v);
  const answers = payload.a ?? {};
  if (!isRecord(answers)) throw new ShareLinkError('corrupt', 'answers are not an object');

  const input = copyJson(migrate(answers, version));
  for (const leaf of ALL_SECRET_LEAVES) {
    const parent = readPath(input, leaf.path.slice(0, -1));
    if (isRecord(parent)) delete parent[leaf.path[leaf.path.length - 1] as string];
  }
  // and the secrets inside list items: a crafted link cannot plant an MX's password either
  for (const { list, secrets: itemLeaves } of ALL_SECRET_LISTS) {
    const items = readPath(input, list.path);
    if (Array.isArray(items))
      for (const item of items) if (isRecord(item)) for (const s of itemLeaves) delete item[s.path[0] as string];
  }
  const leaves = leavesFor(input.topology) ?? [];
  // Sections present, so that a missing field is reported on its own path.
  for (const leaf of leaves) parentOf(input, leaf.path);
  const secrets = leaves.filter((l) => l.secret !== undefined);
  const step = typeof payload.s === 'string' && STEP_RE.test(payload.s) ? payload.s : undefined;
  const imported = payload.i === 1;
  const inItems = itemSecrets(input, leaves);
  return {
    version,
    step,
    input,
    missingSecrets: [...secrets.map((l) => l.key), ...inItems.map((s) => s.key)],
    ...judge(input, secrets, inItems),
    imported,
  };
}
