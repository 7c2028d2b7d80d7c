// policyOf(body): the policy of a file module's entries, for the readers
// (scripts/actions.ts, verify-sh.ts, plan-state.ts, manual.ts and the import
// plan, inspect/plan.ts). Each policy folder holds the shell functions
// (policy.sh, in lib/lmtp-wizard.sh), their TypeScript twin (plan.ts) and the
// commands each script runs (index.ts); test/policy-twins.test.ts runs both
// twins on random configurations. A main.cf or imapd.conf body has a policy
// per setting (mainPolicyOf, imapdPolicyOf). Files installed whole (an owned
// lookup table, the tmpfiles override, an input) have none: undefined.
import type { Body } from '../files/module.ts';
import type { CyrusSetting } from '../serializers/cyrus-kv.ts';
import { postfixLine, type PostfixSetting } from '../serializers/postfix-main.ts';
import { cyrusLine } from '../serializers/cyrus-kv.ts';
import { shq } from '../serializers/shell.ts';
import { cyrusService } from './cyrus-service/index.ts';
import { imapdExclusive } from './imapd-exclusive/index.ts';
import { imapdMerged } from './imapd-merged/index.ts';
import { imapdOwned, type ImapdPolicy } from './imapd-owned/index.ts';
import { linesMerged } from './lines-merged/index.ts';
import { mainExclusive } from './main-exclusive/index.ts';
import { mainMerged } from './main-merged/index.ts';
import { mainOwned, type MainPolicy } from './main-owned/index.ts';
import { mainRestriction } from './main-restriction/index.ts';
import { mainUnset } from './main-unset/index.ts';
import { masterOwned } from './master-owned/index.ts';
import { servicesLmtp } from './services-lmtp/index.ts';
import { tableMerged } from './table-merged/index.ts';
import { commands, fileLines, policy, type Policy } from './types.ts';

export type { ManualBlock, Policy } from './types.ts';
export { HostReader } from './reader.ts';

const MAIN: Record<PostfixSetting['policy'], MainPolicy> = {
  owned: mainOwned,
  exclusive: mainExclusive,
  merged: mainMerged,
  'merged-restriction': mainRestriction,
};

const IMAPD: Record<CyrusSetting['policy'], ImapdPolicy> = {
  owned: imapdOwned,
  exclusive: imapdExclusive,
  merged: imapdMerged,
};

/** A main.cf setting's policy (its requiresUnset neighbours are main-unset's, beside it). */
export const mainPolicyOf = (s: PostfixSetting): MainPolicy => MAIN[s.policy];

/** An imapd.conf setting's policy. */
export const imapdPolicyOf = (s: CyrusSetting): ImapdPolicy => IMAPD[s.policy];

type Postconf = Extract<Body, { kind: 'postconf' }>;
type ImapdConf = Extract<Body, { kind: 'imapd-conf' }>;

/** Each setting of a main.cf body by its own policy, then main-unset; one postconf -e for all (flush_main). */
const mainCf = policy<Postconf>({
  preflight: (b) => b.settings.flatMap((s) => [...mainPolicyOf(s).preflight(s, null), ...mainUnset.preflight(s, null)]),
  commands: (b) => [...b.settings.flatMap((s) => mainPolicyOf(s).commands(s, null)), 'flush_main'],
  verify: (b) => b.settings.flatMap((s) => mainPolicyOf(s).verify(s, null)),
  replaceKeys: (b) => b.settings.flatMap((s) => mainPolicyOf(s).replaceKeys(s, null)),
  neighbours: (b) => b.settings.flatMap((s) => mainPolicyOf(s).neighbours(s, null)),
  manual: (b) => {
    const plain = b.settings.filter((s) => !mainPolicyOf(s).listItem);
    const lists = b.settings.filter((s) => mainPolicyOf(s).listItem);
    return [
      commands('Run, as root:', [
        ...plain.map((s) => {
          postfixLine(s);
          return `postconf -e ${shq(`${s.key} = ${s.value}`, s.source)}`;
        }),
        ...(lists.length === 0 ? ['postfix reload'] : []),
      ]),
      ...(lists.length > 0
        ? [
            commands(
              'These are lists: add the item at the end of what is there (postconf -h KEY shows it), then reload:',
              [
                ...lists.map((s) => {
                  postfixLine(s);
                  const item = mainPolicyOf(s).listItem?.(s) ?? s.value;
                  // The current value comes from the shell; our item is quoted by shq as always.
                  return `postconf -e "${s.key} = $(postconf -h ${shq(s.key, s.source)}), "${shq(item, s.source)}`;
                }),
                'postfix reload',
              ],
            ),
          ]
        : []),
    ];
  },
  planPhase: (r, b) => {
    for (const s of b.settings) mainPolicyOf(s).planPhase(r, s, null);
  },
  checks: (r, b) => {
    for (const s of b.settings) {
      mainPolicyOf(s).checks(r, s, null);
      mainUnset.checks(r, s, null);
    }
  },
});

/** Each setting of imapd.conf by its own policy. */
const imapdConf = policy<ImapdConf>({
  preflight: (b) => b.settings.flatMap((s) => imapdPolicyOf(s).preflight(s, null)),
  commands: (b) => b.settings.flatMap((s) => imapdPolicyOf(s).commands(s, null)),
  verify: (b) => b.settings.flatMap((s) => imapdPolicyOf(s).verify(s, null)),
  replaceKeys: (b) => b.settings.flatMap((s) => imapdPolicyOf(s).replaceKeys(s, null)),
  neighbours: (b) => b.settings.flatMap((s) => imapdPolicyOf(s).neighbours(s, null)),
  manual: (b, target) => {
    const notes = [...new Set(b.settings.map((s) => imapdPolicyOf(s).manualNote ?? ''))].join('');
    return [
      fileLines(
        `In ${target ?? ''}, one line per key, replacing a line with the same key${notes}${b.settings.some((s) => s.ifKnown) ? '; master_pid_file only where cyr_info conf-all lists it' : ''}:`,
        b.settings.map((s) => cyrusLine(s)),
      ),
    ];
  },
  checks: (r, b) => {
    for (const s of b.settings) imapdPolicyOf(s).checks(r, s, null);
  },
  steps: (r, b) => {
    for (const s of b.settings) imapdPolicyOf(s).steps(r, s, null);
  },
});

/** The policy of a file module's body; undefined for a file installed whole. */
export function policyOf(body: Body): Policy<Body> | undefined {
  const as = <E>(p: Policy<E>) => p as unknown as Policy<Body>;
  switch (body.kind) {
    case 'postconf':
      return as(mainCf);
    case 'postconf-master':
      return as(masterOwned);
    case 'imapd-conf':
      return as(imapdConf);
    case 'cyrus-conf':
      return as(cyrusService);
    case 'table':
      return body.policy === 'merged' ? as(tableMerged) : undefined;
    case 'append-line':
      return as(body.syntax === 'services' ? servicesLmtp : linesMerged);
    case 'columns-file':
    case 'input':
      return undefined;
  }
}
