// Where given answers hold a secret, by the one list of secret path patterns
// (secret-patterns.ts, which the schema's leaves carry): the paths, their
// values, and the answers without them. The preview's masking, answers.json
// and the audit read this; share links read the same list (share-paths.ts,
// and the web's share links, form and engine through isSecretPath).
import type { Answers } from './answers.ts';
import { leavesFor } from './share-paths.ts';

/** A path into the answers: keys, and the index of a list item ("extraMx", 0, "password"). */
export type SecretPath = readonly (string | number)[];

const isRecord = (v: unknown): v is Record<string | number, unknown> => typeof v === 'object' && v !== null;

const readPath = (root: unknown, path: SecretPath): unknown =>
  path.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), root);

/**
 * Every path of these answers that holds a secret (the SASL passwords, each
 * further MX's, a Murder's proxy and mupdate passwords), in schema order,
 * list items included. A secret field that is present counts even when
 * empty (an MX's password under a shared user).
 */
export function secretPaths(a: Answers): SecretPath[] {
  const out: SecretPath[] = [];
  for (const leaf of leavesFor(a.topology) ?? []) {
    const value = readPath(a, leaf.path);
    if (value === undefined) continue;
    if (leaf.secret) out.push(leaf.path);
    const inItems = (leaf.items ?? []).filter((l) => l.secret !== undefined);
    if (inItems.length > 0 && Array.isArray(value)) {
      value.forEach((item, i) => {
        for (const s of inItems) if (readPath(item, s.path) !== undefined) out.push([...leaf.path, i, ...s.path]);
      });
    }
  }
  return out;
}

/** The secrets of these answers that are set, in the order of secretPaths (for masking previews). */
export const secretValues = (a: Answers): string[] =>
  secretPaths(a)
    .map((p) => readPath(a, p))
    .filter((v): v is string => typeof v === 'string' && v !== '');

/**
 * A copy of the answers without any secret: each secret path left out, and a
 * list whose items hold nothing but secrets (a Murder's backendPasswords)
 * left out whole. Key order is kept.
 */
export function withoutSecrets(a: Answers): Record<string, unknown> {
  const copy = structuredClone(a) as unknown as Record<string, unknown>;
  for (const path of secretPaths(a)) {
    const parent = readPath(copy, path.slice(0, -1));
    if (isRecord(parent)) delete parent[path[path.length - 1] as string | number];
  }
  for (const leaf of leavesFor(a.topology) ?? []) {
    const items = leaf.items ?? [];
    if (items.length === 0 || !items.every((l) => l.secret !== undefined)) continue;
    const parent = readPath(copy, leaf.path.slice(0, -1));
    if (isRecord(parent)) delete parent[leaf.path[leaf.path.length - 1] as string];
  }
  return copy;
}

/**
 * A copy of answers input (valid or not yet) with every secret its topology
 * needs stood in for by `standIn`, typed or not: each secret path, and the
 * secret of each list item the answers need (an MX's own password only when
 * the MX hosts do not share one user). For work that never needs a secret
 * itself, such as the import's plan.
 */
export function withSecretsStoodIn(input: unknown, standIn: string): unknown {
  if (!isRecord(input)) return input;
  const copy = structuredClone(input);
  for (const leaf of leavesFor(copy.topology) ?? []) {
    if (leaf.secret) {
      const parent = leaf.path.slice(0, -1).reduce<Record<string | number, unknown>>((node, key) => {
        if (!isRecord(node[key])) node[key] = {};
        return node[key] as Record<string | number, unknown>;
      }, copy);
      parent[leaf.path[leaf.path.length - 1] as string] = standIn;
    }
    const items = readPath(copy, leaf.path);
    const needed = (leaf.items ?? []).filter((l) => l.secret !== undefined && (l.secret.onlyWhen?.(copy) ?? true));
    if (Array.isArray(items))
      for (const item of items) if (isRecord(item)) for (const s of needed) item[s.path[0] as string] = standIn;
  }
  return copy;
}
