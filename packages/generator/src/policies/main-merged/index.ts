// A main.cf list (domains, maps): apply.sh adds our items and keeps the
// others, which are neighbours verify.sh checks (scripts/plan-state.ts).
import type { PostfixSetting } from '../../serializers/postfix-main.ts';
import { postfixLine } from '../../serializers/postfix-main.ts';
import { sh, word } from '../../serializers/shell.ts';
import type { MainPolicy } from '../main-owned/index.ts';
import { listItems } from '../reader.ts';
import { policy } from '../types.ts';
import { addMainList, checkMainListDefault } from './plan.ts';

export const mainMerged: MainPolicy = {
  ...policy<PostfixSetting>({
    preflight: (s) => [sh`check_main_list_default ${word(s.key, s.source)}`],
    commands: (s) => {
      postfixLine(s);
      return [
        `add_main_list ${[word(s.key, s.source), ...listItems(s.value).map((v) => word(v, s.source))].map((w) => sh`${w}`).join(' ')}`,
      ];
    },
    verify: (s) => listItems(s.value).map((v) => sh`check_main_list ${word(s.key)} ${word(v, s.source)}`),
    neighbours: (s) => [{ kind: 'main', where: s.key, ours: listItems(s.value), source: s.source }],
    planPhase: (r, s) => addMainList(r, s),
    checks: (r, s) => checkMainListDefault(r, s),
  }),
  listItem: (s) => s.value,
};
