// The TypeScript twins' view of an inspected host: what the shell functions
// of each policy read (postconf -n/-h/-x/-d, imapd.conf, cyrus.conf, ...) and
// the plan entries they record (plan_entry, conflict in shell/lib/apply.sh).
// inspect/plan.ts walks a bundle's modules with one HostReader per host.
import type { Context } from '../context.ts';
import type { InspectedHost, PlanEntry } from '../inspect/types.ts';

/** A plan entry as the twins record it (the field and the ways out are optional). */
export type Raw = Omit<PlanEntry, 'resolve' | 'field'> & { field?: string; resolve?: string[] };

/** in_list (common.sh): ITEM is one of the comma or space separated items of LIST. */
export const inList = (list: string, item: string): boolean => list.split(/[,\s]+/).includes(item);

export class HostReader {
  readonly out: Raw[] = [];
  constructor(
    readonly h: InspectedHost,
    readonly c: Context,
  ) {}

  // postconf -n KEY, postconf -h, -x, -d (only POSTCONF_KEYS have the last three)
  explicit = (k: string): string | undefined => this.h.main[k];
  effective = (k: string): string => this.h.postconf.effective[k] ?? this.h.main[k] ?? '';
  expanded = (k: string): string => this.h.postconf.expanded[k] ?? '';

  /** plan_entry */
  rec(
    action: PlanEntry['action'],
    file: string,
    key: string,
    nu: string,
    old: string | null,
    field: string,
    resolve?: string[],
  ): void {
    this.out.push({ file, key, action, old, new: nu, field, ...(resolve ? { resolve } : {}) });
  }

  /** conflict: RKEY, when given, is the name apply.sh --replace takes. */
  conflict(file: string, key: string, cur: string, want: string, field: string, how: string, rkey?: string): void {
    this.rec('conflict', file, key, want, cur, field, [how, ...(rkey ? [`apply.sh --replace ${rkey}`] : [])]);
  }
}

/** The items of a main.cf or imapd.conf list value (comma or space separated). */
export const listItems = (v: string): string[] => v.split(/[,\s]+/).filter(Boolean);
