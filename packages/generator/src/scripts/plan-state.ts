// What apply.sh records in its plan, before its first change, so that it can
// be checked or put back later: the neighbours of every merged list and map
// (verify.sh checks that they still resolve as before) and the runtime
// directories systemd-tmpfiles changes (rollback.sh restores them). Both come
// from the file modules' own data: the merged policies (policies/) and the
// tmpfiles rows.
import type { Context } from '../context.ts';
import type { EvaluatedModule } from '../files/index.ts';
import { sharedSaslPasswd } from '../files/sasl-passwd.ts';
import { sh, word } from '../serializers/shell.ts';
import type { HostId } from '../types.ts';
import { policyOf } from '../policies/index.ts';
import type { NeighbourSpec } from '../policies/types.ts';

export type { NeighbourKind, NeighbourSpec } from '../policies/types.ts';

export function neighbourSpecs(c: Context, host: HostId, modules: readonly EvaluatedModule[]): NeighbourSpec[] {
  const out: NeighbourSpec[] = [];
  for (const { body, target } of modules) out.push(...(policyOf(body)?.neighbours(body, target) ?? []));
  // only the Postfix host's folder reads the store host (incremental.ts keeps the other)
  const shared = c.hostFor('postfix') === host ? sharedSaslPasswd(c) : null;
  if (shared) {
    out.push({
      kind: shared.secret ? 'secret-map' : 'map',
      where: shared.path,
      ours: shared.ours,
      source: 'tcp.storeHost',
    });
  }
  return out;
}

/** The state file of one host folder. */
export const neighboursFile = (c: Context, host: HostId): string => `${c.release.stateRoot}/${host}.neighbours`;

const args = (s: NeighbourSpec): string =>
  [word(s.kind), word(s.where, s.source), ...s.ours.map((o) => word(o, s.source))].map((w) => sh`${w}`).join(' ');

/** Runtime directories the tmpfiles override sets (single host): rollback.sh puts each back as it was. */
function runtimeDirs(modules: readonly EvaluatedModule[]): string[] {
  return modules.flatMap(({ body }) =>
    body.kind === 'columns-file' && body.syntax === 'tmpfiles.d'
      ? body.rows.filter((r) => r.columns[0] === 'd').map((r) => r.columns[1] ?? '')
      : [],
  );
}

/**
 * The files apply.sh may write on this host, for its free-space check: every
 * module's target (with the compiled .db of a lookup table), the groups, the
 * SASL database and the state file.
 */
function spaceFiles(c: Context, host: HostId, modules: readonly EvaluatedModule[]): string[] {
  const r = c.release;
  const out = modules.flatMap(({ body, target }) =>
    target ? (body.kind === 'table' ? [target, `${target}.db`] : [target]) : [],
  );
  if (c.hostFor('postfix') === host) out.push(`${r.postfixDir}/main.cf`, `${r.postfixDir}/master.cf`);
  if (c.hostFor('cyrus') === host) out.push(r.imapdConf, r.cyrusConf, '/etc/services', r.sasldb);
  out.push('/etc/group', '/etc/gshadow', neighboursFile(c, host));
  return [...new Set(out)];
}

export interface StatePlan {
  /** Read-only, with the checks before the first change. */
  plan: string[];
  /** Once the checks have passed, right after the backup folder is made. */
  save: string[];
  /** verify.sh's checks of the neighbours. */
  verify: string[];
}

export function statePlan(c: Context, host: HostId, modules: readonly EvaluatedModule[]): StatePlan {
  const specs = neighbourSpecs(c, host, modules);
  const dirs = runtimeDirs(modules);
  const file = word(neighboursFile(c, host));
  return {
    plan: [
      ...specs.map((s) => `plan_neighbours ${args(s)}`),
      ...dirs.map((d) => sh`remember_dir ${word(d, 'unixSocket.path')}`),
      `check_space ${spaceFiles(c, host, modules)
        .map((f) => sh`${word(f)}`)
        .join(' ')}`,
    ],
    save: [
      ...(specs.length > 0 ? [sh`save_neighbours ${file}`] : []),
      ...(dirs.length > 0 ? ['save_runtime_undo'] : []),
    ],
    verify:
      specs.length > 0
        ? [sh`neighbours_recorded ${file}`, ...specs.map((s) => `${sh`check_neighbours ${file}`} ${args(s)}`)]
        : [],
  };
}
