// Copies text to the clipboard and says how it went, in words a live region
// can announce. The message clears after a while so a second copy is
// announced again.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Copy {
  copy: (text: string) => void;
  status: 'idle' | 'copied' | 'failed';
}

const RESET_MS = 4000;

export function useCopy(): Copy {
  const [status, setStatus] = useState<Copy['status']>('idle');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const copy = useCallback((text: string) => {
    const settle = (next: Copy['status']) => {
      setStatus(next);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => setStatus('idle'), RESET_MS);
    };
    // navigator.clipboard exists only in secure contexts (https, or localhost).
    if (!navigator.clipboard) return settle('failed');
    navigator.clipboard.writeText(text).then(
      () => settle('copied'),
      () => settle('failed'),
    );
  }, []);

  return { copy, status };
}
