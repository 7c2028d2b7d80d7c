import { memo } from 'react';

export interface StepItemProps {
  title: string;
  explanation: string;
  guideRef: string;
  /** The commands joined by newlines: a string compares cheaply for memo. */
  commands: string;
}

export const StepItem = memo(function StepItem({ title, explanation, guideRef, commands }: StepItemProps) {
  return (
    <li className="host-step">
      <p className="host-step-title">{title}</p>
      <p className="file-explanation">{explanation}</p>
      <p className="guide-ref">Reference: {guideRef}</p>
      {commands ? (
        <pre className="code" tabIndex={0} aria-label={`Commands for ${title}`}>
          <code>{commands}</code>
        </pre>
      ) : null}
    </li>
  );
});
