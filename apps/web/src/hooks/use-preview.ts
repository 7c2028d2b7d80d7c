// The live preview: the same generate() the server runs, in the browser,
// once per change of the parsed answers, with the password masked. While
// the answers are invalid (mid-typing, say) the last valid output stays up
// and is marked stale, so the file list does not flicker away.
import { useMemo, useState } from 'react';
import type { Answers } from '@lmtp-wizard/schema';
import type { GeneratorOutput } from '@lmtp-wizard/generator';
import type { EngineState } from './use-engine.ts';
import { linkBase } from '../lib/location.ts';

export interface Preview {
  output: GeneratorOutput | undefined;
  stale: boolean;
  failure: string | undefined;
}

type Computed = { output: GeneratorOutput; failure?: undefined } | { output?: undefined; failure: string };

export function usePreview(engine: EngineState, answers: Answers | undefined): Preview {
  const computed = useMemo((): Computed | undefined => {
    if (engine.status !== 'ready' || answers === undefined) return undefined;
    try {
      return { output: engine.engine.preview(answers, linkBase()) };
    } catch (error) {
      // The generator refuses a value its serializer cannot write; say so.
      return { failure: error instanceof Error ? error.message : String(error) };
    }
  }, [engine, answers]);

  // Remembered during render (React's "adjust state on change" pattern).
  const [last, setLast] = useState<GeneratorOutput | undefined>(undefined);
  const fresh = computed?.output;
  if (fresh !== undefined && fresh !== last) setLast(fresh);

  return { output: fresh ?? last, stale: fresh === undefined && last !== undefined, failure: computed?.failure };
}
