// The plain commands and lines a step's entries come to, for an admin who
// does not run scripts on production (issue 13, defect 10): postconf -e and
// -M, the exact imapd.conf, cyrus.conf and table lines. Built from the same
// entries and serializers as apply.sh, so the two cannot disagree; what
// apply.sh adds (backups, conflict checks, idempotence) is left to the admin.
import type { Body } from '../files/module.ts';
import { postfixLine, restrictionItem } from '../serializers/postfix-main.ts';
import { masterRow } from '../serializers/master-cf.ts';
import { cyrusLine } from '../serializers/cyrus-kv.ts';
import { cyrusServiceLine } from '../serializers/cyrus-conf.ts';
import { columnsLine } from '../serializers/columns.ts';
import { shq } from '../serializers/shell.ts';
import { tableLine } from '../serializers/table.ts';

/** One part of a manual step: commands to run, or lines to paste into a file. */
export interface ManualBlock {
  /** What to do with the lines, in words. */
  note: string;
  lang: 'sh' | 'text';
  lines: string[];
}

const commands = (note: string, lines: string[]): ManualBlock => ({ note, lang: 'sh', lines });
const fileLines = (note: string, lines: string[]): ManualBlock => ({ note, lang: 'text', lines });

export function manualFor(body: Body, path: string, target: string | null): ManualBlock[] {
  const dest = target ?? '';
  switch (body.kind) {
    case 'postconf': {
      const plain = body.settings.filter((s) => s.policy !== 'merged' && s.policy !== 'merged-restriction');
      const lists = body.settings.filter((s) => s.policy === 'merged' || s.policy === 'merged-restriction');
      return [
        commands('Run, as root:', [
          ...plain.map((s) => {
            postfixLine(s);
            return `postconf -e ${shq(`${s.key} = ${s.value}`, s.source)}`;
          }),
          ...(lists.length === 0 ? ['postfix reload'] : []),
        ]),
        ...(lists.length > 0
          ? [
              commands(
                'These are lists: add the item at the end of what is there (postconf -h KEY shows it), then reload:',
                [
                  ...lists.map((s) => {
                    postfixLine(s);
                    const item =
                      s.policy === 'merged-restriction' ? Object.values(restrictionItem(s)).join(' ') : s.value;
                    // The current value comes from the shell; our item is quoted by shq as always.
                    return `postconf -e "${s.key} = $(postconf -h ${shq(s.key, s.source)}), "${shq(item, s.source)}`;
                  }),
                  'postfix reload',
                ],
              ),
            ]
          : []),
      ];
    }
    case 'postconf-master':
      return [
        commands(
          'Run, as root (postfix reload or restart afterwards):',
          body.services.map((m) => `postconf -M ${shq(`${m.service}/${m.type}=${masterRow(m)}`, m.source)}`),
        ),
      ];
    case 'imapd-conf':
      return [
        fileLines(
          `In ${dest}, one line per key, replacing a line with the same key${body.settings.some((s) => s.policy === 'merged') ? '; for a list key that already has a line, add our name to it instead' : ''}${body.settings.some((s) => s.ifKnown) ? '; master_pid_file only where cyr_info conf-all lists it' : ''}:`,
          body.settings.map((s) => cyrusLine(s)),
        ),
      ];
    case 'cyrus-conf':
      return [
        fileLines(
          `In ${dest}, inside SERVICES { ... }, replacing the line of the same name or added before the closing brace:`,
          body.services.map((s) => `  ${cyrusServiceLine(s)}`),
        ),
      ];
    case 'table':
      if (body.policy === 'merged') {
        return [
          fileLines(
            `Add to ${dest}:`,
            body.rows.map((r) => tableLine(r)),
          ),
          commands('Then compile it:', [`postmap ${shq(dest)}`]),
        ];
      }
      return [
        commands('Run, as root, in this folder:', [
          `install -m ${path.endsWith('sasl_passwd') ? '0600' : '0644'} -o root -g root ${shq(path)} ${shq(dest)}`,
          `postmap ${shq(dest)}`,
        ]),
      ];
    case 'columns-file':
      return [
        commands(
          'Run, as root, in this folder (without systemd, also divert the packaged file as apply.sh does, since the init script re-applies it):',
          [`install -m 0644 -o root -g root ${shq(path)} ${shq(dest)}`, `systemd-tmpfiles --create ${shq(dest)}`],
        ),
      ];
    case 'append-line':
      return [
        fileLines(
          `Add to ${dest} unless it is there:`,
          body.rows.map((r) => columnsLine(r, body.syntax)),
        ),
      ];
    case 'input':
      return [];
  }
}
