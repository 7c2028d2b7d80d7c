// A main.cf setting we own: set_main writes our value (policy "owned"; the
// step of "exclusive" too, main-exclusive/). verify.sh checks it.
import { postfixLine, type PostfixSetting } from '../../serializers/postfix-main.ts';
import { sh, word } from '../../serializers/shell.ts';
import { policy, type Policy } from '../types.ts';
import { setMain } from './plan.ts';

/** A main.cf policy; listItem: a list's item, for the manual's "add it at the end" (merged policies). */
export type MainPolicy = Policy<PostfixSetting> & { listItem?: (s: PostfixSetting) => string };

export const mainOwned: MainPolicy = policy<PostfixSetting>({
  commands: (s) => {
    postfixLine(s); // refuses what main.cf cannot hold, before any quoting
    return [sh`set_main ${word(s.key, s.source)} ${word(s.value, s.source)}`];
  },
  verify: (s) => [sh`check_main ${word(s.key)} ${word(s.value, s.source)}`],
  planPhase: (r, s) => setMain(r, s.key, s.value, s.source),
});
