// The frame of the current step: its heading (focused when the step
// changes, so keyboard and screen-reader users land on it), its plain-words
// explanation, its body, and Back / Next.
import { useEffect, useRef, type ReactNode } from 'react';
import type { StepMeta } from '../state/step-meta.ts';
import { useStepNavigation } from '../hooks/use-step-navigation.ts';

export function StepFrame({ meta, children }: { meta: StepMeta; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { index, count, previous, next, goBack, goNext } = useStepNavigation();
  const first = useRef(true);
  useEffect(() => {
    // Not on first load: the page title and h1 come first there.
    if (first.current) first.current = false;
    else heading.current?.focus();
  }, [meta.id]);

  return (
    <section className="step" aria-labelledby="step-title">
      <p className="step-count">
        Step {index + 1} of {count}
      </p>
      <h2 id="step-title" ref={heading} tabIndex={-1}>
        {meta.title}
      </h2>
      <p className="step-intro">{meta.intro}</p>
      <div className="step-body">{children}</div>
      <div className="step-nav">
        {previous ? (
          <button type="button" className="button secondary" onClick={goBack}>
            Back: {previous.title}
          </button>
        ) : (
          <span />
        )}
        {next ? (
          <button type="button" className="button primary" onClick={goNext}>
            Next: {next.title}
          </button>
        ) : null}
      </div>
    </section>
  );
}
