// The twin of add_imapd_list (policy.sh).
import type { CyrusSetting } from '../../serializers/cyrus-kv.ts';
import { inList, type HostReader } from '../reader.ts';
import { IMAPD_CONF, setImapd } from '../imapd-owned/plan.ts';

/** add_imapd_list KEY ITEM: ITEM at the end of the space-separated list, unless it is in it. */
export function addImapdList(r: HostReader, s: CyrusSetting): void {
  const cur = r.h.imapd[s.key] ?? '';
  if (inList(cur, s.value)) r.rec('unchanged', IMAPD_CONF, s.key, cur, cur, s.source);
  else setImapd(r, s.key, cur ? `${cur} ${s.value}` : s.value, s.source);
}
