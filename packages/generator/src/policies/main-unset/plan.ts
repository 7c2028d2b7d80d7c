// The twin of check_main_unset (policy.sh).
import type { PostfixSetting } from '../../serializers/postfix-main.ts';
import type { HostReader } from '../reader.ts';
import { MAIN_CF } from '../main-owned/plan.ts';

/** check_main_unset KEY HOW, for each neighbour key of S: set (not empty) is a conflict, never replaceable. */
export function checkMainUnset(r: HostReader, s: PostfixSetting): void {
  for (const n of s.requiresUnset ?? []) {
    const cur = r.explicit(n.key) ?? '';
    if (cur) r.conflict(MAIN_CF, n.key, cur, '', s.source, n.resolve);
  }
}
