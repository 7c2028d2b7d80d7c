import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { preloadParts } from './lazy-parts.tsx';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lost its #root element');

// A transition: React renders the first screen in slices of a few
// milliseconds instead of one long task (issue 25); the static skeleton in
// index.html stays up until the commit.
startTransition(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);

// The generator, the preview and the later steps load when the browser is
// idle after the first paint (or at the first answer): usually there before
// the first keystroke, never in the way of the shell.
preloadParts();
