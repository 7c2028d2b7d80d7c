// Our item in an ordered restriction list (smtpd_recipient_restrictions):
// added at its end, and no item before it may decide first.
import {
  FINAL_RESTRICTIONS,
  postfixLine,
  restrictionItem,
  type PostfixSetting,
} from '../../serializers/postfix-main.ts';
import { sh, word } from '../../serializers/shell.ts';
import type { MainPolicy } from '../main-owned/index.ts';
import { MAIN_RESOLVE } from '../main-exclusive/plan.ts';
import { policy } from '../types.ts';
import { addMainRestriction, checkRestrictionPlace } from './plan.ts';

/** The restrictions after which ours would never run, as shell words (postfix-main.ts). */
export const finalWords = (): string => FINAL_RESTRICTIONS.map((f) => sh`${word(f)}`).join(' ');

const args = (s: PostfixSetting): string => {
  const { name, arg } = restrictionItem(s);
  return sh`${word(s.key, s.source)} ${word(name, s.source)} ${word(arg, s.source)}`;
};

export const mainRestriction: MainPolicy = {
  ...policy<PostfixSetting>({
    preflight: (s) => [
      `check_restriction_place ${args(s)} ${sh`${word(s.resolve ?? MAIN_RESOLVE, s.source)}`} ${finalWords()}`,
    ],
    commands: (s) => {
      postfixLine(s);
      return [`add_main_restriction ${args(s)}`];
    },
    verify: (s) => {
      const { name, arg } = restrictionItem(s);
      return [
        `check_restriction ${sh`${word(s.key)} ${word(name, s.source)} ${word(arg, s.source)}`} ${finalWords()}`,
        // the probes need the verify(8) service; without it every probed recipient gets a 4xx
        sh`check ${word('master.cf has the verify service, which sends the recipient probes')} sh -c ${word('postconf -M verify/unix | grep -q verify')}`,
      ];
    },
    planPhase: (r, s) => addMainRestriction(r, s),
    checks: (r, s) => checkRestrictionPlace(r, s),
  }),
  listItem: (s) => Object.values(restrictionItem(s)).join(' '),
};
