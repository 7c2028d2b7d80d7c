// An exclusive main.cf setting (a global route or check): unset, already
// ours, or routing through our own transport; anything else is a conflict
// that apply.sh --replace KEY may override. The step is main-owned's.
import type { PostfixSetting } from '../../serializers/postfix-main.ts';
import { sh, word } from '../../serializers/shell.ts';
import { mainOwned, type MainPolicy } from '../main-owned/index.ts';
import { checkMainFree, MAIN_RESOLVE } from './plan.ts';

export const mainExclusive: MainPolicy = {
  ...mainOwned,
  preflight: (s: PostfixSetting) => [
    sh`check_main_free ${word(s.key, s.source)} ${word(s.value, s.source)} ${word(s.ours ?? '', s.source)} ${word(s.resolve ?? MAIN_RESOLVE, s.source)}`,
  ],
  replaceKeys: (s) => [s.key],
  checks: (r, s) => checkMainFree(r, s),
};
