// A shared Postfix lookup table (the transport map): our keys are added,
// every other entry kept; one of our keys with another value is a conflict
// (apply.sh --replace MAP:KEY). verify.sh checks ours and every other entry.
import type { Body } from '../../files/module.ts';
import { sh, shq, word } from '../../serializers/shell.ts';
import { tableLine } from '../../serializers/table.ts';
import { commands, fileLines, policy } from '../types.ts';
import { checkTableKeys, mergeTableKeys, TABLE_RESOLVE } from './plan.ts';

type Table = Extract<Body, { kind: 'table' }>;

export const tableMerged = policy<Table>({
  preflight: (body, target) =>
    target
      ? body.rows.map(
          (r) =>
            sh`check_table_key ${word(target)} ${word(r.key, r.source)} ${word(r.value, r.source)} ${word(TABLE_RESOLVE, r.source)}`,
        )
      : [],
  commands: (body, target) => [
    ...body.rows.map(
      (r) => sh`merge_table_key ${word(target ?? '')} ${word(r.key, r.source)} ${word(r.value, r.source)}`,
    ),
    sh`postmap_if_needed ${word(target ?? '')}`,
  ],
  verify: (body, target) =>
    target
      ? [
          // A shared map: its mode is the admin's. Ours must resolve, and so must every other entry.
          ...body.rows.map((r) => sh`check_table ${word(target)} ${word(r.key, r.source)} ${word(r.value, r.source)}`),
          sh`check_table_entries ${word(target)}`,
        ]
      : [],
  replaceKeys: (body, target) => (target ? body.rows.map((r) => `${target}:${r.key}`) : []),
  neighbours: (body, target) =>
    target
      ? [{ kind: 'map', where: target, ours: body.rows.map((r) => r.key), source: body.rows[0]?.source ?? target }]
      : [],
  manual: (body, target) => [
    fileLines(
      `Add to ${target ?? ''}:`,
      body.rows.map((r) => tableLine(r)),
    ),
    commands('Then compile it:', [`postmap ${shq(target ?? '')}`]),
  ],
  checks: (r, body, target) => {
    if (target) checkTableKeys(r, body.rows, target);
  },
  steps: (r, body, target) => {
    if (target) mergeTableKeys(r, body.rows, target);
  },
});
