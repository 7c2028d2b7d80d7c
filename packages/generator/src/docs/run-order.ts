// The order in which the host folders of a bundle are run (issue 24): one
// list, shown at the top of every host's README, by its apply.sh --help and
// in the bundle's README. Each step names where it runs, the exact commands
// (with --store-fingerprint where the Postfix host pins the store's
// certificate) and what it prints for the next step.
import type { FolderId } from '../types.ts';
import { pushAll, wrapText } from '../serializers/lines.ts';

export interface RunStep {
  /** where it runs, in words: "the Cyrus store", "each MX host" */
  where: string;
  /** each folder of the step, with the host it runs on, in words */
  folders: { folder: FolderId; on: string }[];
  /** apply.sh's options on this step, besides --dry-run */
  args: string[];
  /** what the step prints for the next one, or what its options mean */
  note?: string;
}

/** The placeholder of the fingerprint in the commands; the store's apply.sh prints the real one. */
export const FINGERPRINT_ARGS = ['--store-fingerprint', 'SHA256'];

export const PIN_NOTE = (from: string, peer = 'the store') =>
  `SHA256 is the fingerprint ${from} printed (64 hex digits, AB:CD:...). Before any change, apply.sh checks that ${peer} presents that certificate; a later run keeps the pin and needs no option.`;

/** "On the Cyrus store (store.example.org), in cyrus-host/ (this folder)", or each folder of the step with its host. */
function head(s: RunStep, self: FolderId | undefined, code: (f: string) => string): string {
  const one = s.folders.length === 1 ? s.folders[0] : undefined;
  if (one)
    return `On ${s.where}${one.on !== s.where ? ` (${one.on})` : ''}, in ${code(`${one.folder}/`)}${one.folder === self ? ' (this folder)' : ''}`;
  return `On ${s.where}, each in its own folder: ${s.folders.map((f) => `${code(`${f.folder}/`)} on ${f.on}${f.folder === self ? ' (this folder)' : ''}`).join(', ')}`;
}

/** The sentence before the list. */
export const runOrderIntro = (steps: readonly RunStep[]): string =>
  steps.length === 1 && steps[0]?.folders.length === 1
    ? 'Copy the folder to the host, and run there, as root, in that folder:'
    : 'Copy each folder to its host, and run there, as root, in that folder:';

const commands = (s: RunStep): [string, string][] => {
  const args = s.args.length > 0 ? ` ${s.args.join(' ')}` : '';
  return [
    [`sh apply.sh --dry-run${args}`, 'shows what would change; changes nothing'],
    [`sh apply.sh${args}`, 'applies, backs up, restarts'],
  ];
};

const VERIFY = 'the read-only checks, ending with a live LHLO';
const verifyWhere = (steps: readonly RunStep[]): string =>
  steps.length > 1 || steps.some((s) => s.folders.length > 1) ? 'On every host, in its folder' : 'On the same host';

/** The order as Markdown: a numbered list, each step with its commands. */
export function runOrderMarkdown(steps: readonly RunStep[], self?: FolderId): string[] {
  const out: string[] = [];
  const pad = (cmds: [string, string][]) => {
    const width = Math.max(...cmds.map(([c]) => c.length));
    return cmds.map(([c, what]) => `   ${c.padEnd(width)}   # ${what}`);
  };
  steps.forEach((s, i) => {
    out.push(`${i + 1}. ${head(s, self, (f) => `\`${f}\``)}:`, '', '   ```sh', ...pad(commands(s)), '   ```', '');
    if (s.note) out.push(`   ${s.note}`, '');
  });
  out.push(`${steps.length + 1}. ${verifyWhere(steps)}, ${VERIFY}:`, '', '   ```sh', '   sh verify.sh', '   ```', '');
  return out;
}

/** The order as plain text, for apply.sh --help. */
export function runOrderText(steps: readonly RunStep[], self?: FolderId): string[] {
  const out: string[] = [];
  const item = (n: number, head: string, cmds: string[], note?: string) => {
    // "  N. " and its text, the further lines under the text
    const lines = wrapText(`${n}. ${head}`, '     ');
    lines.forEach((l, i) => out.push(i === 0 ? `  ${l.trimStart()}` : l));
    for (const c of cmds) out.push(`       ${c}`);
    if (note) pushAll(out, wrapText(note, '     '));
  };
  steps.forEach((s, i) =>
    item(
      i + 1,
      `${head(s, self, (f) => f)}:`,
      commands(s).map(([c]) => c),
      s.note,
    ),
  );
  item(steps.length + 1, `${verifyWhere(steps)}, ${VERIFY}:`, ['sh verify.sh']);
  return out;
}
