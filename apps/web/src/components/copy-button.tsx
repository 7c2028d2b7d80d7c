// A copy button with its outcome beside it, visible and announced. `what`
// completes the accessible name ("Copy share.txt") so that a list of them
// can be told apart. `text` may be a function, read at the click, for text
// that is built only when asked for (the share link).
import { useCopy } from '../hooks/use-copy.ts';

export function CopyButton({
  text,
  label = 'Copy',
  what,
}: {
  text: string | (() => string);
  label?: string;
  what?: string;
}) {
  const { copy, status } = useCopy();
  return (
    <span className="copy">
      <button
        type="button"
        className="button secondary small"
        onClick={() => copy(typeof text === 'function' ? text() : text)}
      >
        {label}
        {what ? <span className="visually-hidden"> {what}</span> : null}
      </button>
      <span className={status === 'failed' ? 'copy-status bad' : 'copy-status'} aria-live="polite">
        {status === 'copied'
          ? 'Copied to the clipboard.'
          : status === 'failed'
            ? 'Could not copy: select the text and copy it yourself.'
            : ''}
      </span>
    </span>
  );
}
