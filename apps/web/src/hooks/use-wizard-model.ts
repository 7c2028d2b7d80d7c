// Everything the wizard screen needs, composed once at the top: the
// reducer (the answers), the lazy engine, the client check, the two
// server calls whose 422s map back onto the same fields, the navigation
// and the share link.
import { useCallback, useDeferredValue, useEffect, useMemo, useReducer, type Dispatch } from 'react';
import type { AnswersInput, FieldError } from '@lmtp-wizard/schema';
import { useAnswersCheck, type AnswersCheck } from './use-answers-check.ts';
import { useDownload, type Download } from './use-download.ts';
import { loadEngine, useEngine, type EngineState } from './use-engine.ts';
import { useImport, type ImportModel } from './use-import.ts';
import { useServerCheck, type ServerCheck, type ServerCheckState } from './use-server-check.ts';
import { useShareLink, type ShareLink } from './use-share-link.ts';
import { useNavigationModel, type StepNavigation } from './use-step-navigation.ts';
import { draftToInput, type Draft } from '../state/draft.ts';
import { STEP_META, visibleStepMeta, type StepMeta } from '../state/step-meta.ts';
import { createInitialState, wizardReducer, type WizardAction, type WizardState } from '../state/wizard-reducer.ts';

export interface WizardModel {
  state: WizardState;
  /** Stable for the life of the page (React's reducer dispatch). */
  dispatch: Dispatch<WizardAction>;
  engine: EngineState;
  input: AnswersInput;
  check: AnswersCheck;
  steps: readonly StepMeta[];
  navigation: StepNavigation;
  /** Schema defaults for the chosen topology (before one is chosen, for the fields all share), as form values; undefined until the engine loads. */
  defaults: Draft | undefined;
  serverCheck: ServerCheck;
  /** Props for <ServerCheckQuery> while the server's verdict is wanted (review step) and not known yet. */
  serverCheckQuery: ServerCheckState['query'];
  download: Download;
  /** Reveals every error, then asks the server for the bundle if the answers are valid. */
  requestDownload: () => void;
  /** The link to this setup (also kept in the address bar) and what opening one found. */
  share: ShareLink;
  /** The imported server configuration (issue 12): never part of the state, the answers or a link. */
  imports: ImportModel;
}

const NONE: readonly FieldError[] = [];
const ALL_STEPS = STEP_META.map((s) => s.id);

export function useWizardModel(initial?: WizardState): WizardModel {
  const [state, dispatch] = useReducer(wizardReducer, initial, (init) => init ?? createInitialState());
  const engine = useEngine();
  const input = useMemo(() => draftToInput(state.topology, state.draft), [state.topology, state.draft]);
  // The first answer (a topology chosen, or a field typed) loads the generator if the idle time after the first paint has not yet.
  const answered = Object.keys(input).length > 0 || Object.keys(state.draft).length > 0;
  useEffect(() => {
    if (answered) void loadEngine().catch(() => undefined);
  }, [answered]);
  const imports = useImport(engine, state, dispatch, input);
  const share = useShareLink(state, dispatch, engine, imports.madeFromImport);
  const download = useDownload();
  const { check: serverCheck, query: serverCheckQuery } = useServerCheck(
    input,
    state.step === 'review' && state.topology !== null,
  );

  // The check (a schema parse) and with it the preview (generate()) follow the
  // answers one render late: a keystroke's own task renders the field it
  // changed, and React renders the rest in a transition, in slices, so that
  // no task is long (issue 25: under 16 ms per keystroke at 4x CPU slowdown).
  const checkedInput = useDeferredValue(input);
  const refusedByCheck = serverCheck.status === 'refused' ? serverCheck.errors : NONE;
  const refusedByBundle = download.fieldErrorsFor(checkedInput);
  const serverErrors = useMemo(
    () => (refusedByBundle === NONE ? refusedByCheck : [...refusedByCheck, ...refusedByBundle]),
    [refusedByCheck, refusedByBundle],
  );
  const check = useAnswersCheck(engine, checkedInput, serverErrors);
  const steps = useMemo(() => visibleStepMeta(state.topology), [state.topology]);
  const navigation = useNavigationModel(state.step, steps, check.errors, dispatch);
  // Worked out on first use per topology (a schema parse): in the deferred render too.
  const defaultsTopology = useDeferredValue(state.topology);
  const defaults = engine.status === 'ready' ? engine.engine.defaults[defaultsTopology ?? 'none'] : undefined;

  const { start } = download;
  const requestDownload = useCallback(() => {
    dispatch({ type: 'reveal', steps: ALL_STEPS });
    if (check.status === 'valid') start(check.input);
  }, [check.status, check.input, start]);

  return {
    state,
    dispatch,
    engine,
    input,
    check,
    steps,
    navigation,
    defaults,
    serverCheck,
    serverCheckQuery,
    download,
    requestDownload,
    share,
    imports,
  };
}
