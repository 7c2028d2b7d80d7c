// The ordered steps: ids are stable strings because a share link (issue 4)
// and browser history will carry them. Each step owns the fields it shows,
// which is how an error from the schema or the server finds its step.
import { fitsTopology, slotOf, type FieldPath, type SlotGroup, type StaticFieldPath, type Topology } from './fields.ts';

/** A field of fixed place, or a group of list slots. */
export type StepField = StaticFieldPath | SlotGroup;

export type StepId = 'topology' | 'connection' | 'credentials' | 'routing' | 'limits' | 'review';

export interface StepMeta {
  id: StepId;
  title: string;
  /**
   * What this step decides, in plain words: here for the first step only. The
   * later steps' intros load with the later steps (step-intros.ts, issue 25).
   */
  intro?: string;
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
    fields: [
      'mailHost',
      'murder.mupdateHost',
      'murder.frontends',
      'murder.backends',
      'port',
      'unixSocket.path',
      'unixSocket.group',
      'unixSocket.postfixUser',
      'tcp.storeHost',
      'tcp.port',
      'tcp.listenAddress',
      'tcp.allowFrom',
      'tcp.serviceName',
    ],
  },
  {
    id: 'credentials',
    title: 'Credentials',
    fields: [
      'sasl.username',
      'sasl.password',
      'tls.mode',
      'tls.storeCert',
      'tls.certPath',
      'tls.keyPath',
      'tls.caFile',
      'tls.verifyName',
      'sasl.sharedUser',
      'extraMx.*',
      'murder.proxyUser',
      'murder.proxyPassword',
      'murder.backendPasswords.*',
      'murder.mupdateUser',
      'murder.mupdatePassword',
    ],
    topology: ['remote', 'murder'],
  },
  {
    id: 'routing',
    title: 'Routing',
    fields: [
      'delivery.transportName',
      'delivery.localRecipients',
      'delivery.localRecipientCheck',
      'delivery.virtualDomains',
      'delivery.transportMapDomains',
      'delivery.defaultTransport',
    ],
  },
  {
    id: 'limits',
    title: 'Limits & options',
    fields: [
      'limits.concurrency',
      'limits.recipients',
      'limits.lmtpMaxChild',
      'cyrus.downcaseRecipients',
      'cyrus.virtdomains',
      'cyrus.disableMissingServices',
    ],
  },
  {
    id: 'review',
    title: 'Review & download',
    fields: [],
  },
];

export const visibleStepMeta = (topology: Topology | null): StepMeta[] =>
  STEP_META.filter((s) => fitsTopology(s.topology, topology));

export const stepMeta = (id: StepId): StepMeta => STEP_META.find((s) => s.id === id) ?? (STEP_META[0] as StepMeta);

/** The step that shows an error or warning path; topology and whole-body issues go to the first step. */
export function stepOfField(field: FieldPath | undefined): StepId {
  if (field === undefined) return 'topology';
  const holder: StepField = slotOf(field)?.group ?? (field as StaticFieldPath);
  return STEP_META.find((s) => s.fields.includes(holder))?.id ?? 'review';
}
