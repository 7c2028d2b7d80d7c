// A file on the server now against the same file after the bundle, line by
// line, with jsdiff. In the lazy chunk: the shell never pays for it.
// A removed run followed by an added run is a change: its lines pair up in
// order (the server's line becomes ours), and what is left over is added or
// removed.
import { diffLines } from 'diff';
import type { DiffLine, DiffLineKind } from '../state/import.ts';

const linesOf = (value: string): string[] => {
  const lines = value.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
};

export function lineDiff(before: string, after: string): DiffLine[] {
  const parts = diffLines(before, after);
  const out: DiffLine[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === undefined) continue;
    const lines = linesOf(part.value);
    if (!part.added && !part.removed) {
      for (const text of lines) out.push({ kind: 'kept', text });
    } else if (part.added) {
      for (const text of lines) out.push({ kind: 'added', text });
    } else {
      const next = parts[i + 1];
      const added = next?.added ? linesOf(next.value) : [];
      if (next?.added) i++;
      const paired = Math.min(lines.length, added.length);
      for (let k = 0; k < paired; k++) out.push({ kind: 'changed', text: added[k] as string, old: lines[k] as string });
      for (const text of added.slice(paired)) out.push({ kind: 'added', text });
      for (const text of lines.slice(paired)) out.push({ kind: 'removed', text });
    }
  }
  return out;
}

export function countLines(lines: readonly DiffLine[]): Record<DiffLineKind, number> {
  const counts: Record<DiffLineKind, number> = { added: 0, changed: 0, kept: 0, removed: 0, conflict: 0 };
  for (const line of lines) counts[line.kind]++;
  return counts;
}
