// The ordered steps: ids are stable strings because a share link (issue 4)
// and browser history will carry them. Each step owns the fields it shows,
// which is how an error from the schema or the server finds its step.
import { slotOf, type FieldPath, type SlotGroup, type StaticFieldPath, type Topology } from './fields.ts';

/** A field of fixed place, or a group of list slots. */
export type StepField = StaticFieldPath | SlotGroup;

export type StepId = 'topology' | 'connection' | 'credentials' | 'routing' | 'limits' | 'review';

export interface StepMeta {
  id: StepId;
  title: string;
  /** What this step decides, in plain words. */
  intro: string;
  /** The same, in other words for a topology where `intro` would not fit (issue 24: the Murder has no store). */
  introFor?: Partial<Record<Topology, string>>;
  /** Its fields in order; a slot group stands for one slot per item of its list (issue 24). */
  fields: readonly StepField[];
  /** Shown only for these topologies. */
  topology?: readonly Topology[];
}

export const STEP_META: readonly StepMeta[] = [
  {
    id: 'topology',
    title: 'Topology',
    intro:
      'Postfix accepts the mail; Cyrus IMAPd stores it. LMTP is how Postfix hands each message to Cyrus. When both run on one machine they talk over a Unix socket, and the socket’s directory decides who may deliver. When Cyrus runs on its own store host, Postfix connects over TCP and logs in with SASL. Below that, choose the Debian release your hosts run.',
    fields: ['target', 'upgradeFrom'],
  },
  {
    id: 'connection',
    title: 'Connection',
    intro:
      'Where Postfix finds Cyrus. On one host this is the LMTP socket and the group that may open it; for a remote store it is the store’s address and the port lmtpd listens on.',
    fields: ['mailHost', 'murder.mupdateHost', 'murder.frontends', 'murder.backends', 'port', 'unixSocket.path', 'unixSocket.group', 'unixSocket.postfixUser', 'tcp.storeHost', 'tcp.port', 'tcp.listenAddress', 'tcp.allowFrom', 'tcp.serviceName'],
  },
  {
    id: 'credentials',
    title: 'Credentials',
    intro:
      'Over TCP, Cyrus makes Postfix log in. The bundle creates this account in the store’s sasldb and gives Postfix the same name and password in a credentials file of its own (cyrus_sasl_passwd, named after the transport), readable by root only. TLS then encrypts the hop itself, mail included: apply the store’s bundle first, since it prints what the Postfix host needs. More MX hosts may deliver to the same store: each gets a folder of its own, and the store admits them all.',
    introFor: {
      murder:
        'In a Murder every hop logs in: Postfix to the frontends as the SASL user below, over TLS (apply the frontends first: each prints what the Postfix host needs); the frontends to the backends as the proxy user; frontends and backends to the mupdate master as the mupdate user. Each password goes only to the hosts that use it, in files only root or cyrus can read, never into a share link.',
    },
    fields: [
      'sasl.username', 'sasl.password', 'tls.mode', 'tls.storeCert', 'tls.certPath', 'tls.keyPath', 'tls.caFile', 'tls.verifyName',
      'sasl.sharedUser',
      'extraMx.*',
      'murder.proxyUser', 'murder.proxyPassword',
      'murder.backendPasswords.*',
      'murder.mupdateUser', 'murder.mupdatePassword',
    ],
    topology: ['remote', 'murder'],
  },
  {
    id: 'routing',
    title: 'Routing',
    intro:
      'Which mail Postfix sends to Cyrus: the host’s own users, whole virtual domains, domains listed in a transport map, or everything. Choose at least one. The recipient check decides how Postfix learns that an address exists.',
    fields: [
      'delivery.transportName', 'delivery.localRecipients', 'delivery.localRecipientCheck',
      'delivery.virtualDomains', 'delivery.transportMapDomains', 'delivery.defaultTransport',
    ],
  },
  {
    id: 'limits',
    title: 'Limits & options',
    intro:
      'How hard Postfix may push Cyrus, and a few Cyrus settings. The defaults suit most sites; Postfix must never open more sessions than Cyrus will serve.',
    fields: ['limits.concurrency', 'limits.recipients', 'limits.lmtpMaxChild', 'cyrus.downcaseRecipients', 'cyrus.virtdomains', 'cyrus.disableMissingServices'],
  },
  {
    id: 'review',
    title: 'Review & download',
    intro:
      'Check the answers and the warnings, then download the bundle. Copy each host’s folder to that host and run sh apply.sh --dry-run as root before the real run.',
    fields: [],
  },
];

export const visibleStepMeta = (topology: Topology | null): StepMeta[] =>
  STEP_META.filter((s) => s.topology === undefined || (topology !== null && s.topology.includes(topology)));

export const stepMeta = (id: StepId): StepMeta => STEP_META.find((s) => s.id === id) ?? (STEP_META[0] as StepMeta);

/** The step that shows an error or warning path; topology and whole-body issues go to the first step. */
export function stepOfField(field: FieldPath | undefined): StepId {
  if (field === undefined) return 'topology';
  const holder: StepField = slotOf(field)?.group ?? (field as StaticFieldPath);
  return STEP_META.find((s) => s.fields.includes(holder))?.id ?? 'review';
}
