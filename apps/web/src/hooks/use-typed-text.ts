// A text control's value while someone types (issue 25, long tasks): the
// field shows each keystroke from its own state at once, and the answers
// follow in a transition, so the keystroke's task renders this one control
// and the rest of the page (the step, the checks, the preview) renders in
// React's time slices after it. A value that changes from elsewhere (an
// import, a share link, "Generate password") replaces what is shown.
import { useRef, useState, useTransition } from 'react';

export function useTypedText(value: string, commit: (next: string) => void): [string, (next: string) => void] {
  const [shown, setShown] = useState(value);
  const [seen, setSeen] = useState(value);
  const [pending, start] = useTransition();
  // What this control has sent that the answers may still bring back. React
  // renders every pending transition together, so an older value comes back
  // only when a render finished before the next keystroke: it is ours, not a
  // change from elsewhere, and must not replace what the field shows.
  const sent = useRef<string[]>([]);
  if (value !== seen) {
    setSeen(value);
    const at = sent.current.indexOf(value);
    if (at < 0) {
      sent.current = [];
      setShown(value);
    } else sent.current = sent.current.slice(at + 1);
  }
  // Nothing of ours is on its way any more (a field typed back to its old value never changes `value`).
  if (!pending && value === shown) sent.current = [];
  const type = (next: string) => {
    setShown(next);
    sent.current.push(next);
    start(() => commit(next));
  };
  return [shown, type];
}
