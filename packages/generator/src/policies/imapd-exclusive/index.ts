// An exclusive imapd.conf key: unset or already ours, else a conflict that
// apply.sh --replace KEY may override. The step is imapd-owned's.
import type { CyrusSetting } from '../../serializers/cyrus-kv.ts';
import { sh, word } from '../../serializers/shell.ts';
import { imapdOwned, type ImapdPolicy } from '../imapd-owned/index.ts';
import { checkImapdExclusive, IMAPD_RESOLVE } from './plan.ts';

export const imapdExclusive: ImapdPolicy = {
  ...imapdOwned,
  preflight: (s: CyrusSetting) => [
    `check_imapd_exclusive ${sh`${word(s.key, s.source)} ${word(s.value, s.source)} ${word(s.resolve ?? IMAPD_RESOLVE, s.source)}`}`,
  ],
  replaceKeys: (s) => [s.key],
  checks: (r, s) => checkImapdExclusive(r, s),
};
