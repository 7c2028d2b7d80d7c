// Review's first list once a configuration is imported: the conflicts still
// open with the server. They do not block the download (apply.sh refuses
// them on the host, as before), but nobody should download without seeing them.
import type { PlanEntryView } from '../state/import.ts';
import { fieldDef } from '../state/fields.ts';
import { useStepNavigation } from '../hooks/use-step-navigation.ts';
import { conflictKey, ResolveOnStep, shownValue as shown } from './conflict-parts.tsx';

export function ConflictList({ conflicts }: { conflicts: readonly PlanEntryView[] }) {
  const { goTo } = useStepNavigation();
  if (conflicts.length === 0) return null;
  return (
    <div className="issues conflicts" id="open-conflicts">
      <h3>
        {conflicts.length === 1
          ? '1 conflict with your server is open'
          : `${conflicts.length} conflicts with your server are open`}
      </h3>
      <p>
        You can download the bundle now, but its apply.sh stops before any change while a conflict is open, unless you
        run it with <code>--replace</code> for that entry.
      </p>
      <ul>
        {conflicts.map((c) => (
          <li key={conflictKey(c)}>
            <span>
              {c.field !== undefined ? <strong>{fieldDef(c.field).label}: </strong> : null}
              {c.file} on {c.host} has <code>{c.key}</code> = <code>{shown(c.old)}</code>; this setup writes{' '}
              <code>{shown(c.new)}</code>.
            </span>
            <ResolveOnStep field={c.field} goTo={goTo} />
          </li>
        ))}
      </ul>
    </div>
  );
}
