// Keeps the address bar on the current setup, so a bookmark saves it, and
// makes Back and Forward move between steps. A step change pushes a history
// entry; any other change replaces the current one (debounced: browsers cap
// how often a page may call history, and Safari throws past the cap). Only
// the fragment ever changes, so nothing reloads and nothing reaches a server.
import { useEffect, useRef } from 'react';
import { isStepId } from '../state/wizard-reducer.ts';
import type { StepId } from '../state/step-meta.ts';

const STEP_KEY = 'lmtpWizardStep';
const REPLACE_DELAY_MS = 250;

export interface HistorySyncOptions {
  step: StepId;
  /** The address for the current state; undefined while it is not known yet (nothing is written). */
  url: string | undefined;
  /** Back or Forward landed on an entry of ours; returns false when that step cannot be shown now. */
  onStep: (step: StepId) => boolean;
  /** The fragment changed without an entry of ours: someone pasted a link into this tab. */
  onForeignFragment: (fragment: string) => void;
}

function write(mode: 'pushState' | 'replaceState', step: StepId, url: string): void {
  try {
    window.history[mode]({ [STEP_KEY]: step }, '', url);
  } catch {
    // Over the browser's rate cap: the next change writes the address again.
  }
}

export function useHistorySync({ step, url, onStep, onForeignFragment }: HistorySyncOptions): void {
  const lastStep = useRef<StepId | null>(null);
  // The browser already made the entry (Back, Forward, a pasted link): replace it, never push.
  const replaceNext = useRef(false);
  const pending = useRef<(() => void) | undefined>(undefined);
  const timer = useRef<number | undefined>(undefined);
  const now = useRef({ step, url });
  now.current = { step, url };

  useEffect(() => {
    if (url === undefined) return;
    window.clearTimeout(timer.current);
    pending.current = undefined;
    if (lastStep.current === null || replaceNext.current) write('replaceState', step, url);
    else if (lastStep.current !== step) write('pushState', step, url);
    else {
      const flush = () => {
        pending.current = undefined;
        write('replaceState', step, url);
      };
      pending.current = flush;
      timer.current = window.setTimeout(flush, REPLACE_DELAY_MS);
    }
    lastStep.current = step;
    replaceNext.current = false;
  }, [step, url]);

  useEffect(() => {
    const onPop = (event: PopStateEvent) => {
      const state: unknown = event.state;
      const step = typeof state === 'object' && state !== null ? (state as Record<string, unknown>)[STEP_KEY] : undefined;
      if (isStepId(step)) {
        if (step !== now.current.step && onStep(step)) replaceNext.current = true;
        // Nothing moved, but the entry's address is older than the answers: bring it up to date.
        else if (now.current.url !== undefined) write('replaceState', now.current.step, now.current.url);
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
}
