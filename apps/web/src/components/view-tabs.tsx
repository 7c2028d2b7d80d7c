// On a narrow screen (issue 24, defect 6) the questions, the preview and the
// Plan are three views of one column, chosen here, instead of the preview
// and the Plan somewhere below the whole form. A tab list in the ARIA
// pattern: one tab in the Tab order, the arrow keys, Home and End move
// between them and show the view at once.
import { memo, useRef, type KeyboardEvent } from 'react';

import { viewPanelId, viewTabId, type View } from './view-ids.ts';

const NAMES: Record<View, string> = { form: 'Questions', preview: 'Preview', plan: 'Plan' };

export const ViewTabs = memo(function ViewTabs({
  views,
  current,
  show,
}: {
  views: readonly View[];
  current: View;
  show: (view: View) => void;
}) {
  const list = useRef<HTMLDivElement>(null);
  const move = (event: KeyboardEvent<HTMLButtonElement>) => {
    const at = views.indexOf(current);
    const to =
      event.key === 'ArrowRight'
        ? views[(at + 1) % views.length]
        : event.key === 'ArrowLeft'
          ? views[(at - 1 + views.length) % views.length]
          : event.key === 'Home'
            ? views[0]
            : event.key === 'End'
              ? views[views.length - 1]
              : undefined;
    if (to === undefined) return;
    event.preventDefault();
    show(to);
    list.current?.querySelector<HTMLButtonElement>(`#${viewTabId(to)}`)?.focus();
  };
  return (
    <div className="view-tabs" role="tablist" aria-label="Show" ref={list}>
      {views.map((view) => (
        <button
          key={view}
          type="button"
          role="tab"
          id={viewTabId(view)}
          aria-controls={viewPanelId(view)}
          aria-selected={view === current}
          tabIndex={view === current ? 0 : -1}
          className={view === current ? 'view-tab is-current' : 'view-tab'}
          onClick={() => show(view)}
          onKeyDown={move}
        >
          {NAMES[view]}
        </button>
      ))}
    </div>
  );
});
