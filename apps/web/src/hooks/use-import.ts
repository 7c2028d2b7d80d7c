// "Start from my current configuration" (issue 12): reads inspect.sh output
// in the browser with the generator's parser, puts the answers it implies in
// the form, and keeps the plan against the server up to date as the answers
// change. The imported hosts live in this hook's state only: not in the
// wizard's snapshot (so never in a share link), not in the answers (so never
// in answers.json or a request body). Bad input changes nothing.
import { useCallback, useDeferredValue, useEffect, useMemo, useState, type Dispatch } from 'react';
import type { AnswersInput } from '@lmtp-wizard/schema';
import type { Engine } from '../engine/engine.ts';
import type { EngineState } from './use-engine.ts';
import type { FieldPath } from '../state/fields.ts';
import type { PlanEntryView, PlanView, ServerValue } from '../state/import.ts';
import type { WizardAction, WizardState } from '../state/wizard-reducer.ts';

export type ImportStatus =
  | { kind: 'none' }
  | { kind: 'imported'; hostNames: readonly string[]; notes: readonly string[]; filled: number };

export interface ImportModel {
  panelOpen: boolean;
  setPanelOpen: (open: boolean) => void;
  status: ImportStatus;
  /** The parser's message for the last text that was not inspect output; the import before it stands. */
  error: string | undefined;
  /** inspect.sh itself, to show and copy; undefined until the engine loads. */
  script: string | undefined;
  read: (text: string) => void;
  forget: () => void;
  /** The plan of the answers against the imported hosts; undefined while there is none. */
  plan: PlanView | undefined;
  marks: ReadonlyMap<FieldPath, string>;
  conflicts: ReadonlyMap<FieldPath, readonly PlanEntryView[]>;
  /**
   * A configuration was read on this page, even if forgotten since: the
   * answers it filled in are still the server's, so a share link says so.
   */
  madeFromImport: boolean;
}

/** The import's part of the engine (parser, plan, diff): a chunk of its own. */
type Inspect = Awaited<ReturnType<Engine['loadInspect']>>;
/** The generator's inspected hosts, opaque to the shell. */
type ImportedHosts = Parameters<Inspect['plan']>[1];

interface Imported {
  hosts: ImportedHosts;
  values: readonly ServerValue[];
  status: Extract<ImportStatus, { kind: 'imported' }>;
}

const NO_MARKS: ReadonlyMap<FieldPath, string> = new Map();
const NO_CONFLICTS: ReadonlyMap<FieldPath, readonly PlanEntryView[]> = new Map();
const NONE: ImportStatus = { kind: 'none' };

export function useImport(
  engine: EngineState,
  state: WizardState,
  dispatch: Dispatch<WizardAction>,
  input: AnswersInput,
): ImportModel {
  const [panelOpen, setPanelOpen] = useState(false);
  const [imported, setImported] = useState<Imported | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [madeFromImport, setMadeFromImport] = useState(false);
  const loaded = engine.status === 'ready' ? engine.engine : undefined;
  // The import's chunk is fetched when the panel first opens (issue 25).
  const [ready, setReady] = useState<Inspect | undefined>(undefined);
  useEffect(() => {
    if (!panelOpen || !loaded || ready) return;
    let live = true;
    loaded.loadInspect().then(
      (inspect) => live && setReady(inspect),
      () => undefined, // the panel keeps saying "Loading inspect.sh…"; opening it again retries
    );
    return () => {
      live = false;
    };
  }, [panelOpen, loaded, ready]);

  const read = useCallback(
    (text: string) => {
      const apply = (inspect: Inspect) => {
        const result = inspect.read(text);
        if (!result.ok) {
          setError(result.message);
          return;
        }
        setError(undefined);
        setPanelOpen(false);
        setMadeFromImport(true);
        dispatch(inspect.views.prefillAction(result.topology, result.values));
        setImported({
          hosts: result.hosts,
          values: result.values,
          status: { kind: 'imported', hostNames: result.hostNames, notes: result.notes, filled: result.values.length },
        });
      };
      if (ready) apply(ready);
      // Read before the import's chunk arrived: read once it has.
      else if (loaded) {
        loaded.loadInspect().then(
          (inspect) => {
            setReady(inspect);
            apply(inspect);
          },
          (error: unknown) =>
            setError(
              `The reader could not be loaded (${error instanceof Error ? error.message : String(error)}). Try again.`,
            ),
        );
      }
    },
    [ready, loaded, dispatch],
  );
  const forget = useCallback(() => {
    setImported(undefined);
    setError(undefined);
  }, []);

  // The plan follows the answers one render late, so typing stays quick.
  const deferredInput = useDeferredValue(input);
  const marks = useMemo(
    () => (ready && imported ? ready.views.serverMarks(imported.values, state.draft) : NO_MARKS),
    [ready, imported, state.draft],
  );
  const deferredMarks = useDeferredValue(marks);
  const plan = useMemo(
    () => (ready && imported ? ready.plan(deferredInput, imported.hosts, deferredMarks) : undefined),
    [ready, imported, deferredInput, deferredMarks],
  );
  const conflicts = useMemo(() => (ready && plan ? ready.views.conflictsByField(plan) : NO_CONFLICTS), [ready, plan]);

  return {
    panelOpen,
    setPanelOpen,
    status: imported?.status ?? NONE,
    error,
    script: ready?.script,
    read,
    forget,
    plan,
    marks,
    conflicts,
    madeFromImport,
  };
}
