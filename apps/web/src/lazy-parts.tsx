// The lazy boundaries of the page (issue 25: the first chunk holds the shell,
// the first step and what it needs; the rest loads after the first paint).
// Each part here is a chunk of its own, fetched when the browser is idle
// after the first paint (preloadParts, from main.tsx) or when first shown,
// whichever comes first. While one loads, its place shows a placeholder;
// typing never waits for one.
import { lazy, Suspense, useState, type ComponentProps, type ComponentType } from 'react';
import type { ServerCallsProps } from './components/server-calls.tsx';
import { loadEngine } from './hooks/use-engine.ts';
import { useWizard } from './hooks/use-wizard.ts';
import { fieldId } from './lib/field-id.ts';
import { appliesTo, fieldDef, type FieldPath } from './state/fields.ts';
import type { StepField } from './state/step-meta.ts';

const loadPreview = () => import('./components/preview/preview-panel.tsx');
const loadReview = () => import('./steps/review-step.tsx');
const loadFieldsStep = () => import('./steps/fields-step.tsx');
const loadFieldList = () => import('./components/field-list.tsx');
const loadServerCalls = () => import('./components/server-calls.tsx');
const loadLinkNotice = () => import('./components/link-notice.tsx');
const loadSharePanel = () => import('./components/share-panel.tsx');
const loadImportBar = () => import('./components/import/import-bar.tsx');
const loadPlanRegion = () => import('./components/import/plan-region.tsx');
const loadViewTabs = () => import('./components/view-tabs.tsx');
const loadStepIntro = () => import('./components/step-intro-text.tsx');

/**
 * A lazy part of the page whose chunk, when it cannot be fetched (a network
 * blip on a slow link), leaves a notice with a "Try again" in its place:
 * its loader never rejects, so React never meets the error and never
 * unmounts the page with the answers in it.
 */
export function part<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy<ComponentType<P>>(() =>
    load().then(
      (c) => ({ default: c }),
      () => ({ default: (props: P) => <Unloaded load={load} props={props} /> }),
    ),
  );
}

/** In a part's place when its chunk did not come: the state is the part once it came, else the tries so far. */
function Unloaded<P extends object>({ load, props }: { load: () => Promise<ComponentType<P>>; props: P }) {
  const [got, set] = useState<ComponentType<P> | number>(1);
  if (typeof got !== 'number') {
    const Part = got;
    return <Part {...props} />;
  }
  return (
    <p className="notice" role="alert">
      This part did not load{got > 1 ? ` (${got} tries)` : ''}.{' '}
      <button
        type="button"
        className="link-button"
        onClick={() =>
          load().then(
            (c) => set(() => c),
            () => set(got + 1),
          )
        }
      >
        Try again
      </button>
    </p>
  );
}

const LazyPreviewPanel = part(() => loadPreview().then((m) => m.PreviewPanel));
export const LazyFieldsStep = part(() => loadFieldsStep().then((m) => m.FieldsStep));
export const LazyReviewStep = part(() => loadReview().then((m) => m.ReviewStep));
const LazyServerCalls = part(() => loadServerCalls().then((m) => m.default));
const LazyLinkNotice = part(() => loadLinkNotice().then((m) => m.LinkNotice));
const LazySharePanel = part(() => loadSharePanel().then((m) => m.SharePanel));
const LazyFieldList = part(() => loadFieldList().then((m) => m.FieldList));
const LazyImportBar = part(() => loadImportBar().then((m) => m.ImportBar));
const LazyPlanRegion = part(() => loadPlanRegion().then((m) => m.PlanRegion));
const LazyViewTabs = part(() => loadViewTabs().then((m) => m.ViewTabs));
/** A later step's intro (its text loads with the later steps); nothing while it loads. */
export const LazyStepIntro = part(() => loadStepIntro().then((m) => m.StepIntroText));

type PreviewPanelProps = ComponentProps<typeof LazyPreviewPanel>;

// The same heading and status line the panel shows while the generator
// loads, so nothing moves when the panel replaces it.
const PREVIEW_PLACEHOLDER = (
  <div className="preview">
    <h2 id="preview-title">Preview</h2>
    <p className="preview-status">Loading the generator…</p>
  </div>
);

export function PreviewPanel(props: PreviewPanelProps) {
  return (
    <Suspense fallback={PREVIEW_PLACEHOLDER}>
      <LazyPreviewPanel {...props} />
    </Suspense>
  );
}

// The notice's live region, empty, as the notice renders it with nothing to say.
const EMPTY_NOTICE = <div className="link-notice-region" aria-live="polite" />;

/** What opening a share link found. */
export function LinkNotice(props: ComponentProps<typeof LazyLinkNotice>) {
  return (
    <Suspense fallback={EMPTY_NOTICE}>
      <LazyLinkNotice {...props} />
    </Suspense>
  );
}

