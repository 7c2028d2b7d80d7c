// The twin of check_main_free (policy.sh).
import type { PostfixSetting } from '../../serializers/postfix-main.ts';
import type { HostReader } from '../reader.ts';
import { MAIN_CF } from '../main-owned/plan.ts';

export const MAIN_RESOLVE = 'change it by hand';

/** check_main_free: set to another value that does not route through OURS is a conflict (replaceable). */
export function checkMainFree(r: HostReader, s: PostfixSetting): void {
  const cur = r.explicit(s.key);
  if (cur !== undefined && cur !== s.value && !(s.ours && cur.split(':')[0] === s.ours))
    r.conflict(MAIN_CF, s.key, cur, s.value, s.source, s.resolve ?? MAIN_RESOLVE, s.key);
}
