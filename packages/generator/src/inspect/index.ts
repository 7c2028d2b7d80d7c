/**
 * "Start from my current configuration" (issue 12), the generator's side.
 * Pure TypeScript, no I/O: it runs in the browser, and the pasted text never
 * leaves it.
 *
 *   inspectScript(): string                  the text of inspect.sh (the same for every host)
 *   parseInspect(text)                       { ok: true, hosts: InspectedHost[], notes } | { ok: false, error, line? }
 *   prefillFrom(hosts): Prefill[]            { path: ['delivery','transportName'], value, note }[]
 *   planFromInspect(answers, hosts)          HostPlan[]: { host, entries: PlanEntry[] } per host folder
 *   planSummary(plan)                        { added, merged, unchanged, conflict }
 *   plannedFiles(host, entries)              { [file]: { before, after } }: each file of a host's plan, now and after apply.sh
 *
 * parseInspect refuses, with a message for the admin, anything that is not a
 * whole, unchanged output of this inspect.sh format on Debian 12 or 13; it
 * fills nothing then. A PlanEntry is what apply.sh --dry-run prints as one
 * "lmtp-wizard: plan:" line for the same host (the real-mail suite checks
 * that they agree), plus `field` (the answer path) and, for a conflict,
 * `resolve` (the ways out, "apply.sh --replace KEY" last where it applies).
 * InspectedHost.files holds each file's current text for the previews' diffs,
 * keyed by the target path of the GeneratedFile.
 *
 * planFromInspect gives a HostPlan only for the host folders it found a host
 * for (matchHosts: by name, then the host with Cyrus and no Postfix is the
 * store): for a remote topology with only one host pasted, ask for the other.
 * Several MX hosts (issue 15): prefillFrom makes the first Postfix host
 * pasted (without Cyrus, where one is) mailHost and each further one, in the
 * order pasted, an extraMx item (host and concurrency; inspect.sh never prints
 * a SASL user or password, so those stay the admin's to type); the plan gives
 * each further MX's folder postfix-host-<host>/ the host of that name (else
 * the next Postfix host pasted), planned as that MX sees the answers.
 * Not in the plan, since inspect.sh cannot show them: whole files the bundle
 * owns (they are installed as generated), groups and packages, the store's TLS
 * key pair and certificate checks, and postconf's warnings on the planned
 * main.cf; apply.sh --dry-run still checks those. --replace is not modelled.
 * Fixtures: packages/generator/test/fixtures/inspect-*.txt, each with the
 * dry run's plan of the same hosts (*.dry-run-plan.txt).
 */
export { inspectScript, INSPECT_FORMAT, SECRET_MARKER } from './script.ts';
export { parseInspect, MAX_INSPECT_CHARS } from './parse.ts';
export { prefillFrom } from './prefill.ts';
export { planFromInspect, planSummary, parsePlanLines, comparePlans, matchHosts, PLAN_PREFIX } from './plan.ts';
export { plannedFiles, type PlannedFile } from './files.ts';
export type * from './types.ts';
