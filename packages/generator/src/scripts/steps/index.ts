// The registry of steps: every step module, in the order apply.sh takes
// them (as files/index.ts is for files). apply.sh runs their commands; the
// host's README explains them; the preview shows both. One list, three views.
import type { Context } from '../../context.ts';
import type { EvaluatedModule } from '../../files/index.ts';
import { murderSecretsStep } from '../../topologies/murder/secrets.ts';
import { recipientExportStep } from '../recipient-export.ts';
import type { HostId, Step } from '../../types.ts';
import { ipv6Check, packagesStep } from './checks.ts';
import { configFiles } from './files.ts';
import type { StepHost, StepModule } from './module.ts';
import { restart, switchToOurService } from './restart.ts';
import { earlierCredentials, saslUsers } from './sasl.ts';
import { socketGroup } from './socket.ts';
import { fingerprintNextStep, storeCertificateCheck, tlsPair } from './tls.ts';

/** Cyrus's mailbox list exported for the recipient check, on a single host (issue 25; scripts/recipient-export.ts). */
const recipientExport: StepModule = {
  id: 'recipient-export',
  steps: ({ c, postfix, cyrus }) => {
    const step = recipientExportStep(c, postfix && cyrus);
    return step ? [step] : [];
  },
};

/** A Murder member's passwords, in a file of our own (topologies/murder/secrets.ts). */
const murderSecrets: StepModule = {
  id: 'murder-secrets',
  steps: ({ c, cyrus }) => {
    const step = cyrus ? murderSecretsStep(c) : null;
    return step ? [step] : [];
  },
};

export const STEP_MODULES: readonly StepModule[] = [
  ipv6Check,
  packagesStep,
  socketGroup,
  storeCertificateCheck,
  tlsPair,
  configFiles,
  earlierCredentials,
  saslUsers,
  recipientExport,
  murderSecrets,
  switchToOurService,
  restart,
  fingerprintNextStep,
];

/** The ordered steps of one host folder. */
export function hostSteps(c: Context, id: HostId, modules: readonly EvaluatedModule[]): Step[] {
  const h: StepHost = {
    c,
    id,
    postfix: c.hostFor('postfix') === id,
    cyrus: c.hostFor('cyrus') === id,
    modules,
    tls: c.tls,
  };
  return STEP_MODULES.flatMap((m) => m.steps(h));
}

export type { StepHost, StepModule } from './module.ts';
