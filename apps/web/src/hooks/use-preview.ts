// The live preview: the same generate() the server runs, in the browser,
// once per change of the answers, with the password masked. Answers that do
// not all parse preview with placeholders; only when even that fails does
// the last output stay up, marked stale, so the file list does not flicker.
//
// share.txt follows the answers one render later (useDeferredValue): its
// link is the share codec's work, which need not delay the files a
// keystroke changed (issue 6: the preview within 1 ms of a keystroke).
import { useDeferredValue, useMemo, useState } from 'react';
import type { Answers, AnswersInput } from '@lmtp-wizard/schema';
import type { GeneratedFile, GeneratorOutput, TopologyPicture } from '@lmtp-wizard/generator';
import type { EngineState } from './use-engine.ts';
import { linkBase } from '../lib/location.ts';

export interface Preview {
  output: GeneratorOutput | undefined;
  stale: boolean;
  failure: string | undefined;
  /** The answers did not all parse: placeholders or defaults stand in for some. */
  partial: boolean;
  /** The hosts and links of the answers the output was made from. */
  picture: TopologyPicture | undefined;
}

type Computed =
  | { output: GeneratorOutput; partial: boolean; picture: TopologyPicture; failure?: undefined }
  | { output?: undefined; partial?: undefined; failure: string };
/** The output on screen and the answers it was made from (share.txt only for complete ones). */
interface Shown {
  output: GeneratorOutput;
  answers: Answers | undefined;
  picture: TopologyPicture;
}

/** share.txt for the answers shown; built on the deferred render, except the first time. */
function useShareFile(engine: EngineState, answers: Answers | undefined): GeneratedFile | undefined {
  const deferred = useDeferredValue(answers);
  const source = deferred ?? answers;
  const ready = engine.status === 'ready' ? engine.engine : undefined;
  return useMemo(() => (ready && source ? ready.shareFile(source, linkBase()) : undefined), [ready, source]);
}

/**
 * Valid answers preview as they are. Others preview from the first answer
 * (issue 13): what parsed, with "<store host>" and the like where an answer
 * is missing, and defaults where one is refused; share.txt waits for valid
 * answers, since its link would carry the stand-ins.
 */
export function usePreview(engine: EngineState, answers: Answers | undefined, input: AnswersInput): Preview {
  // Remembered during render (React's "adjust state on change" pattern).
  const [last, setLast] = useState<Shown | undefined>(undefined);
  // Once valid answers have been shown, a slip (a port of "25x") keeps them
  // up, marked stale, rather than flip that value back to its default.
  const hadComplete = last?.answers !== undefined;
  const computed = useMemo((): Computed | undefined => {
    if (engine.status !== 'ready') return undefined;
    try {
      const e = engine.engine;
      if (answers !== undefined) return { output: e.preview(answers), partial: false, picture: e.picture(answers) };
      if (hadComplete) return undefined;
      const partial = e.partialAnswers(input);
      return partial
        ? { output: e.previewWithPlaceholders(partial.answers), partial: true, picture: e.picture(partial.answers) }
        : undefined;
    } catch (error) {
      // The generator refuses a value its serializer cannot write; say so.
      return { failure: error instanceof Error ? error.message : String(error) };
    }
  }, [engine, answers, input, hadComplete]);

  const fresh = computed?.output;
  if (computed?.output !== undefined && fresh !== last?.output)
    setLast({ output: computed.output, answers, picture: computed.picture });
  const shown = computed?.output !== undefined ? { output: computed.output, answers, picture: computed.picture } : last;
  const shareFile = useShareFile(engine, shown?.answers);
  const base = shown?.output;
  const output = useMemo(
    () => (base && shareFile ? { ...base, files: [...base.files, shareFile] } : base),
    [base, shareFile],
  );
  return {
    output,
    stale: fresh === undefined && last !== undefined,
    failure: computed?.failure,
    partial: computed?.partial ?? false,
    picture: shown?.picture,
  };
}
