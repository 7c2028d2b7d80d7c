// The neighbours a main.cf setting requires unset (requiresUnset: the
// virtual_mailbox_maps beside the virtual_mailbox_domains we add to). Beside
// the setting's own policy, whatever it is; only a preflight check.
import type { PostfixSetting } from '../../serializers/postfix-main.ts';
import { sh, word } from '../../serializers/shell.ts';
import { policy } from '../types.ts';
import { checkMainUnset } from './plan.ts';

export const mainUnset = policy<PostfixSetting>({
  preflight: (s) =>
    (s.requiresUnset ?? []).map((n) => sh`check_main_unset ${word(n.key, s.source)} ${word(n.resolve, s.source)}`),
  checks: (r, s) => checkMainUnset(r, s),
});
