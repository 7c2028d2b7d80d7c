// Lines added to a shared file when missing (hosts.allow, hosts.deny): every
// other line is the admin's and stays (verify.sh checks them). In hosts.allow
// a catch-all rule above ours would decide first: a conflict before any change.
import type { Body } from '../../files/module.ts';
import { columnsLine } from '../../serializers/columns.ts';
import { sh, word } from '../../serializers/shell.ts';
import { fileLines, policy } from '../types.ts';
import { appendLines, checkWrapperFirst, daemonOf } from './plan.ts';

type Lines = Extract<Body, { kind: 'append-line' }>;

const wrapperRows = (body: Lines, target: string | null) =>
  body.syntax === 'hosts.allow' && target
    ? body.rows.map((r) => ({ r, line: columnsLine(r, body.syntax), daemon: daemonOf(r), target }))
    : [];

export const linesMerged = policy<Lines>({
  preflight: (body, target) =>
    wrapperRows(body, target).map(
      ({ r, line, daemon, target }) =>
        sh`check_wrapper_first ${word(target)} ${word(line, r.source)} ${word(daemon, r.source)}`,
    ),
  commands: (body, target) =>
    body.rows.map((r) => sh`append_line ${word(target ?? '')} ${word(columnsLine(r, body.syntax), r.source)}`),
  // A catch-all rule above ours decides first, and ours never matches.
  verify: (body, target) =>
    wrapperRows(body, target).map(
      ({ r, line, daemon, target }) =>
        sh`hit=$(wrapper_shadow ${word(target)} ${word(line, r.source)} ${word(daemon, r.source)}); if [ -z "$hit" ]; then ok ${word(`no rule in ${target} decides for ${daemon} before "${line}"`)}; else bad ${word(`${target}: a rule above "${line}" decides first, so it never matches:`)} "$hit"; fi`,
    ),
  neighbours: (body, target) =>
    body.policy === 'merged' && target
      ? [
          {
            kind: 'lines',
            where: target,
            ours: body.rows.map((r) => columnsLine(r, body.syntax)),
            source: body.rows[0]?.source ?? target,
          },
        ]
      : [],
  manual: (body, target) => [
    fileLines(
      `Add to ${target ?? ''} unless it is there:`,
      body.rows.map((r) => columnsLine(r, body.syntax)),
    ),
  ],
  checks: (r, body, target) => {
    if (body.syntax === 'hosts.allow' && target) checkWrapperFirst(r, body.rows, body.syntax, target);
  },
  steps: (r, body, target) => {
    if (target) appendLines(r, body.rows, body.syntax, target);
  },
});
