// A text control while someone types (issue 25, long tasks): the control
// keeps what is typed in the DOM, where the browser put it, and the answers
// follow in a transition. A keystroke's task renders nothing: a controlled
// input renders its field again at once, inside the key's task, and so does
// useTransition's pending flag. The rest of the page (the step, the checks,
// the preview) renders in React's time slices after the key.
//
// A value that changes from elsewhere (an import, a share link) replaces
// what the control shows, before the next paint. While the control has the
// focus, what it shows is what the person typed: the answers
// are on their way to it, and an older value that a transition brings back
// must not undo a newer keystroke.
import { startTransition, useLayoutEffect, useRef, type ChangeEvent, type RefObject } from 'react';

type TextControl = HTMLInputElement | HTMLTextAreaElement;

export interface TypedTextProps<E extends TextControl> {
  ref: RefObject<E | null>;
  defaultValue: string;
  onChange: (event: ChangeEvent<E>) => void;
}

export function useTypedText<E extends TextControl>(value: string, commit: (next: string) => void): TypedTextProps<E> {
  const ref = useRef<E>(null);
  useLayoutEffect(() => {
    const control = ref.current;
    if (control && control !== control.ownerDocument.activeElement && control.value !== value) control.value = value;
  }, [value]);
  const onChange = (event: ChangeEvent<E>) => {
    const next = event.target.value;
    startTransition(() => commit(next));
  };
  return { ref, defaultValue: value, onChange };
}
