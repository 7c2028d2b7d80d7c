// Memoized on the parsed answers: a keystroke that leaves them as they were
// (or that only touches the draft of an invalid field) re-renders nothing here.
import { memo, useMemo } from 'react';
import type { Answers, AnswersInput } from '@lmtp-wizard/schema';
import type { GeneratorOutput } from '@lmtp-wizard/generator';
import type { EngineState } from '../../hooks/use-engine.ts';
import { usePreview } from '../../hooks/use-preview.ts';
import { fieldId } from '../field-model.ts';
import { FIELD_PATHS, fieldDef, type Topology } from '../../state/fields.ts';
import type { IssueIndex } from '../../state/issues.ts';
import { stepMeta, type StepId } from '../../state/step-meta.ts';
import { diffsByHost, type PlanView } from '../../state/import.ts';
import { WarningList } from '../warning-list.tsx';
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
  /** Every error that blocks the download: the preview names each answer, with a link to it. */
  errors: IssueIndex;
  warnings: IssueIndex;
  topology: Topology | null;
  /** With an imported configuration: each file the plan touches becomes a diff against the server. */
  plan?: PlanView | undefined;
  /** Shows a step of the form and puts the focus on the element with this id. */
  showField: (step: StepId, id: string) => void;
}

interface AnswerToFix {
  key: string;
  label: string;
  step: StepId;
  id: string;
}

/** The answers the errors are on, once each, in the order of the form; an error on no field names its step. */
function answersToFix(errors: IssueIndex): AnswerToFix[] {
  const seen = new Map<string, AnswerToFix>();
  for (const e of errors.all) {
    const key = e.field ?? `step:${e.step}`;
    if (seen.has(key)) continue;
    seen.set(key, e.field ? { key, label: fieldDef(e.field).label, step: e.step, id: fieldId(e.field) } : { key, label: `the ${stepMeta(e.step).title} step`, step: e.step, id: 'step-title' });
  }
  const order = (a: AnswerToFix) => (a.key.startsWith('step:') ? -1 : FIELD_PATHS.indexOf(a.key as (typeof FIELD_PATHS)[number]));
  return [...seen.values()].sort((a, b) => order(a) - order(b));
}

/** What a ready preview says about secrets: only where the answers have a password to mask. */
const MASKED: Record<Topology, string> = {
  'single-host': '',
  remote: ' The SASL password is masked.',
  murder: ' Every password is masked.',
};

export const PreviewPanel = memo(function PreviewPanel({ engine, answers, input, errors, warnings, topology, plan, showField }: PreviewPanelProps) {
  const preview = usePreview(engine, answers, input);
  const diffs = useMemo(() => diffsByHost(plan), [plan]);
  const { output, partial } = preview;
  const placeholders = useMemo(() => (partial && output ? placeholdersIn(output) : []), [partial, output]);
  const toFix = useMemo(() => answersToFix(errors), [errors]);
  const computed = 'Computed in your browser by the same generator the server uses.';
  let status: string;
  let fixList = false;
  if (engine.status === 'failed') status = `The generator could not be loaded (${engine.message}). Reload the page.`;
  else if (engine.status === 'loading') status = 'Loading the generator…';
  else if (preview.failure) status = `The generator refused these answers: ${preview.failure}`;
  else if (preview.stale) {
    fixList = toFix.length > 0;
    status = `Showing the last valid answers; fix the marked fields to update${fixList ? ':' : '.'}`;
  }
  else if (!preview.output) status = topology ? 'Preparing the preview…' : 'Choose a topology to see the files it produces.';
  else if (preview.partial) {
    fixList = toFix.length > 0;
    status = `${placeholders.length > 0 ? `Placeholders (${placeholders.join(', ')}) stand for answers not given yet. ` : ''}${computed}${
      fixList ? ` A refused answer shows its default here. ${toFix.length === 1 ? '1 answer needs' : `${toFix.length} answers need`} fixing before the download:` : ''
    }`;
  }
  else status = `${computed}${topology ? MASKED[topology] : ''}`;
  return (
    <div className="preview">
      <h2 id="preview-title">Preview</h2>
      <p className={preview.stale || preview.failure ? 'preview-status stale' : 'preview-status'} id="preview-status">
        {status}
      </p>
      {fixList ? (
        <ul className="fix-list" aria-labelledby="preview-status">
          {toFix.map((a) => (
            <li key={a.key}>
              <a
                href={`#${a.id}`}
                onClick={(event) => {
                  // Not the fragment: it would replace the share link in the address bar.
                  event.preventDefault();
                  showField(a.step, a.id);
                }}
              >
                {a.label}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <WarningList warnings={warnings} headingLevel={3} />
      {preview.picture ? <TopologyPictureView picture={preview.picture} /> : null}
      {preview.output?.hosts.map((host) => <HostPreview key={host.id} host={host} diffs={diffs.get(host.id)} />)}
      {preview.output ? <TopLevelPreview files={preview.output.files} /> : null}
    </div>
  );
});