/** "Save or share this setup", below the step. */
export function SharePanel(props: ComponentProps<typeof LazySharePanel>) {
  return (
    <Suspense fallback={null}>
      <LazySharePanel {...props} />
    </Suspense>
  );
}

// The bar as it first shows (nothing imported, panel closed), its button not
// yet working, so that nothing moves when the bar itself replaces it.
// components/import/import-bar.tsx is the original; keep the two alike.
const IMPORT_BAR_PLACEHOLDER = (
  <section className="import" aria-labelledby="import-title">
    <h2 id="import-title">Your server as it is</h2>
    <div aria-live="polite" />
    <p className="field-hint">
      Already running Postfix and Cyrus? Read your server’s configuration into the wizard: it fills in what the server
      already says and shows, before you download, what the bundle will change there.
    </p>
    <button type="button" className="button secondary" disabled>
      Start from my current configuration
    </button>
  </section>
);

/**
 * The first step's own fields (the Debian release) as <Field> lays them out,
 * not yet working: the form controls are a chunk of their own, fetched when
 * the browser is idle after the first paint. Only fields every topology asks
 * show here; components/field.tsx is the original.
 */
function FieldsPlaceholder({ fields }: { fields: readonly StepField[] }) {
  const { state } = useWizard();
  // No name: not a form value yet. aria-busy: the real fields are on their way.
  return (
    <div className="fields" aria-busy="true">
      {fields.map((field) => {
        if (field.endsWith('.*')) return null;
        const path = field as FieldPath;
        const def = fieldDef(path);
        if (def.kind !== 'select' || !appliesTo(path, null) || def.shownWhen !== undefined) return null;
        const id = fieldId(path);
        const typed = state.draft[path];
        return (
          <div key={path} className="field">
            <div className="field-label">
              <label htmlFor={id}>{def.label}</label>
            </div>
            <select
              id={id}
              disabled
              value={typeof typed === 'string' ? typed : def.options?.[0]?.value}
              onChange={() => undefined}
            >
              {def.options?.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <p className="field-hint">{def.hint}</p>
          </div>
        );
      })}
    </div>
  );
}

/** A step's fields (components/field-list.tsx), with a placeholder while they load. */
export function FieldList(props: ComponentProps<typeof LazyFieldList>) {
  return (
    <Suspense fallback={<FieldsPlaceholder fields={props.fields} />}>
      <LazyFieldList {...props} />
    </Suspense>
  );
}

/** "Start from my current configuration", above the step. */
export function ImportBar(props: ComponentProps<typeof LazyImportBar>) {
  return (
    <Suspense fallback={IMPORT_BAR_PLACEHOLDER}>
      <LazyImportBar {...props} />
    </Suspense>
  );
}

/** The Plan beside the form, after an import. */
export function PlanRegion(props: ComponentProps<typeof LazyPlanRegion>) {
  return (
    <Suspense fallback={null}>
      <LazyPlanRegion {...props} />
    </Suspense>
  );
}

/** The narrow screen's tabs (Questions, Preview, Plan); until they load, the questions show. */
export function ViewTabs(props: ComponentProps<typeof LazyViewTabs>) {
  return (
    <Suspense fallback={null}>
      <LazyViewTabs {...props} />
    </Suspense>
  );
}

/** The react-query calls (server check, download), mounted only while one is wanted. */
export function ServerCalls({ check, bundle }: ServerCallsProps) {
  if (!check && !bundle) return null;
  return (
    <Suspense fallback={null}>
      <LazyServerCalls check={check} bundle={bundle} />
    </Suspense>
  );
}

/** Shown in a step's body while its chunk loads. */
export const STEP_PLACEHOLDER = (
  <p className="field-hint" aria-busy="true">
    Loading this step…
  </p>
);

const idle = (run: () => void): void => {
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(run, { timeout: 2000 });
  else window.setTimeout(run, 200);
};

const quietly = (load: () => Promise<unknown>) => load().catch(() => undefined);

/**
 * After the first paint, when the browser is idle: the generator core and
 * the preview panel (fetched side by side: on a slow link each round trip
 * counts), then the review step and the server calls. Each chunk is
 * evaluated in a task of its own. A share link needs the codec at once.
 */
export function preloadParts(): void {
  if (window.location.hash.length > 1) {
    void quietly(loadEngine);
    void quietly(loadLinkNotice);
  }
  idle(() => {
    void Promise.all([
      quietly(loadEngine),
      quietly(loadPreview),
      quietly(loadFieldList),
      quietly(loadFieldsStep),
      quietly(loadStepIntro),
      quietly(loadSharePanel),
      quietly(loadLinkNotice),
      quietly(loadImportBar),
      quietly(loadViewTabs),
    ]).then(() =>
      idle(() => {
        void quietly(loadReview);
        void quietly(loadServerCalls);
      }),
    );
  });
}
