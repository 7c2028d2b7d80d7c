// The twin of set_main (policy.sh), on the plan's copy of main.cf.
import type { HostReader } from '../reader.ts';

export const MAIN_CF = '/etc/postfix/main.cf';

/** set_main KEY VALUE: unchanged, added, or a merge of the value main.cf holds. */
export function setMain(r: HostReader, key: string, value: string, field: string): void {
  const was = r.explicit(key);
  if (was === value) r.rec('unchanged', MAIN_CF, key, value, value, field);
  else if (was === undefined) r.rec('add', MAIN_CF, key, value, null, field);
  else r.rec('merge', MAIN_CF, key, value, was, field);
}
