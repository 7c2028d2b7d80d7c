// The page: banner, step list, the current step, and the live preview.
// The panels are memoized and get their slice of the model as props, so a
// keystroke re-renders the field it changed and the preview files whose text
// changed, not the whole page (issue 6: the preview within 1 ms).
import { memo, Suspense, useCallback, useMemo, useState, type MouseEvent } from 'react';
import { DEFAULT_TARGET, isTarget, TARGETS } from '@lmtp-wizard/schema/targets';
import { StepFrame } from './components/step-frame.tsx';
import { Stepper } from './components/stepper.tsx';
import { viewPanelId, viewTabId, type View } from './components/view-ids.ts';
import { useNarrow } from './hooks/use-narrow.ts';
import { useWizard, WizardContext } from './hooks/use-wizard.ts';
import { useWizardModel } from './hooks/use-wizard-model.ts';
import type { StepId } from './state/step-meta.ts';
import type { WizardAction } from './state/wizard-reducer.ts';
import {
  ImportBar,
  LinkNotice,
  PlanRegion,
  PreviewPanel,
  ServerCalls,
  SharePanel,
  STEP_PLACEHOLDER,
  ViewTabs,
} from './lazy-parts.tsx';
import { stepDef } from './steps/steps.ts';

function CurrentStep() {
  const { state, navigation } = useWizard();
  const def = stepDef(state.step);
  return (
    <StepFrame meta={def} topology={state.topology} navigation={navigation}>
      <Suspense fallback={STEP_PLACEHOLDER}>
        <def.Component meta={def} />
      </Suspense>
    </StepFrame>
  );
}

/** Focus after React has drawn the step (and the step heading has taken the focus first). */
const focusSoon = (id: string) =>
  window.requestAnimationFrame(() => window.requestAnimationFrame(() => document.getElementById(id)?.focus()));

/** The props of one view's wrapper: a tab panel on a narrow screen, nothing (display: contents) beside it. */
const viewPanel = (view: View, shown: View | undefined) =>
  shown === undefined
    ? {}
    : { role: 'tabpanel', id: viewPanelId(view), 'aria-labelledby': viewTabId(view), hidden: shown !== view };

// Static parts, created once: React skips an element it has already rendered.
// Names the release the bundle is for; re-renders only when that changes.
const SiteHeader = memo(function SiteHeader({ release }: { release: string }) {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <h1>LMTP wizard</h1>
        <p>
          Postfix delivers to Cyrus IMAPd over LMTP, on {release}. Answer a few questions, read every file, download the
          bundle.
        </p>
      </div>
    </header>
  );
});
const FOOTER = (
  <footer className="site-footer">
    <p>
      The bundle changes Postfix only through postconf, backs up every file it touches and is safe to run twice. What
      you type leaves this page only to check the answers and build the bundle; a configuration you import never leaves
      it.
    </p>
  </footer>
);
const CURRENT_STEP = <CurrentStep />;

export function App() {
  const model = useWizardModel();
  const { state, dispatch, engine, check, share, steps, serverCheckQuery, imports, download } = model;
  const { setPanelOpen } = imports;
  const narrow = useNarrow();
  const [chosen, setChosen] = useState<View>('form');
  const hasPlan = imports.status.kind === 'imported';
  const views = useMemo<readonly View[]>(
    () => (hasPlan ? ['form', 'preview', 'plan'] : ['form', 'preview']),
    [hasPlan],
  );
  // Only on a narrow screen is there a choice; beside each other, every view shows.
  const shown = narrow ? (views.includes(chosen) ? chosen : 'form') : undefined;
  const startImport = useCallback(() => {
    setChosen('form');
    setPanelOpen(true);
    window.requestAnimationFrame(() => document.getElementById('import-title')?.scrollIntoView());
  }, [setPanelOpen]);
  // Every way to a question (the stepper, a Plan's "Resolve", a link in the preview) shows the questions.
  const showStep = useCallback(
    (step: StepId) => {
      setChosen('form');
      dispatch({ type: 'goTo', step });
    },
    [dispatch],
  );
  // The same for the buttons in the preview, the Plan and the import notice that open a field.
  const dispatchShowing = useCallback(
    (action: WizardAction) => {
      if (action.type === 'goTo') setChosen('form');
      dispatch(action);
    },
    [dispatch],
  );
  // The skip link moves focus itself: following "#main" would replace the
  // share link in the address bar with an anchor.
  const skipToStep = useCallback((event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    setChosen('form');
    focusSoon('step-title');
  }, []);
  const target = state.draft.target;
  return (
    <>
      <a className="skip-link" href="#main" onClick={skipToStep}>
        Skip to the current step
      </a>
      <SiteHeader release={TARGETS[isTarget(target) ? target : DEFAULT_TARGET].label} />
      <div className="layout">
        <Stepper steps={steps} current={state.step} revealed={state.revealed} errors={check.errors} goTo={showStep} />
        {/* The main landmark stays while another view shows: the tabs live in it, and the questions are its tab panel. */}
        <main id="main" className={shown === undefined ? 'main' : 'main is-tabbed'}>
          {shown === undefined ? null : <ViewTabs views={views} current={shown} show={setChosen} />}
          <div className="view" {...viewPanel('form', shown)}>
            <LinkNotice
              notice={share.notice}
              engineFailed={engine.status === 'failed'}
              dismiss={share.dismissNotice}
              dispatch={dispatch}
              startImport={startImport}
            />
            <ImportBar
              panelOpen={imports.panelOpen}
              setPanelOpen={setPanelOpen}
              status={imports.status}
              forget={imports.forget}
              script={imports.script}
              error={imports.error}
              read={imports.read}
              errors={check.errors}
              dispatch={dispatch}
            />
            {/* Only the step reads the whole model: a new model value makes React
              search the provider's subtree for readers, so it stays small. */}
            {/* A share link is opened before any step shows: no empty Topology
              step first and a jump to the saved one later (issue 13). */}
            <WizardContext value={model}>{share.notice?.kind === 'opening' ? null : CURRENT_STEP}</WizardContext>
            <SharePanel
              link={share.link}
              currentLink={share.currentLink}
              topology={state.topology}
              imported={imports.madeFromImport}
            />
          </div>
        </main>
        <aside
          className="aside"
          aria-labelledby={shown === 'plan' ? 'plan-title' : 'preview-title'}
          hidden={shown === 'form'}
        >
          {hasPlan ? (
            <div className="view" {...viewPanel('plan', shown)}>
              <PlanRegion
                plan={imports.plan}
                goTo={showStep}
                decided={state.revealed.includes('routing')}
                errors={check.errors}
                dispatch={dispatchShowing}
              />
            </div>
          ) : null}
          <div className="view" {...viewPanel('preview', shown)}>
            <PreviewPanel
              engine={engine}
              answers={check.answers}
              input={model.input}
              errors={check.errors}
              dispatch={dispatchShowing}
              warnings={check.warnings}
              topology={state.topology}
              plan={imports.plan}
            />
          </div>
        </aside>
      </div>
      {FOOTER}
      <ServerCalls check={serverCheckQuery} bundle={download.call} />
    </>
  );
}
