// An imapd.conf list (admins, lmtp_admins, ...): apply.sh adds our item and
// keeps the others, which are neighbours verify.sh checks.
import { cyrusLine, type CyrusSetting } from '../../serializers/cyrus-kv.ts';
import { sh, word } from '../../serializers/shell.ts';
import type { ImapdPolicy } from '../imapd-owned/index.ts';
import { listItems } from '../reader.ts';
import { policy } from '../types.ts';
import { addImapdList } from './plan.ts';

export const imapdMerged: ImapdPolicy = {
  ...policy<CyrusSetting>({
    commands: (s) => {
      cyrusLine(s);
      return [`add_imapd_list ${sh`${word(s.key, s.source)} ${word(s.value, s.source)}`}`];
    },
    verify: (s) => [`check_imapd_list ${sh`${word(s.key)} ${word(s.value, s.source)}`}`],
    neighbours: (s) => [{ kind: 'imapd', where: s.key, ours: listItems(s.value), source: s.source }],
    steps: (r, s) => addImapdList(r, s),
  }),
  manualNote: '; for a list key that already has a line, add our name to it instead',
};
