import { memo } from 'react';

export interface StepItemProps {
  title: string;
  explanation: string;
  guideRef: string;
  commands: readonly string[];
}

// A regenerated step has new arrays with, mostly, the same commands in them.
const sameProps = (a: StepItemProps, b: StepItemProps): boolean =>
  a.title === b.title &&
  a.explanation === b.explanation &&
  a.guideRef === b.guideRef &&
  a.commands.length === b.commands.length &&
  a.commands.every((c, i) => c === b.commands[i]);

export const StepItem = memo(function StepItem({ title, explanation, guideRef, commands }: StepItemProps) {
  const text = commands.join('\n');
  return (
    <li className="host-step">
      <p className="host-step-title">{title}</p>
      <p className="file-explanation">{explanation}</p>
      <p className="guide-ref">Reference: {guideRef}</p>
      {text ? (
        <pre className="code" tabIndex={0} aria-label={`Commands for ${title}`}>
          <code>{text}</code>
        </pre>
      ) : null}
    </li>
  );
}, sameProps);
