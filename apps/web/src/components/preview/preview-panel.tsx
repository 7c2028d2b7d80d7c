// Memoized on the parsed answers: a keystroke that leaves them as they were
// (or that only touches the draft of an invalid field) re-renders nothing here.
import { memo, useMemo, type Dispatch } from 'react';
import type { Answers, AnswersInput } from '@lmtp-wizard/schema';
import type { GeneratorOutput } from '@lmtp-wizard/generator';
import type { EngineState } from '../../hooks/use-engine.ts';
import { usePreview } from '../../hooks/use-preview.ts';
import type { Topology } from '../../state/fields.ts';
import type { IssueIndex } from '../../state/issues.ts';
import { diffsByHost, type PlanView } from '../../state/import.ts';
import { WarningList } from '../warning-list.tsx';
import type { WizardAction } from '../../state/wizard-reducer.ts';
import { answersToFix, MissingAnswers } from './missing-answers.tsx';
import { HostPreview, TopLevelPreview } from './host-preview.tsx';
import { TopologyPictureView } from './topology-picture.tsx';

const PLACEHOLDERS = ['<Postfix host>', '<store host>'];
const placeholdersIn = (o: GeneratorOutput): string[] => {
  const files = [...o.files, ...o.hosts.flatMap((h) => h.files)];
  return PLACEHOLDERS.filter((p) => files.some((f) => f.content.includes(p)));
};

export interface PreviewPanelProps {
  engine: EngineState;
  answers: Answers | undefined;
  /** The answers as typed, previewed with placeholders while they do not all parse. */
  input: AnswersInput;
  /** The answers still missing or refused: listed by label, each with a link to its field. */
  errors: IssueIndex;
  dispatch: Dispatch<WizardAction>;
  warnings: IssueIndex;
  topology: Topology | null;
  /** With an imported configuration: each file the plan touches becomes a diff against the server. */
  plan?: PlanView | undefined;
}

/** What a ready preview says about secrets: only where the answers have a password to mask. */
const MASKED: Record<Topology, string> = {
  'single-host': '',
  remote: ' The SASL password is masked.',
  murder: ' Every password is masked.',
};
const COMPUTED = 'Computed in your browser by the same generator the server uses.';

export const PreviewPanel = memo(function PreviewPanel({
  engine,
  answers,
  input,
  errors,
  dispatch,
  warnings,
  topology,
  plan,
}: PreviewPanelProps) {
  const errorCount = useMemo(() => answersToFix(errors).length, [errors]);
  const preview = usePreview(engine, answers, input);
  const diffs = useMemo(() => diffsByHost(plan), [plan]);
  const { output, partial } = preview;
  const placeholders = useMemo(() => (partial && output ? placeholdersIn(output) : []), [partial, output]);
  let status: string;
  if (engine.status === 'failed') status = `The generator could not be loaded (${engine.message}).`;
  else if (engine.status === 'loading') status = 'Loading the generator…';
  // Never the generator's own refusal (a serializer's words): the answers it needs, by their labels, below.
  else if (preview.failure)
    status = preview.output
      ? 'Showing the last files that could be drawn; the answers listed below are still missing or need fixing.'
      : 'The preview can be drawn once the answers listed below are given.';
  else if (preview.stale) status = 'Showing the last valid answers; fix the marked fields to update.';
  else if (!preview.output)
    status = topology ? 'Preparing the preview…' : 'Choose a topology to see the files it produces.';
  else if (preview.partial) {
    status = `${placeholders.length > 0 ? `Placeholders (${placeholders.join(', ')}) stand for answers not given yet. ` : ''}${COMPUTED}${
      errorCount > 0
        ? ` A refused answer shows its default here; ${errorCount === 1 ? '1 answer needs' : `${errorCount} answers need`} fixing before the download (below).`
        : ''
    }`;
  } else status = `${COMPUTED}${topology ? MASKED[topology] : ''}`;
  return (
    <div className="preview">
      <h2 id="preview-title">Preview</h2>
      <p className={preview.stale || preview.failure ? 'preview-status stale' : 'preview-status'}>{status}</p>
      {engine.status === 'failed' ? (
        // Loading it again keeps the answers; reloading the page would lose them.
        <button type="button" className="button secondary" onClick={() => void engine.retry().catch(() => undefined)}>
          Try again
        </button>
      ) : null}
      {topology !== null && engine.status === 'ready' && (preview.partial || preview.stale || preview.failure) ? (
        <MissingAnswers errors={errors} dispatch={dispatch} />
      ) : null}
      <WarningList warnings={warnings} headingLevel={3} />
      {preview.picture ? <TopologyPictureView picture={preview.picture} /> : null}
      {preview.output?.hosts.map((host) => (
        <HostPreview key={host.id} host={host} diffs={diffs.get(host.id)} />
      ))}
      {preview.output ? <TopLevelPreview files={preview.output.files} /> : null}
    </div>
  );
});
