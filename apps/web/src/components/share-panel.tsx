// "Share link": the link to this setup, which is also what the address bar
// holds. Saying so is the point: a bookmark is how the wizard saves
// (nginxconfig.io's users looked for a save button, its issue #397).
import { memo } from 'react';
import type { Topology } from '../state/fields.ts';
import { CopyButton } from './copy-button.tsx';

export interface SharePanelProps {
  /** The link in the address bar. */
  link: string | undefined;
  /** The link to the setup as it is this instant, for Copy (the address bar may be a keystroke behind). */
  currentLink: () => string | undefined;
  topology: Topology | null;
  /** A configuration was imported: the link does not carry it, and says so to whoever opens it. */
  imported: boolean;
}

export const SharePanel = memo(function SharePanel({ link, currentLink, topology, imported }: SharePanelProps) {
  return (
    <section className="share" aria-labelledby="share-title">
      <h2 id="share-title">Save or share this setup</h2>
      {link ? (
        <>
          <label htmlFor="share-link" className="share-label">
            Share link
          </label>
          <div className="share-row">
            <input
              id="share-link"
              type="text"
              readOnly
              value={link}
              spellCheck={false}
              aria-describedby="share-help"
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton text={() => currentLink() ?? link} label="Copy link" />
          </div>
        </>
      ) : null}
      <p id="share-help" className="field-hint">
        {topology === null ? 'Choose a topology and the link to your setup appears here. ' : ''}
        The address bar always holds this link, so a bookmark saves your setup and opening it brings back every answer
        and this step. It holds the answers you changed from the defaults, never the SASL password, and it sits after
        the “#”, which your browser keeps to itself: it never reaches the server.
      </p>
      {imported ? (
        <p className="field-hint">
          The configuration you imported is not in the link. Whoever opens it is told to import their own server’s
          configuration before downloading.
        </p>
      ) : null}
    </section>
  );
});
