// The twins of add_main_list, main_list_default and check_main_list_default (policy.sh).
import type { PostfixSetting } from '../../serializers/postfix-main.ts';
import { inList, listItems, type HostReader } from '../reader.ts';
import { MAIN_CF, setMain } from '../main-owned/plan.ts';

/** main_list_default KEY: Postfix's default text when main.cf does not set KEY and it is not empty here. */
const listDefault = (r: HostReader, key: string): string =>
  r.explicit(key) === undefined && r.expanded(key) !== '' ? (r.h.postconf.defaults[key] ?? '') : '';

/** add_main_list KEY ITEM...: the items missing from the list (or from its default's text) at its end. */
export function addMainList(r: HostReader, s: PostfixSetting): void {
  let cur = r.explicit(s.key) ?? '';
  if (cur === '') cur = listDefault(r, s.key);
  let nu = cur;
  for (const item of listItems(s.value)) {
    if (inList(cur, item)) continue;
    nu = nu ? `${nu}, ${item}` : item;
  }
  if (nu === cur) r.rec('unchanged', MAIN_CF, s.key, cur, cur, s.source);
  else setMain(r, s.key, nu, s.source);
}

/** check_main_list_default KEY: an unset list whose default depends on compatibility_level is a conflict. */
export function checkMainListDefault(r: HostReader, s: PostfixSetting): void {
  if (!listDefault(r, s.key).includes('${')) return;
  const eff = r.expanded(s.key);
  r.conflict(
    MAIN_CF,
    s.key,
    `(unset; the default here is: ${eff})`,
    'the default plus our items',
    s.source,
    `write the value this host uses into main.cf first, for example postconf -e "${s.key} = ${eff}", then run apply.sh again`,
  );
}
