// The twin of set_imapd (policy.sh).
import type { HostReader } from '../reader.ts';

export const IMAPD_CONF = '/etc/imapd.conf';

/** set_imapd KEY VALUE: unchanged, added, or a merge of the value imapd.conf holds (the last line of the key). */
export function setImapd(r: HostReader, key: string, value: string, field: string): void {
  const old = r.h.imapd[key] ?? '';
  if (old === value) r.rec('unchanged', IMAPD_CONF, key, value, value, field);
  else if (old === '') r.rec('add', IMAPD_CONF, key, value, null, field);
  else r.rec('merge', IMAPD_CONF, key, value, old, field);
}
