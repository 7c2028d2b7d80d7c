// The live preview: the same generate() the server runs, in the browser,
// once per change of the parsed answers, with the password masked. While
// the answers are invalid (mid-typing, say) the last valid output stays up
// and is marked stale, so the file list does not flicker away.
//
// share.txt follows the answers one render later (useDeferredValue): its
// link is the share codec's work, which need not delay the files a
// keystroke changed (issue 6: the preview within 1 ms of a keystroke).
import { useDeferredValue, useMemo, useState } from 'react';
import type { Answers } from '@lmtp-wizard/schema';
import type { GeneratedFile, GeneratorOutput } from '@lmtp-wizard/generator';
import type { EngineState } from './use-engine.ts';
import { linkBase } from '../lib/location.ts';

export interface Preview {
  output: GeneratorOutput | undefined;
  stale: boolean;
  failure: string | undefined;
}

type Computed = { output: GeneratorOutput; failure?: undefined } | { output?: undefined; failure: string };
/** The output on screen and the answers it was made from. */
interface Shown {
  output: GeneratorOutput;
  answers: Answers;
}

/** share.txt for the answers shown; built on the deferred render, except the first time. */
function useShareFile(engine: EngineState, answers: Answers | undefined): GeneratedFile | undefined {
  const deferred = useDeferredValue(answers);
  const source = deferred ?? answers;
  const ready = engine.status === 'ready' ? engine.engine : undefined;
  return useMemo(() => (ready && source ? ready.shareFile(source, linkBase()) : undefined), [ready, source]);
}

export function usePreview(engine: EngineState, answers: Answers | undefined): Preview {
  const computed = useMemo((): Computed | undefined => {
    if (engine.status !== 'ready' || answers === undefined) return undefined;
    try {
      return { output: engine.engine.preview(answers) };
    } catch (error) {
      // The generator refuses a value its serializer cannot write; say so.
      return { failure: error instanceof Error ? error.message : String(error) };
    }
  }, [engine, answers]);

  // Remembered during render (React's "adjust state on change" pattern).
  const [last, setLast] = useState<Shown | undefined>(undefined);
  const fresh = computed?.output;
  if (fresh !== undefined && answers !== undefined && fresh !== last?.output) setLast({ output: fresh, answers });
  const shown = fresh !== undefined && answers !== undefined ? { output: fresh, answers } : last;
  const shareFile = useShareFile(engine, shown?.answers);
  const base = shown?.output;
  const output = useMemo(
    () => (base && shareFile ? { ...base, files: [...base.files, shareFile] } : base),
    [base, shareFile],
  );
  return { output, stale: fresh === undefined && last !== undefined, failure: computed?.failure };
}
