// The contract every step module follows, as files/module.ts is for files:
// which hosts it is for, and its steps there. The registry (index.ts) lists
// them in the order apply.sh takes them.
import type { Context } from '../../context.ts';
import type { EvaluatedModule } from '../../files/index.ts';
import type { TlsPlan } from '../../files/lmtp-tls.ts';
import type { HostId, Step } from '../../types.ts';

/** What a step module reads about the host it builds for. */
export interface StepHost {
  c: Context;
  id: HostId;
  /** This folder runs Postfix, Cyrus, or both (a single host). */
  postfix: boolean;
  cyrus: boolean;
  /** The folder's file modules, evaluated once (generate.ts hostModules). */
  modules: readonly EvaluatedModule[];
  /** c.tls: the TLS plan of the hop, or null. */
  tls: TlsPlan | null;
}

export interface StepModule {
  id: string;
  /** This module's steps on the host; none where it does not apply. */
  steps: (h: StepHost) => Step[];
}
