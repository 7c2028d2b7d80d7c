// The lmtp entry of /etc/services, merged by port rather than line by line:
// an lmtp entry with another port is a conflict; one with ours is kept as written.
import type { Body } from '../../files/module.ts';
import { columnsLine } from '../../serializers/columns.ts';
import { sh, word } from '../../serializers/shell.ts';
import { fileLines, policy } from '../types.ts';
import { checkLmtpService, ensureLmtpService } from './plan.ts';

type Lines = Extract<Body, { kind: 'append-line' }>;

const port = (r: Lines['rows'][number]): string => (r.columns[1] ?? '').replace('/tcp', '');

export const servicesLmtp = policy<Lines>({
  preflight: (body) => body.rows.map((r) => sh`check_lmtp_service ${word(port(r), r.source)}`),
  commands: (body) => body.rows.map((r) => sh`ensure_lmtp_service ${word(port(r), r.source)}`),
  manual: (body, target) => [
    fileLines(
      `Add to ${target ?? ''} unless it is there:`,
      body.rows.map((r) => columnsLine(r, body.syntax)),
    ),
  ],
  checks: (r, body) => checkLmtpService(r, body.rows),
  steps: (r, body) => ensureLmtpService(r, body.rows),
});
