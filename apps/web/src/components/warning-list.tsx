import type { IssueIndex } from '../state/issues.ts';

/** Advice that does not block the bundle, e.g. the virtdomains combination. */
export function WarningList({ warnings, headingLevel }: { warnings: IssueIndex; headingLevel: 3 | 4 }) {
  if (warnings.all.length === 0) return null;
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <div className="warnings">
      <Heading className="warnings-title">
        {warnings.all.length === 1 ? '1 warning' : `${warnings.all.length} warnings`}
      </Heading>
      <ul>
        {warnings.all.map((w) => (
          <li key={w.path + w.message}>{w.message}</li>
        ))}
      </ul>
    </div>
  );
}
