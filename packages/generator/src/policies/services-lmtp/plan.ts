// The twins of lmtp_service_port, check_lmtp_service and ensure_lmtp_service (policy.sh).
import type { ColumnsRow } from '../../serializers/columns.ts';
import type { InspectedHost } from '../../inspect/types.ts';
import type { HostReader } from '../reader.ts';

/** lmtp_service_port: the first "lmtp PORT/tcp" of /etc/services. */
export function lmtpPort(h: InspectedHost): string {
  for (const l of h.servicesLmtp) {
    const w = l.trim().split(/[ \t]+/);
    if (w[0] === 'lmtp' && /\/tcp$/.test(w[1] ?? '')) return w[1] ?? '';
  }
  return '';
}

/** check_lmtp_service PORT: another lmtp port is a conflict. */
export function checkLmtpService(r: HostReader, rows: readonly ColumnsRow[]): void {
  for (const row of rows) {
    const want = row.columns[1] ?? '';
    const have = lmtpPort(r.h);
    if (have && have !== want)
      r.conflict(
        '/etc/services',
        'lmtp',
        have,
        want,
        row.source,
        `change that entry, or answer port ${have.replace(/\/tcp$/, '')} in the wizard`,
      );
  }
}

/** ensure_lmtp_service PORT: unchanged when there is an lmtp entry, else added. */
export function ensureLmtpService(r: HostReader, rows: readonly ColumnsRow[]): void {
  for (const row of rows) {
    const have = lmtpPort(r.h);
    if (have) r.rec('unchanged', '/etc/services', 'lmtp', have, have, row.source);
    else r.rec('add', '/etc/services', 'lmtp', row.columns[1] ?? '', null, row.source);
  }
}
