// Whether the page is one column wide (a phone, a narrow window): the width
// at which styles.css puts the form and the preview under each other. There
// the preview and the Plan become tabs of their own (issue 24, defect 6).
import { useSyncExternalStore } from 'react';

export const NARROW_QUERY = '(max-width: 60rem)';

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(NARROW_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

const isNarrow = (): boolean => window.matchMedia(NARROW_QUERY).matches;

export const useNarrow = (): boolean => useSyncExternalStore(subscribe, isNarrow, () => false);
