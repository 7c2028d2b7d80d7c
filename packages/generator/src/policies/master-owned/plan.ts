// The twin of set_master (policy.sh), on the plan's copy of master.cf.
import { FINGERPRINT_SLOT } from '../../files/lmtp-tls.ts';
import { masterRow, type MasterService } from '../../serializers/master-cf.ts';
import type { HostReader } from '../reader.ts';

/** set_master NAME/TYPE ROW; fill_pin puts the pin master.cf already has into the row (check_store_pin takes it as it stands). */
export function setMaster(r: HostReader, s: MasterService): void {
  let row = masterRow(s);
  const pin = r.h.masterParams[`${r.c.transport}/unix/lmtp_tls_fingerprint_cert_match`] ?? '';
  if (row.includes(FINGERPRINT_SLOT) && pin) row = row.split(FINGERPRINT_SLOT).join(pin);
  const id = `${s.service}/${s.type}`;
  const cur = r.h.master.find((x) => x.service === s.service && x.type === s.type)?.row;
  const action = cur === row ? 'unchanged' : cur === undefined ? 'add' : 'merge';
  r.rec(action, '/etc/postfix/master.cf', id, row, cur ?? null, s.source);
}
