// "Share link": the link to this setup, which is also what the address bar
// holds. Saying so is the point: a bookmark is how the wizard saves
// (nginxconfig.io's users looked for a save button, its issue #397).
import { useWizard } from '../hooks/use-wizard.ts';
import { CopyButton } from './copy-button.tsx';

export function SharePanel() {
  const { share, state } = useWizard();
  return (
    <section className="share" aria-labelledby="share-title">
      <h2 id="share-title">Save or share this setup</h2>
      {share.link ? (
        <>
          <label htmlFor="share-link" className="share-label">
            Share link
          </label>
          <div className="share-row">
            <input
              id="share-link"
              type="text"
              readOnly
              value={share.link}
              spellCheck={false}
              aria-describedby="share-help"
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton text={share.link} label="Copy link" />
          </div>
        </>
      ) : null}
      <p id="share-help" className="field-hint">
        {state.topology === null ? 'Choose a topology and the link to your setup appears here. ' : ''}
        The address bar always holds this link, so a bookmark saves your setup and opening it brings back every answer
        and this step. It holds the answers you changed from the defaults, never the SASL password, and it sits after the
        “#”, which your browser keeps to itself: it never reaches the server.
      </p>
    </section>
  );
}
