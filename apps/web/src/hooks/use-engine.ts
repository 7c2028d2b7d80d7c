// Loads the schema and generator chunk once: when the browser is idle after
// the first paint (lazy-parts.tsx), or at the first answer, whichever comes
// first (issue 25). useEngine only listens; it does not start the load.
import { startTransition, useEffect, useState } from 'react';
import type { Engine } from '../engine/engine.ts';

export type EngineState =
  | { status: 'loading' }
  | { status: 'ready'; engine: Engine }
  | { status: 'failed'; message: string; retry: () => Promise<Engine> };

let pending: Promise<Engine> | undefined;
let loaded: Engine | undefined;
const listeners = new Set<(state: EngineState) => void>();
// A transition: the render that brings the preview in is time-sliced by
// React, so it makes no long task (issue 25) and yields to typing.
const tell = (state: EngineState) =>
  startTransition(() => {
    for (const listener of listeners) listener(state);
  });

export function loadEngine(): Promise<Engine> {
  pending ??= import('../engine/engine.ts').then(
    (m) => {
      loaded = m.engine;
      tell({ status: 'ready', engine: m.engine });
      return m.engine;
    },
    (error: unknown) => {
      pending = undefined; // a later call may retry after a network blip
      tell({ status: 'failed', message: error instanceof Error ? error.message : String(error), retry: loadEngine });
      throw error;
    },
  );
  return pending;
}

export function useEngine(): EngineState {
  const [state, setState] = useState<EngineState>(() =>
    loaded ? { status: 'ready', engine: loaded } : { status: 'loading' },
  );
  useEffect(() => {
    if (loaded) setState((s) => (s.status === 'ready' ? s : { status: 'ready', engine: loaded as Engine }));
    listeners.add(setState);
    return () => {
      listeners.delete(setState);
    };
  }, []);
  return state;
}
