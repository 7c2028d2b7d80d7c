// The wizard's side of share links, in the lazy chunk with the codec: a
// snapshot becomes a fragment, a fragment becomes a snapshot. Only fields of
// the form come back from a link, and never a secret one.
import { decodeShare, encodeShare, isShareFragment, SCHEMA_VERSION, ShareLinkError } from '@lmtp-wizard/schema';
import type { FieldError, ShareLinkProblem } from '@lmtp-wizard/schema';
import { isSecretPath } from '@lmtp-wizard/schema/secret-patterns';
import { draftToInput, formFieldPaths, getPath, toFieldValue, type Draft } from '../state/draft.ts';
import {
  FIELD_PATHS,
  appliesTo,
  fieldDef,
  isFieldPath,
  MX_SLOT_KEYS,
  mxSlotPath,
  TOPOLOGY_FORMS,
  type FieldPath,
  type Topology,
} from '../state/fields.ts';
import { visibleStepMeta } from '../state/step-meta.ts';
import type { WizardSnapshot } from '../state/wizard-reducer.ts';

/** Whether a value (from a link, an import) names a topology the form has. Here, in the lazy chunk, not in fields.ts: the first chunk has no byte to spare. */
export const isTopology = (value: unknown): value is Topology =>
  typeof value === 'string' && Object.hasOwn(TOPOLOGY_FORMS, value);

export type OpenedLink =
  /** The fragment is not a share link (an in-page anchor, say). */
  | { kind: 'none' }
  | { kind: 'broken'; problem: ShareLinkProblem }
  | {
      kind: 'restored';
      snapshot: WizardSnapshot;
      /** Made by an older schema version and migrated. */
      migrated: boolean;
      missingSecrets: FieldPath[];
      /** The schema's verdict on the link's answers, as on any other input. */
      errors: FieldError[];
      /** Made after an import: the colleague must import their own server's configuration. */
      imported: boolean;
    };

function draftOf(input: unknown, topology: Topology): Draft {
  const draft: Draft = {};
  for (const path of FIELD_PATHS) {
    if (!appliesTo(path, topology) || isSecretPath(path)) continue;
    const value = toFieldValue(path, getPath(input, path));
    if (value !== undefined && !isSecretPath(path)) draft[path] = value;
  }
  // one slot per further MX in the link (its password is never there)
  const extraMx = TOPOLOGY_FORMS[topology].lists.some((l) => l.group === 'extraMx.*')
    ? getPath(input, 'extraMx')
    : undefined;
  if (Array.isArray(extraMx)) {
    extraMx.slice(0, 20).forEach((_, i) => {
      for (const key of MX_SLOT_KEYS) {
        const path = mxSlotPath(i, key);
        if (isSecretPath(path)) continue;
        draft[path] = toFieldValue(path, getPath(input, path)) ?? (key === 'host' ? '' : draft[path]);
      }
      // the slot is there even with nothing but a default in it
      if (Object.values(MX_SLOT_KEYS).every((k) => draft[mxSlotPath(i, k)] === undefined))
        draft[mxSlotPath(i, 'concurrency')] = '';
    });
  }
  return draft;
}

export function openShareLink(fragment: string): OpenedLink {
  if (!isShareFragment(fragment)) return { kind: 'none' };
  try {
    const decoded = decodeShare(fragment);
    const topology = isTopology(decoded.input.topology) ? decoded.input.topology : null;
    const step = visibleStepMeta(topology).find((s) => s.id === decoded.step)?.id ?? 'topology';
    return {
      kind: 'restored',
      snapshot: { topology, step, draft: topology === null ? {} : draftOf(decoded.input, topology) },
      migrated: decoded.version < SCHEMA_VERSION,
      missingSecrets: decoded.missingSecrets.filter(isFieldPath),
      errors: decoded.errors,
      imported: decoded.imported,
    };
  } catch (error) {
    // Whatever went wrong, the person gets a message, never a blank page.
    return { kind: 'broken', problem: error instanceof ShareLinkError ? error.problem : 'corrupt' };
  }
}

/** What a share link may carry: never a secret field (the schema's list of secret paths; the codec drops them again). */
export function shareableSnapshot(snapshot: WizardSnapshot): WizardSnapshot {
  const draft: Draft = {};
  for (const path of formFieldPaths(snapshot.draft)) {
    const value = snapshot.draft[path];
    if (value !== undefined && !isSecretPath(path)) draft[path] = value;
  }
  return { topology: snapshot.topology, step: snapshot.step, draft };
}

/**
 * The fragment (without "#") for a snapshot, from its shareable part; "" until
 * a topology is chosen. `imported` only marks the link: the imported
 * configuration is not part of a snapshot, so it cannot reach a link.
 */
export const shareFragment = (snapshot: WizardSnapshot, imported = false): string =>
  snapshot.topology === null
    ? ''
    : encodeShare(draftToInput(snapshot.topology, shareableSnapshot(snapshot).draft), snapshot.step, { imported });
