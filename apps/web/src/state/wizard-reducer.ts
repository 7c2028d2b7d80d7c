// The wizard's whole state is plain JSON: topology, step and the raw draft.
// That is deliberate. A share link (issue 4) is this snapshot minus the
// secret fields, and "restore" puts one back; nothing here depends on
// react-query, the engine or the DOM.
import { slotCount, withoutSlot, type Draft } from './draft.ts';
import { mxSlotPath, type FieldPath, type FieldValue, type SlotGroup, type Topology } from './fields.ts';
import { STEP_META, type StepId } from './step-meta.ts';

export interface WizardSnapshot {
  topology: Topology | null;
  step: StepId;
  draft: Draft;
}

export interface WizardState extends WizardSnapshot {
  /** Steps whose errors show even on fields nobody touched yet (after Next, a jump, or a download attempt). */
  revealed: readonly StepId[];
}

export type WizardAction =
  | { type: 'setTopology'; topology: Topology }
  | { type: 'setField'; path: FieldPath; value: FieldValue }
  /** One more further MX host (issue 24): its slot appears, empty. */
  | { type: 'addMx' }
  /** Takes list item `index` away with all its fields; the items after it move up. */
  | { type: 'removeSlot'; group: SlotGroup; index: number }
  | { type: 'goTo'; step: StepId }
  | { type: 'reveal'; steps: readonly StepId[] }
  /** Puts a snapshot back (a share link); `revealed` shows errors on steps nobody has visited yet. */
  | { type: 'restore'; snapshot: WizardSnapshot; revealed?: readonly StepId[] }
  /** Answers an imported configuration implies (issue 12), all at once; the step and the other answers stay. */
  | { type: 'prefill'; topology?: Topology; fields: readonly (readonly [FieldPath, FieldValue])[] };

const ALL_STEP_IDS = STEP_META.map((s) => s.id);

export const createInitialState = (snapshot?: WizardSnapshot): WizardState => ({
  topology: snapshot?.topology ?? null,
  step: snapshot?.step ?? 'topology',
  draft: snapshot?.draft ?? {},
  revealed: [],
});

const withRevealed = (revealed: readonly StepId[], steps: readonly StepId[]): readonly StepId[] =>
  steps.every((s) => revealed.includes(s)) ? revealed : [...new Set([...revealed, ...steps])];

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'setTopology':
      return state.topology === action.topology ? state : { ...state, topology: action.topology };
    case 'setField':
      return state.draft[action.path] === action.value
        ? state
        : { ...state, draft: { ...state.draft, [action.path]: action.value } };
    case 'addMx': {
      const n = slotCount(state.draft, 'extraMx.*');
      return n >= 20 ? state : { ...state, draft: { ...state.draft, [mxSlotPath(n, 'concurrency')]: '' } };
    }
    case 'removeSlot':
      return { ...state, draft: withoutSlot(state.draft, action.group, action.index) };
    case 'goTo':
      // Leaving a step reveals its errors: the person has seen it. The
      // review step lists every error, so arriving there reveals them all.
      return action.step === state.step
        ? state
        : {
            ...state,
            step: action.step,
            revealed: withRevealed(state.revealed, action.step === 'review' ? ALL_STEP_IDS : [state.step]),
          };
    case 'reveal':
      return { ...state, revealed: withRevealed(state.revealed, action.steps) };
    case 'restore':
      return { ...createInitialState(action.snapshot), revealed: action.revealed ?? [] };
    case 'prefill': {
      const draft = { ...state.draft };
      for (const [path, value] of action.fields) draft[path] = value;
      return { ...state, topology: action.topology ?? state.topology, draft };
    }
  }
}

export const isStepId = (value: unknown): value is StepId => STEP_META.some((s) => s.id === value);
