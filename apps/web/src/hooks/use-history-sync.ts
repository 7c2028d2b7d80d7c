// Keeps the address bar on the current setup, so a bookmark saves it, and
// makes Back and Forward move between steps. A step change pushes a history
// entry; any other change replaces the current one (debounced: browsers cap
// how often a page may call history, and Safari throws past the cap). Only
// the fragment ever changes, so nothing reloads and nothing reaches a server.
//
// The address is built only when it is written: typing schedules one write
// per pause, so the link codec never runs on the keystroke itself (issue 6:
// the preview within 1 ms of a keystroke).
import { useCallback, useEffect, useRef, useState } from 'react';
import { isStepId } from '../state/wizard-reducer.ts';
import type { StepId } from '../state/step-meta.ts';

const STEP_KEY = 'lmtpWizardStep';
const REPLACE_DELAY_MS = 250;

export interface HistorySyncOptions {
  step: StepId;
  /** Builds the address for the current state; undefined while it is not known yet (nothing is written). */
  buildUrl: (() => string) | undefined;
  /** Back or Forward landed on an entry of ours; returns false when that step cannot be shown now. */
  onStep: (step: StepId) => boolean;
  /** The fragment changed without an entry of ours: someone pasted a link into this tab. */
  onForeignFragment: (fragment: string) => void;
}

export interface HistorySync {
  /** The address last written to the address bar. */
  url: string | undefined;
  /** The address of the current state now, written at once if a write was waiting. */
  current: () => string | undefined;
}

function write(mode: 'pushState' | 'replaceState', step: StepId, url: string): void {
  try {
    window.history[mode]({ [STEP_KEY]: step }, '', url);
  } catch {
    // Over the browser's rate cap: the next change writes the address again.
  }
}

export function useHistorySync({ step, buildUrl, onStep, onForeignFragment }: HistorySyncOptions): HistorySync {
  const [url, setUrl] = useState<string | undefined>(undefined);
  const lastStep = useRef<StepId | null>(null);
  // The browser already made the entry (Back, Forward, a pasted link): replace it, never push.
  const replaceNext = useRef(false);
  const pending = useRef<(() => string) | undefined>(undefined);
  const timer = useRef<number | undefined>(undefined);
  const now = useRef({ step, buildUrl });
  now.current = { step, buildUrl };

  useEffect(() => {
    if (buildUrl === undefined) return;
    const writeNow = (mode: 'pushState' | 'replaceState'): string => {
      const next = buildUrl();
      write(mode, step, next);
      setUrl(next);
      return next;
    };
    window.clearTimeout(timer.current);
    pending.current = undefined;
    if (lastStep.current === null || replaceNext.current) writeNow('replaceState');
    else if (lastStep.current !== step) writeNow('pushState');
    else {
      const flush = () => {
        window.clearTimeout(timer.current);
        pending.current = undefined;
        return writeNow('replaceState');
      };
      pending.current = flush;
      timer.current = window.setTimeout(flush, REPLACE_DELAY_MS);
    }
    lastStep.current = step;
    replaceNext.current = false;
  }, [step, buildUrl]);

  useEffect(() => {
    const onPop = (event: PopStateEvent) => {
      const state: unknown = event.state;
      const step =
        typeof state === 'object' && state !== null ? (state as Record<string, unknown>)[STEP_KEY] : undefined;
      const { buildUrl } = now.current;
      if (isStepId(step)) {
        if (step !== now.current.step && onStep(step)) replaceNext.current = true;
        // Nothing moved, but the entry's address is older than the answers: bring it up to date.
        else if (buildUrl !== undefined) write('replaceState', now.current.step, buildUrl());
      } else if (window.location.hash !== '') {
        replaceNext.current = true;
        onForeignFragment(window.location.hash);
      }
    };
    // Leaving within the debounce must not lose the last change from the bookmark.
    const onHide = () => pending.current?.();
    window.addEventListener('popstate', onPop);
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('popstate', onPop);
      window.removeEventListener('pagehide', onHide);
    };
  }, [onStep, onForeignFragment]);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const current = useCallback(() => pending.current?.() ?? now.current.buildUrl?.(), []);
  return { url, current };
}
