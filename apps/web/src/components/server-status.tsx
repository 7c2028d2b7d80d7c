import { useWizard } from '../hooks/use-wizard.ts';

/** What the server said about these answers and the last download, announced politely. */
export function ServerStatus() {
  const { serverCheck, download, input } = useWizard();
  let message = '';
  let tone = 'muted';
  if (download.status === 'pending') message = 'Building the bundle…';
  else if (download.status === 'saved') {
    message = `Saved ${download.filename ?? 'the bundle'}. Unpack it, copy each host folder to its host and run sh apply.sh --dry-run there first.`;
    tone = 'ok';
  } else if (download.failure) {
    message = `${download.failure} Your answers are kept; try again.`;
    tone = 'bad';
  } else if (download.fieldErrorsFor(input).length > 0 || serverCheck.status === 'refused') {
    message = 'The server refused some answers; they are listed above and marked on their fields.';
    tone = 'bad';
  } else if (serverCheck.status === 'pending') message = 'Checking the answers with the server…';
  else if (serverCheck.status === 'passed') {
    message = 'The server accepted these answers.';
    tone = 'ok';
  } else if (serverCheck.status === 'unreachable') {
    message = `${serverCheck.message} The download needs it; your answers are kept.`;
    tone = 'bad';
  }
  return (
    <p className={`server-status ${tone}`} role="status">
      {message}
    </p>
  );
}
