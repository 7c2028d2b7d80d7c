// The twin of check_imapd_exclusive (policy.sh).
import type { CyrusSetting } from '../../serializers/cyrus-kv.ts';
import type { HostReader } from '../reader.ts';
import { IMAPD_CONF } from '../imapd-owned/plan.ts';

export const IMAPD_RESOLVE = 'change the key by hand first';

/** check_imapd_exclusive KEY VALUE HOW: another value is a conflict (replaceable). */
export function checkImapdExclusive(r: HostReader, s: CyrusSetting): void {
  const cur = r.h.imapd[s.key] ?? '';
  if (cur && cur !== s.value) r.conflict(IMAPD_CONF, s.key, cur, s.value, s.source, s.resolve ?? IMAPD_RESOLVE, s.key);
}
