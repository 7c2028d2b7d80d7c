// The contract of a topology module (single-host.ts, remote.ts,
// murder/index.ts): its host folders as data, and the few texts that are the
// topology's own. generate(), the import plan, the topology picture and the
// READMEs map over `hosts`; none of them asks which topology it is.
import type { Answers } from '@lmtp-wizard/schema';
import type { HostAnswers, MurderPart } from '../context.ts';
import type { RunStep } from '../docs/run-order.ts';
import type { InspectedHost } from '../inspect/types.ts';
import type { FolderId, HostId } from '../types.ts';
import type { TopologyPicture } from './picture.ts';

/** One host folder of a bundle. */
export interface TopologyHost {
  /** The folder in the bundle ("<folder>/" in the tarball). */
  folder: FolderId;
  /**
   * The role the file modules and steps build for: "mail-host" (Postfix and
   * Cyrus), "postfix-host" or "cyrus-host" of the host's own view.
   */
  role: HostId;
  /** The folder's title in the READMEs and apply.sh --help. */
  title: string;
  /**
   * This host's view of the answers, taken from the answers given: the
   * preview passes answers that record what is read (incremental.ts), so a
   * view reads only what the host needs.
   */
  view: (a: Answers) => HostAnswers;
  /** Its part in a Murder; absent elsewhere. */
  part?: MurderPart;
  /** A Postfix host's LMTP servers, in failover order, when they are not its view's one store. */
  stores?: readonly string[];
}

/** What a topology module exports. A is the answers of that topology. */
export interface Topology<A extends Answers = Answers> {
  id: A['topology'];
  /** Every host folder, in the order the bundle lists them. */
  hosts: (a: A) => TopologyHost[];
  /** The order in which the folders are run (docs/run-order.ts renders it); NAMED: hosts by their names. */
  runOrder: (a: A, named: boolean) => RunStep[];
  /** The hosts and links of the topology picture (topology.ts). */
  picture: (a: A) => TopologyPicture;
  /** Which inspected host each folder is for (the import, inspect/plan.ts); none where inspect.sh does not cover the topology. */
  matchHosts: (a: A, hosts: readonly InspectedHost[]) => Partial<Record<HostId, InspectedHost>>;
  /** The preview may keep a folder while the answers it read are the same (incremental.ts). */
  incremental: boolean;
  /**
   * The answers the preview draws while a user or password that a cross-field
   * rule requires is still missing (partialAnswers leaves it ""): a stand-in
   * the preview shows by its label (previewStandInLabels). The generator
   * refuses an empty user or password, and its refusal is no message for an admin.
   */
  previewStandIns: (a: A) => A;
  /** The top README's parts of this topology (docs/readme.ts). */
  readme: {
    title: string;
    /** The view whose guide differences the README lists. */
    differencesView: (a: A) => HostAnswers;
    /** Lines after the order of the folders. */
    afterOrder: (a: A) => string[];
    /** The sections at the end: where the secrets are, how mail flows. */
    sections: (a: A) => string[];
  };
}
