// Helpers of the inspect tests: the captured outputs (fixtures/, from the
// real-mail suite's containers) and a way to make a block whose line count
// and cksum fit after the test changed it on purpose.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnswers, type Answers } from '@lmtp-wizard/schema';
import { parseInspect, posixCksum } from '../src/inspect/parse.ts';
import type { InspectedHost } from '../src/inspect/types.ts';

/** Answers the schema accepts, or the test fails with its errors. */
export function answers(a: object): Answers {
  const r = parseAnswers(a);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.answers;
}

/** The hosts of an inspect.sh output, or the test fails with the parser's message. */
export const hostsOf = (text: string): InspectedHost[] => {
  const r = parseInspect(text);
  if (!r.ok) throw new Error(`${r.error} (line ${r.line})`);
  return r.hosts;
};

export const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

const END = /^=== lmtp-wizard inspect\.sh end lines [0-9]+ cksum [0-9]+ ===$/;

/** The text with each block's end line recomputed, as inspect.sh would print it for the changed body. */
export function reseal(text: string): string {
  const out: string[] = [];
  let body: string[] | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('=== lmtp-wizard inspect.sh begin')) {
      body = [];
      out.push(line);
    } else if (END.test(line) && body) {
      out.push(
        `=== lmtp-wizard inspect.sh end lines ${body.length} cksum ${posixCksum(body.map((l) => `${l}\n`).join(''))} ===`,
      );
      body = null;
    } else {
      body?.push(line);
      out.push(line);
    }
  }
  return out.join('\n');
}

/** A minimal block for a host (the given body lines after the fixed fields). */
export function block(
  lines: string[],
  fields = ['@debian_version 13.1', '@hostname mx', '@package postfix 3.10.13-1', '@package cyrus-imapd 3.10.2-1'],
): string {
  return reseal(
    [
      '=== lmtp-wizard inspect.sh begin format 1 ===',
      ...fields,
      ...lines,
      '=== lmtp-wizard inspect.sh end lines 0 cksum 0 ===',
    ].join('\n'),
  );
}
