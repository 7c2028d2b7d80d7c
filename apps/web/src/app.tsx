// The page: banner, step list, the current step, and the live preview.
// The panels are memoized and get their slice of the model as props, so a
// keystroke re-renders the field it changed and the preview files whose text
// changed, not the whole page (issue 6: the preview within 1 ms).
import { memo, useCallback, type MouseEvent } from 'react';
import { DEFAULT_TARGET, isTarget, TARGETS } from '@lmtp-wizard/schema/targets';
import { ImportBar } from './components/import/import-bar.tsx';
import { PlanRegion } from './components/import/plan-region.tsx';
import { LinkNotice } from './components/link-notice.tsx';
import { PreviewPanel } from './components/preview/preview-panel.tsx';
import { ServerCheckQuery } from './components/server-check-query.tsx';
import { SharePanel } from './components/share-panel.tsx';
import { StepFrame } from './components/step-frame.tsx';
import { Stepper } from './components/stepper.tsx';
import { useWizard, WizardContext } from './hooks/use-wizard.ts';
import { useWizardModel } from './hooks/use-wizard-model.ts';
import { stepDef } from './steps/steps.ts';

function CurrentStep() {
  const { state, navigation } = useWizard();
  const def = stepDef(state.step);
  return (
    <StepFrame meta={def} navigation={navigation}>
      <def.Component meta={def} />
    </StepFrame>
  );
}

// The skip link moves focus itself: following "#main" would replace the
// share link in the address bar with an anchor.
function skipToStep(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  const heading = document.getElementById('step-title');
  heading?.focus();
  heading?.scrollIntoView();
}

// Static parts, created once: React skips an element it has already rendered.
const SKIP_LINK = (
  <a className="skip-link" href="#main" onClick={skipToStep}>
    Skip to the current step
  </a>
);
// Names the release the bundle is for; re-renders only when that changes.
const SiteHeader = memo(function SiteHeader({ release }: { release: string }) {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <h1>LMTP wizard</h1>
        <p>Postfix delivers to Cyrus IMAPd over LMTP, on {release}. Answer a few questions, read every file, download the bundle.</p>
      </div>
    </header>
  );
});
const FOOTER = (
  <footer className="site-footer">
    <p>
      The bundle changes Postfix only through postconf, backs up every file it touches and is safe to run twice.
      What you type leaves this page only to check the answers and build the bundle; a configuration you import never leaves it.
    </p>
  </footer>
);
const CURRENT_STEP = <CurrentStep />;

export function App() {
  const model = useWizardModel();
  const { state, dispatch, engine, check, share, steps, navigation, serverCheckQuery, imports } = model;
  const { setPanelOpen } = imports;
  const startImport = useCallback(() => {
    setPanelOpen(true);
    window.requestAnimationFrame(() => document.getElementById('import-title')?.scrollIntoView());
  }, [setPanelOpen]);
  const target = state.draft.target;
  return (
    <>
      {SKIP_LINK}
      <SiteHeader release={TARGETS[isTarget(target) ? target : DEFAULT_TARGET].label} />
      <div className="layout">
        <Stepper steps={steps} current={state.step} revealed={state.revealed} errors={check.errors} goTo={navigation.goTo} />
        <main id="main" className="main">
          <LinkNotice notice={share.notice} engineFailed={engine.status === 'failed'} dismiss={share.dismissNotice} dispatch={dispatch} startImport={startImport} />
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
          <SharePanel link={share.link} currentLink={share.currentLink} topology={state.topology} imported={imports.madeFromImport} />
        </main>
        <aside className="aside" aria-labelledby="preview-title">
          {imports.status.kind === 'imported' ? (
            <PlanRegion plan={imports.plan} goTo={navigation.goTo} decided={state.revealed.includes('routing')} errors={check.errors} dispatch={dispatch} />
          ) : null}
          <PreviewPanel
            engine={engine}
            answers={check.answers}
            input={model.input}
            errors={check.errors}
            dispatch={dispatch}
            warnings={check.warnings}
            topology={state.topology}
            plan={imports.plan}
          />
        </aside>
      </div>
      {FOOTER}
      {serverCheckQuery ? <ServerCheckQuery input={serverCheckQuery.input} report={serverCheckQuery.report} /> : null}
    </>
  );
}
