// The end of the changes: the daemons stop using what is about to change,
// main.cf switches mail to our service, and the daemons restart.
import { MURDER_SECRETS } from '../../topologies/murder/facts.ts';
import { murderSecretsStep } from '../../topologies/murder/secrets.ts';
import { preSwitchStep, restartStep } from '../restart-step.ts';
import { mainCfStep } from './files.ts';
import type { StepHost, StepModule } from './module.ts';

const restartRoles = (h: StepHost) => {
  const { c, postfix, cyrus, tls, modules } = h;
  const services = modules.flatMap(({ body }) =>
    body.kind === 'postconf-master' ? body.services.map((s) => `${s.service}/${s.type}`) : [],
  );
  const murderSecrets = cyrus ? murderSecretsStep(c) : null;
  const cyrusExtra = [...(cyrus && tls ? [tls.cert, tls.key] : []), ...(murderSecrets ? [MURDER_SECRETS] : [])];
  return { roles: { postfix, cyrus, services }, cyrusExtra };
};

/** Before main.cf routes mail to our service: the pre-switch step, then main.cf's. */
export const switchToOurService: StepModule = {
  id: 'switch',
  steps: (h) => {
    const mainCf = mainCfStep(h);
    if (!mainCf) return [];
    const { roles, cyrusExtra } = restartRoles(h);
    return [preSwitchStep(h.c.release, roles, cyrusExtra), mainCf];
  },
};

export const restart: StepModule = {
  id: 'restart',
  steps: (h) => {
    const { roles, cyrusExtra } = restartRoles(h);
    return [restartStep(h.c.release, roles, cyrusExtra)];
  },
};
