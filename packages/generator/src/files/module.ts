// The contract every generated-file module follows: when it applies, what it
// is for, and its entries. The registry (index.ts) lists them in order.
import type { Context, Role } from '../context.ts';
import type { InstallKind } from '../types.ts';
import type { PostfixSetting } from '../serializers/postfix-main.ts';
import type { MasterService } from '../serializers/master-cf.ts';
import type { CyrusSetting } from '../serializers/cyrus-kv.ts';
import type { CyrusService } from '../serializers/cyrus-conf.ts';
import type { TableRow } from '../serializers/table.ts';
import type { ColumnsRow } from '../serializers/columns.ts';

export type Body =
  | { kind: 'postconf'; settings: PostfixSetting[] }
  | { kind: 'postconf-master'; services: MasterService[] }
  | { kind: 'imapd-conf'; settings: CyrusSetting[] }
  | { kind: 'cyrus-conf'; services: CyrusService[] }
  /**
   * A Postfix lookup table, compiled with postmap. "owned": the whole file is
   * ours and installed as is. "merged": a shared map; our keys are added, the
   * others kept, and one of our keys with another value is a conflict.
   */
  | {
      kind: 'table';
      rows: TableRow[];
      policy: 'owned' | 'merged';
      /** owned only: apply.sh adds "domain value" for each domain of the host's mydestination. */
      localDomains?: { value: string; source: string };
    }
  /** Whole file owned by us (tmpfiles override). */
  | { kind: 'columns-file'; rows: ColumnsRow[]; syntax: string }
  /**
   * Lines added to a shared file (/etc/services, hosts.allow) when missing.
   * "merged": every other line of the file is the admin's and must stay
   * (verify.sh checks them, scripts/plan-state.ts).
   */
  | { kind: 'append-line'; rows: ColumnsRow[]; syntax: string; policy?: 'merged' }
  /** Raw input read by apply.sh, never installed (the password for saslpasswd2). */
  | { kind: 'input'; text: string; source: string };

export interface FileModule {
  id: string;
  role: Role;
  applies: (c: Context) => boolean;
  /** Target path on the host; null for apply.sh inputs. A function when an answer names it. */
  target: string | null | ((c: Context) => string);
  /** Path inside the host folder. */
  path: string | ((c: Context) => string);
  mode: number;
  secret?: boolean;
  /** The guide section it follows; a function where that depends on the topology. */
  guideRef: string | ((c: Context) => string);
  explanation: (c: Context) => string;
  body: (c: Context) => Body;
}

/** A module evaluated once for one host: the files, steps and checks share it. */
export interface EvaluatedModule {
  module: FileModule;
  body: Body;
  explanation: string;
  target: string | null;
  guideRef: string;
  path: string;
}

export const evaluateModule = (module: FileModule, c: Context): EvaluatedModule => ({
  module,
  body: module.body(c),
  explanation: module.explanation(c),
  target: typeof module.target === 'function' ? module.target(c) : module.target,
  path: typeof module.path === 'function' ? module.path(c) : module.path,
  guideRef: typeof module.guideRef === 'function' ? module.guideRef(c) : module.guideRef,
});

export const installKindOf = (body: Body): InstallKind => {
  switch (body.kind) {
    case 'postconf':
    case 'postconf-master':
    case 'imapd-conf':
    case 'cyrus-conf':
    case 'append-line':
      return body.kind;
    case 'table':
      return body.policy === 'merged' ? 'append-line' : 'copy';
    case 'columns-file':
      return 'copy';
    case 'input':
      return 'input';
  }
};
