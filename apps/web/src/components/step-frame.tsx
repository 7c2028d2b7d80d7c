// The frame of the current step: its heading (focused when the step
// changes, so keyboard and screen-reader users land on it), its plain-words
// explanation, its body, and Back / Next. The heading and the buttons are
// memoized, so a keystroke in the body re-renders neither.
import { memo, Suspense, useEffect, useRef, type ReactNode } from 'react';
import type { Topology } from '../state/fields.ts';
import type { StepMeta } from '../state/step-meta.ts';
import { LazyStepIntro } from '../lazy-parts.tsx';
import type { StepNavigation } from '../hooks/use-step-navigation.ts';

const StepHeading = memo(function StepHeading({
  meta,
  topology,
  index,
  count,
}: {
  meta: StepMeta;
  topology: Topology | null;
  index: number;
  count: number;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // Not on first load: the page title and h1 come first there.
    if (first.current) first.current = false;
    else {
      // In the next frame: focus() lays the page out at once, and in this
      // effect (which runs inside the click's own task) that forced layout of
      // the new step made one long task (issue 25). In the frame it is the
      // layout the browser does anyway.
      const frame = window.requestAnimationFrame(() => heading.current?.focus());
      return () => window.cancelAnimationFrame(frame);
    }
    return undefined;
  }, [meta.id]);
  return (
    <>
      <p className="step-count">
        Step {index + 1} of {count}
      </p>
      <h2 id="step-title" ref={heading} tabIndex={-1}>
        {meta.title}
      </h2>
      <p className="step-intro" id="step-intro">
        {meta.intro ?? (
          <Suspense fallback={null}>
            <LazyStepIntro id={meta.id} topology={topology} />
          </Suspense>
        )}
      </p>
    </>
  );
});

const StepButtons = memo(function StepButtons({
  previous,
  next,
  goBack,
  goNext,
}: Pick<StepNavigation, 'previous' | 'next' | 'goBack' | 'goNext'>) {
  return (
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
  );
});

export function StepFrame({
  meta,
  topology,
  navigation,
  children,
}: {
  meta: StepMeta;
  topology: Topology | null;
  navigation: StepNavigation;
  children: ReactNode;
}) {
  const { index, count, previous, next, goBack, goNext } = navigation;
  return (
    <section className="step" aria-labelledby="step-title" aria-describedby="step-intro">
      <StepHeading meta={meta} topology={topology} index={index} count={count} />
      <div className="step-body">{children}</div>
      <StepButtons previous={previous} next={next} goBack={goBack} goNext={goNext} />
    </section>
  );
}
