import { usePreview } from '../../hooks/use-preview.ts';
import { useWizard } from '../../hooks/use-wizard.ts';
import { WarningList } from '../warning-list.tsx';
import { HostPreview, TopLevelPreview } from './host-preview.tsx';

export function PreviewPanel() {
  const { engine, check, state } = useWizard();
  const preview = usePreview(engine, check.answers);
  let status: string;
  if (engine.status === 'failed') status = `The generator could not be loaded (${engine.message}). Reload the page.`;
  else if (engine.status === 'loading') status = 'Loading the generator…';
  else if (preview.failure) status = `The generator refused these answers: ${preview.failure}`;
  else if (preview.stale) status = 'Showing the last valid answers; fix the marked fields to update.';
  else if (!preview.output) {
    status = state.topology
      ? 'Fill in the required answers (marked “required”) to see the files.'
      : 'Choose a topology to see the files it produces.';
  }
  else status = 'Computed in your browser by the same generator the server uses. The password is masked.';
  return (
    <div className="preview">
      <h2 id="preview-title">Preview</h2>
      <p className={preview.stale || preview.failure ? 'preview-status stale' : 'preview-status'}>{status}</p>
      <WarningList warnings={check.warnings} headingLevel={3} />
      {preview.output?.hosts.map((host) => <HostPreview key={host.id} host={host} />)}
      {preview.output ? <TopLevelPreview files={preview.output.files} /> : null}
    </div>
  );
}
