// The page: banner, step list, the current step, and the live preview.
import type { MouseEvent } from 'react';
import { LinkNotice } from './components/link-notice.tsx';
import { PreviewPanel } from './components/preview/preview-panel.tsx';
import { SharePanel } from './components/share-panel.tsx';
import { StepFrame } from './components/step-frame.tsx';
import { Stepper } from './components/stepper.tsx';
import { useWizard, WizardContext } from './hooks/use-wizard.ts';
import { useWizardModel } from './hooks/use-wizard-model.ts';
import { stepDef } from './steps/steps.ts';

function CurrentStep() {
  const { state } = useWizard();
  const def = stepDef(state.step);
  return (
    <StepFrame meta={def}>
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

export function App() {
  const model = useWizardModel();
  return (
    <WizardContext value={model}>
      <a className="skip-link" href="#main" onClick={skipToStep}>
        Skip to the current step
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <h1>LMTP wizard</h1>
          <p>Postfix delivers to Cyrus IMAPd over LMTP, on Debian 12. Answer a few questions, read every file, download the bundle.</p>
        </div>
      </header>
      <div className="layout">
        <Stepper />
        <main id="main" className="main">
          <LinkNotice />
          <CurrentStep />
          <SharePanel />
        </main>
        <aside className="aside" aria-labelledby="preview-title">
          <PreviewPanel />
        </aside>
      </div>
      <footer className="site-footer">
        <p>
          The bundle changes Postfix only through postconf, backs up every file it touches and is safe to run twice.
          What you type leaves this page only to check the answers and build the bundle.
        </p>
      </footer>
    </WizardContext>
  );
}
