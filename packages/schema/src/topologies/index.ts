// The rules of each topology that need more than one field (cross-field.ts
// runs the common ones, then the topology's own from here). One module per
// topology, as the generator's topologies/ are.
import type { Answers, SingleHostAnswers } from '../answers.ts';
import type { TopologyRules } from './types.ts';
import { murderRules } from './murder.ts';
import { remoteRules } from './remote.ts';

const singleHostRules: TopologyRules<SingleHostAnswers> = {
  furtherMx: () => [],
  issues: () => [],
  warnings: () => [],
  defaultTransportWarning:
    'On a single host this sends all outbound mail into Cyrus: every message your users send to other domains (gmail.com, your customers) is delivered to a local mailbox, or bounces, instead of going out to the internet. Leave it off unless this host never sends mail out',
};

const RULES: { readonly [K in Answers['topology']]: TopologyRules<Extract<Answers, { topology: K }>> } = {
  'single-host': singleHostRules,
  remote: remoteRules,
  murder: murderRules,
};

/** The rules of the answers' topology. (Each takes its own answers; the key is the answers' own topology.) */
export const rules = (a: Answers): TopologyRules => RULES[a.topology] as unknown as TopologyRules;

export type { TopologyRules } from './types.ts';
