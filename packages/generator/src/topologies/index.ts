// The registry of topologies: one module each. The answers' `topology` picks
// the module; everything else maps over its host list (types.ts).
import type { Answers } from '@lmtp-wizard/schema';
import type { RunStep } from '../docs/run-order.ts';
import { murder } from './murder/index.ts';
import { remote } from './remote.ts';
import { singleHost } from './single-host.ts';
import type { Topology, TopologyHost } from './types.ts';

export const TOPOLOGIES: { readonly [K in Answers['topology']]: Topology<Extract<Answers, { topology: K }>> } = {
  'single-host': singleHost,
  remote,
  murder,
};

/** The module of the answers' topology. (Each module takes its own answers; the key is the answers' own topology.) */
export const topologyOf = (a: Answers): Topology => TOPOLOGIES[a.topology] as unknown as Topology;

/** Every host folder of the answers, in the order the bundle lists them. */
export const bundleHosts = (a: Answers): TopologyHost[] => topologyOf(a).hosts(a);

/**
 * The steps of a bundle, in order (verify.sh comes after them, on every host).
 * `named`: name the mail host and the store by their host names; a host
 * folder's own texts say "the Postfix host" and "the Cyrus store" instead, so
 * that they do not change (and the preview need not rebuild them) as those are typed.
 */
export const runOrder = (a: Answers, named = false): RunStep[] => topologyOf(a).runOrder(a, named);

/** The answers the preview draws with stand-ins for the users and passwords still missing (types.ts). */
export const previewStandIns = (a: Answers): Answers => topologyOf(a).previewStandIns(a);

export type { Topology, TopologyHost } from './types.ts';
