// An imapd.conf key we own: set_imapd writes it (set_imapd_if_known where
// only some Cyrus releases have the key). The step of "exclusive" too.
import { cyrusLine, type CyrusSetting } from '../../serializers/cyrus-kv.ts';
import { sh, word } from '../../serializers/shell.ts';
import { policy, type Policy } from '../types.ts';
import { setImapd } from './plan.ts';

/** An imapd.conf policy; manualNote: what the manual adds to "one line per key". */
export type ImapdPolicy = Policy<CyrusSetting> & { manualNote?: string };

export const imapdOwned: ImapdPolicy = policy<CyrusSetting>({
  commands: (s) => {
    cyrusLine(s);
    return [
      `${s.ifKnown ? 'set_imapd_if_known' : 'set_imapd'} ${sh`${word(s.key, s.source)} ${word(s.value, s.source)}`}`,
    ];
  },
  verify: (s) => [
    `${s.ifKnown ? 'check_imapd_if_known' : 'check_imapd'} ${sh`${word(s.key)} ${word(s.value, s.source)}`}`,
  ],
  steps: (r, s) => {
    if (!s.ifKnown || r.h.imapdKnown.includes(s.key)) setImapd(r, s.key, s.value, s.source);
  },
});
