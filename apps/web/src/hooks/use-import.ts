// "Start from my current configuration" (issue 12): reads inspect.sh output
// in the browser with the generator's parser, puts the answers it implies in
// the form, and keeps the plan against the server up to date as the answers
// change. The imported hosts live in this hook's state only: not in the
// wizard's snapshot (so never in a share link), not in the answers (so never
// in answers.json or a request body). Bad input changes nothing.
import { useCallback, useDeferredValue, useMemo, useState, type Dispatch } from 'react';
import type { AnswersInput } from '@lmtp-wizard/schema';
import type { Engine } from '../engine/engine.ts';
import type { EngineState } from './use-engine.ts';
import type { FieldPath } from '../state/fields.ts';
import { conflictsByField, prefillAction, serverMarks, type PlanEntryView, type PlanView, type ServerValue } from '../state/import.ts';
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

/** The generator's inspected hosts, opaque to the shell. */
type ImportedHosts = Parameters<Engine['inspect']['plan']>[1];

interface Imported {
  hosts: ImportedHosts;
  values: readonly ServerValue[];
  status: Extract<ImportStatus, { kind: 'imported' }>;
}

const NO_MARKS: ReadonlyMap<FieldPath, string> = new Map();
const NO_CONFLICTS: ReadonlyMap<FieldPath, readonly PlanEntryView[]> = new Map();
const NONE: ImportStatus = { kind: 'none' };

export function useImport(engine: EngineState, state: WizardState, dispatch: Dispatch<WizardAction>, input: AnswersInput): ImportModel {
  const [panelOpen, setPanelOpen] = useState(false);
  const [imported, setImported] = useState<Imported | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [madeFromImport, setMadeFromImport] = useState(false);
  const ready = engine.status === 'ready' ? engine.engine : undefined;

  const read = useCallback(
    (text: string) => {
      if (!ready) return;
      const result = ready.inspect.read(text);
      if (!result.ok) {
        setError(result.message);
        return;
      }
      setError(undefined);
      setPanelOpen(false);
      setMadeFromImport(true);
      dispatch(prefillAction(result.topology, result.values));
      setImported({
        hosts: result.hosts,
        values: result.values,
        status: { kind: 'imported', hostNames: result.hostNames, notes: result.notes, filled: result.values.length },
      });
    },
    [ready, dispatch],
  );
  const forget = useCallback(() => {
    setImported(undefined);
    setError(undefined);
  }, []);

  // The plan follows the answers one render late, so typing stays quick.
  const deferredInput = useDeferredValue(input);
  const marks = useMemo(() => (imported ? serverMarks(imported.values, state.draft) : NO_MARKS), [imported, state.draft]);
  const deferredMarks = useDeferredValue(marks);
  const plan = useMemo(
    () => (ready && imported ? ready.inspect.plan(deferredInput, imported.hosts, deferredMarks) : undefined),
    [ready, imported, deferredInput, deferredMarks],
  );
  const conflicts = useMemo(() => (plan ? conflictsByField(plan) : NO_CONFLICTS), [plan]);

  return {
    panelOpen,
    setPanelOpen,
    status: imported?.status ?? NONE,
    error,
    script: ready?.inspect.script,
    read,
    forget,
    plan,
    marks,
    conflicts,
    madeFromImport,
  };
}
