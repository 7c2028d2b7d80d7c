// The twins of restriction_state, add_main_restriction and check_restriction_place (policy.sh).
import { FINAL_RESTRICTIONS, restrictionItem, type PostfixSetting } from '../../serializers/postfix-main.ts';
import type { HostReader } from '../reader.ts';
import { MAIN_CF, setMain } from '../main-owned/plan.ts';
import { MAIN_RESOLVE } from '../main-exclusive/plan.ts';

/** restriction_state on the expanded list: "ours", "after X" or "absent". */
export function restrictionState(expanded: string, item: string, arg: string, finals: readonly string[]): string {
  let prev = '';
  for (const w of expanded.replace(/,/g, ' ').split(/\s+/).filter(Boolean)) {
    if (prev === item && w === arg) return 'ours';
    if (finals.includes(w)) return `after ${w}`;
    prev = w;
  }
  return prev === 'warn_if_reject' ? 'after warn_if_reject' : 'absent';
}

/** add_main_restriction KEY ITEM ARG */
export function addMainRestriction(r: HostReader, s: PostfixSetting): void {
  const { name, arg } = restrictionItem(s);
  const cur = r.effective(s.key);
  if (restrictionState(r.expanded(s.key), name, arg, []) === 'ours')
    r.rec('unchanged', MAIN_CF, s.key, cur, cur, s.source);
  else setMain(r, s.key, cur ? `${cur}, ${name} ${arg}` : `${name} ${arg}`, s.source);
}

/** check_restriction_place KEY ITEM ARG HOW FINAL... */
export function checkRestrictionPlace(r: HostReader, s: PostfixSetting): void {
  const { name, arg } = restrictionItem(s);
  const state = restrictionState(r.expanded(s.key), name, arg, FINAL_RESTRICTIONS);
  if (state.startsWith('after'))
    r.conflict(
      MAIN_CF,
      s.key,
      r.effective(s.key),
      `${name} ${arg} ahead of ${state.slice('after '.length)}`,
      s.source,
      s.resolve ?? MAIN_RESOLVE,
    );
}
