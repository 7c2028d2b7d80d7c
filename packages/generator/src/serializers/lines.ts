// Line lists: comment wrapping and appending. Lists are built with plain
// push loops: in V8 (Node 20, Chromium), Array.prototype.flatMap over small
// spread arrays costs about 15 times as much as pushing the same strings,
// and generate() runs on every keystroke of the wizard's preview (issue 6).

/** Appends every item of `items` to `out`. */
export function pushAll(out: string[], items: readonly string[]): void {
  for (const item of items) out.push(item);
}

function wrap(text: string): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  // Each line is joined from its words rather than grown with +=, so that it
  // is one flat string: a rope of words would be walked again by every join
  // of every file that holds it (5 times slower in V8).
  let line = ['#'];
  let length = 1;
  for (const w of words) {
    if (length + w.length + 1 > 78 && line.length > 1) {
      lines.push(line.join(' '));
      line = ['#'];
      length = 1;
    }
    line.push(w);
    length += w.length + 1;
  }
  if (line.length > 1) lines.push(line.join(' '));
  return lines;
}

/** Plain text (apply.sh --help): the words in lines of at most 78 characters, each after `indent`. */
export function wrapText(text: string, indent = ''): string[] {
  const lines: string[] = [];
  let line: string[] = [];
  let length = indent.length;
  for (const w of text.split(' ')) {
    if (line.length > 0 && length + 1 + w.length > 78) {
      lines.push(indent + line.join(' '));
      line = [];
      length = indent.length;
    }
    length += (line.length > 0 ? 1 : 0) + w.length;
    line.push(w);
  }
  if (line.length > 0) lines.push(indent + line.join(' '));
  return lines;
}

// Wrapping is a pure function of the text, and most texts repeat from call to
// call (fixed explanations, or ones holding the same answers), so results are
// remembered: bounded, and a cache, not state (the output is the same without
// it). It is keyed by a cheap fingerprint, the length and 8 sampled
// characters, because a Map keyed by the text itself hashes all of a freshly
// built text on every lookup, which cost more than half of what wrapping
// saved. Texts that share a fingerprint share a bucket and are compared
// whole; a bucket keeps its newest few, so a lookup stays a few compares even
// when many texts differ only where no character is sampled.
const MAX_ENTRIES = 2000;
const MAX_BUCKET = 4;
const buckets = new Map<number, { text: string; lines: readonly string[] }[]>();
let entries = 0;

function fingerprint(text: string): number {
  const n = text.length;
  let h = n;
  for (let k = 1; k <= 8; k++) h = (Math.imul(h, 31) + text.charCodeAt(Math.floor((n * k) / 9))) | 0;
  return h;
}

/** The text as "# " comment lines of at most 78 characters. */
export function commentLines(text: string): readonly string[] {
  const key = fingerprint(text);
  const bucket = buckets.get(key);
  if (bucket) for (const e of bucket) if (e.text === text) return e.lines;
  const lines = wrap(text);
  if (entries >= MAX_ENTRIES) {
    buckets.clear();
    entries = 0;
  }
  const entry = { text, lines };
  if (bucket && buckets.has(key)) {
    if (bucket.length >= MAX_BUCKET) bucket.shift();
    else entries += 1;
    bucket.push(entry);
  } else {
    buckets.set(key, [entry]);
    entries += 1;
  }
  return lines;
}
