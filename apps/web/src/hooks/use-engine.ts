// Loads the schema and generator chunk once, after the shell has painted.
import { useEffect, useState } from 'react';
import type { Engine } from '../engine/engine.ts';

export type EngineState =
  | { status: 'loading' }
  | { status: 'ready'; engine: Engine }
  | { status: 'failed'; message: string };

let pending: Promise<Engine> | undefined;
let loaded: Engine | undefined;

export function loadEngine(): Promise<Engine> {
  pending ??= import('../engine/engine.ts').then(
    (m) => (loaded = m.engine),
    (error: unknown) => {
      pending = undefined; // a later call may retry after a network blip
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
    if (state.status !== 'loading') return;
    let live = true;
    loadEngine().then(
      (engine) => live && setState({ status: 'ready', engine }),
      (error: unknown) =>
        live && setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [state.status]);
  return state;
}
