// Share links in the page: opens the link the page was loaded with (or one
// pasted into the tab later) once the codec has loaded, and keeps the
// current setup's link in the address bar and the same link in the share
// panel. The link is built from the snapshot's shareable part (no secret:
// engine/share-link.ts), and the codec drops secrets again.
import { useCallback, useEffect, useMemo, useState, type Dispatch } from 'react';
import type { FieldError, ShareLinkProblem } from '@lmtp-wizard/schema';
import type { EngineState } from './use-engine.ts';
import { useHistorySync } from './use-history-sync.ts';
import { linkBase } from '../lib/location.ts';
import type { FieldPath } from '../state/fields.ts';
import { STEP_META, stepOfField, visibleStepMeta, type StepId } from '../state/step-meta.ts';
import type { WizardAction, WizardState } from '../state/wizard-reducer.ts';

export type LinkNotice =
  | { kind: 'opening' }
  | { kind: 'broken'; problem: ShareLinkProblem }
  | {
      kind: 'restored';
      migrated: boolean;
      missingSecrets: readonly FieldPath[];
      errors: readonly FieldError[];
      imported: boolean;
    };

export interface ShareLink {
  /**
   * The link in the address bar; undefined before a topology is chosen or while the codec loads.
   * While someone types it follows within a quarter second, with the address bar.
   */
  link: string | undefined;
  /** The link to the setup as it is now (for Copy): writes the address bar at once if a write was waiting. */
  currentLink: () => string | undefined;
  notice: LinkNotice | undefined;
  dismissNotice: () => void;
}

const ALL_STEPS = STEP_META.map((s) => s.id);

/** A setup's link has a fragment; the bare page address is no link to share. */
const asLink = (url: string | undefined): string | undefined => (url?.includes('#') ? url : undefined);

/**
 * `imported`: the setup was started from an imported configuration. The link
 * then carries a mark saying so, never the configuration itself (issue 12).
 */
export function useShareLink(
  state: WizardState,
  dispatch: Dispatch<WizardAction>,
  engine: EngineState,
  imported = false,
): ShareLink {
  // The fragment still to open: the one the page was loaded with, at first.
  const [pending, setPending] = useState<string | null>(() => window.location.hash || null);
  const [notice, setNotice] = useState<LinkNotice | undefined>(() =>
    window.location.hash ? { kind: 'opening' } : undefined,
  );
  const ready = engine.status === 'ready' ? engine.engine : undefined;
  // A link made after an import keeps its mark when passed on: the answers still came from someone's server.
  const [fromImportedLink, setFromImportedLink] = useState(false);
  const marked = imported || fromImportedLink;

  useEffect(() => {
    if (!ready || pending === null) return;
    const opened = ready.share.open(pending);
    if (opened.kind === 'restored') {
      // Errors in the link show at once, and the empty secret is flagged on its field.
      const revealed: StepId[] =
        opened.errors.length > 0 ? ALL_STEPS : opened.missingSecrets.map((p) => stepOfField(p));
      dispatch({ type: 'restore', snapshot: opened.snapshot, revealed });
      const { migrated, missingSecrets, errors, imported: madeAfterImport } = opened;
      setNotice({ kind: 'restored', migrated, missingSecrets, errors, imported: madeAfterImport });
      setFromImportedLink(madeAfterImport);
    } else if (opened.kind === 'broken') {
      setNotice({ kind: 'broken', problem: opened.problem });
    } else {
      setNotice(undefined);
    }
    setPending(null);
  }, [ready, pending, dispatch]);

  const { topology, step, draft } = state;
  // Builds the link only when the address bar is written (see useHistorySync).
  const buildUrl = useMemo(() => {
    if (!ready || pending !== null) return undefined;
    return () => {
      const base = linkBase();
      const fragment = ready.share.fragment({ topology, step, draft }, marked);
      return fragment === '' ? base : `${base}#${fragment}`;
    };
  }, [ready, pending, topology, step, draft, marked]);
  const onStep = useCallback(
    (target: StepId) => {
      if (!visibleStepMeta(topology).some((s) => s.id === target)) return false;
      dispatch({ type: 'goTo', step: target });
      return true;
    },
    [topology, dispatch],
  );
  const history = useHistorySync({ step, buildUrl, onStep, onForeignFragment: setPending });

  const dismissNotice = useCallback(() => setNotice(undefined), []);
  const { url, current } = history;
  const currentLink = useCallback(() => asLink(current()), [current]);
  return { link: asLink(url), currentLink, notice, dismissNotice };
}
