// Several MX hosts delivering to one store (issue 15). The first MX is the
// answers' own Postfix host (mailHost, sasl, limits.concurrency, folder
// postfix-host/); each further MX in extraMx gets the folder
// postfix-host-<host>/, built by the same modules from the answers as that MX
// sees them. The store's folder admits every MX: one lmtp_admins item and one
// sasldb user per MX (unless they share one user), the same certificate.
import type { Answers, ExtraMx, RemoteAnswers } from '@lmtp-wizard/schema';
import { GUIDE } from '../facts.ts';
import type { FileModule } from '../files/module.ts';
import type { HostId } from '../types.ts';

export const MX_FOLDER_PREFIX = 'postfix-host-';

/** The folder of a further MX. */
export const mxFolder = (m: Pick<ExtraMx, 'host'>): HostId => `${MX_FOLDER_PREFIX}${m.host}`;

/** The answers as one further MX sees them: its own host name, SASL user (unless shared) and concurrency. */
export function answersForMx(a: RemoteAnswers, m: ExtraMx): RemoteAnswers {
  return {
    ...a,
    mailHost: m.host,
    sasl: a.sasl.sharedUser ? a.sasl : { ...a.sasl, username: m.username, password: m.password },
    limits: { ...a.limits, concurrency: m.concurrency },
    extraMx: [],
  };
}

/** The SASL users the store adds besides sasl.username: one per further MX, none when every MX shares one. */
export function extraMxUsers(a: Answers): { username: string; index: number; host: string; secretPath: string }[] {
  if (a.topology !== 'remote' || a.sasl.sharedUser) return [];
  return a.extraMx.map((m, index) => ({
    username: m.username,
    index,
    host: m.host,
    secretPath: `secrets/sasl-password-${m.host}`,
  }));
}

/** The store's input file with one further MX's password, for saslpasswd2 (0600, never installed). */
const mxSecretModule = (index: number): FileModule => ({
  id: `sasl-secret-mx-${index}`,
  role: 'cyrus',
  applies: (c) => extraMxUsers(c.a).some((u) => u.index === index),
  target: null,
  path: (c) => extraMxUsers(c.a).find((u) => u.index === index)?.secretPath ?? '',
  mode: 0o600,
  secret: true,
  guideRef: GUIDE.tcpStep2,
  explanation: (c) => {
    const u = extraMxUsers(c.a).find((x) => x.index === index);
    return `The password of "${u?.username}", the SASL user of the MX host ${u?.host}, without a trailing newline. apply.sh pipes it into saslpasswd2 on standard input. Each MX has its own user, so removing one (saslpasswd2 -d) stops only that MX; its mail then waits in its queue. Delete the bundle once you have applied it.`;
  },
  body: (c) => {
    const m = c.a.topology === 'remote' ? c.a.extraMx[index] : undefined;
    if (!m) throw new Error(`no further MX number ${index}`);
    return { kind: 'input', text: m.password, source: `extraMx.${index}.password` };
  },
});

/** The store's per-MX secret modules for these answers (none without further MX hosts or with a shared user). */
export const mxSecretModules = (a: Answers): FileModule[] => extraMxUsers(a).map((u) => mxSecretModule(u.index));

/** The stand-ins the preview draws for a further MX's missing SASL user and password, and the labels it shows instead (issue 24). */
export const mxUserStandIn = (i: number): string => `stand-in-user-of-mx-host-${i + 2}`;
export const mxPasswordStandIn = (i: number): string => `stand-in-password-of-mx-host-${i + 2}`;
export const MX_STAND_IN_LABELS: readonly (readonly [string, string])[] = Array.from({ length: 20 }, (_, i) => [
  [mxUserStandIn(i), `<SASL user of MX host ${i + 2}>`] as const,
  [mxPasswordStandIn(i), `<password of MX host ${i + 2}>`] as const,
])
  .flat()
  .reverse();
