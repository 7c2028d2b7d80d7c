// What each later step decides, in plain words (the first step's intro stays
// in step-meta.ts, with the first chunk). These load with the later steps
// (issue 25: the first chunk holds only what the first step needs).
import type { Topology } from './fields.ts';
import type { StepId } from './step-meta.ts';

export const STEP_INTROS: Readonly<Record<Exclude<StepId, 'topology'>, string>> = {
  connection:
    'Where Postfix finds Cyrus. On one host this is the LMTP socket and the group that may open it; for a remote store it is the store’s address and the port lmtpd listens on.',
  credentials:
    'Over TCP, Cyrus makes Postfix log in. The bundle creates this account in the store’s sasldb and gives Postfix the same name and password in a credentials file of its own (cyrus_sasl_passwd, named after the transport), readable by root only. TLS then encrypts the hop itself, mail included: apply the store’s bundle first, since it prints what the Postfix host needs. More MX hosts may deliver to the same store: each gets a folder of its own, and the store admits them all.',
  routing:
    'Which mail Postfix sends to Cyrus: the host’s own users, whole virtual domains, domains listed in a transport map, or everything. Choose at least one. The recipient check decides how Postfix learns that an address exists.',
  limits:
    'How hard Postfix may push Cyrus, and a few Cyrus settings. The defaults suit most sites; Postfix must never open more sessions than Cyrus will serve.',
  review:
    'Check the answers and the warnings, then download the bundle. Copy each host’s folder to that host and run sh apply.sh --dry-run as root before the real run.',
};

/**
 * In other words for a topology where the intro would not fit (issue 24: the
 * Murder has no store), by the topology chosen (none yet: no entry).
 */
const INTRO_FOR: Partial<Record<StepId, ReadonlyMap<Topology | null, string>>> = {
  credentials: new Map([
    [
      'murder',
      'In a Murder every hop logs in: Postfix to the frontends as the SASL user below, over TLS (apply the frontends first: each prints what the Postfix host needs); the frontends to the backends as the proxy user; frontends and backends to the mupdate master as the mupdate user. Each password goes only to the hosts that use it, in files only root or cyrus can read, never into a share link.',
    ],
  ]),
};

export function stepIntro(id: StepId, topology: Topology | null): string | undefined {
  const own = INTRO_FOR[id]?.get(topology);
  return own ?? (id === 'topology' ? undefined : STEP_INTROS[id]);
}
