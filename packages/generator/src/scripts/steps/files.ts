// One step per configuration file of the host's file modules (files/), in
// the registry's order; main.cf's, which routes mail to our service, comes
// last (restart.ts), after the daemons have taken everything else.
import type { EvaluatedModule } from '../../files/index.ts';
import { GUIDE, type Release } from '../../facts.ts';
import { shq } from '../../serializers/shell.ts';
import type { Step } from '../../types.ts';
import { commandsFor, planFor, preflightFor, replaceKeysFor } from '../actions.ts';
import { manualFor } from '../manual.ts';
import type { StepHost, StepModule } from './module.ts';

const fileStep = ({ body, explanation, path, guideRef }: EvaluatedModule, target: string): Step => ({
  title: `Configure ${target}`,
  explanation,
  guideRef,
  commands: commandsFor(body, path, target),
  manual: manualFor(body, path, target),
  preflight: preflightFor(body, target),
  plan: planFor(body, path, target),
  replaceable: replaceKeysFor(body, target),
});

const isMainCf = (r: Release, postfix: boolean, target: string): boolean =>
  postfix && target === `${r.postfixDir}/main.cf`;

/** The main.cf step of a Postfix host, placed by restart.ts; undefined elsewhere. */
export function mainCfStep({ c, postfix, modules }: StepHost): Step | undefined {
  const m = modules.find((x) => x.target !== null && isMainCf(c.release, postfix, x.target));
  return m && m.target !== null ? fileStep(m, m.target) : undefined;
}

export const configFiles: StepModule = {
  id: 'config-files',
  steps: ({ c, postfix, modules }) => {
    const steps: Step[] = [];
    for (const m of modules) {
      const { target, body } = m;
      if (target === null) continue;
      if (!isMainCf(c.release, postfix, target)) steps.push(fileStep(m, target));
      if (m.module.id === 'cyrus-conf' && c.a.cyrus.disableMissingServices) {
        steps.push({
          title: 'Disable cyrus.conf services whose program is missing',
          explanation:
            "Debian's stock cyrus.conf starts pop3, nntp and http, but pop3d, nntpd and httpd come in separate packages. cyrmaster exits when a listed program is missing, and then nothing delivers. Such lines are commented out with a marker so you can see what changed. A service of this bundle is never commented out: when its program is missing although the packages step ran, apply.sh stops with an error (exit 1) that names the program, and rollback.sh undoes the run.",
          guideRef: GUIDE.unix,
          // this bundle's own services (the lmtp line, a Murder's mupdate) are never commented out
          commands: [
            [
              'disable_missing_services',
              ...(body.kind === 'cyrus-conf' ? body.services.map((s) => shq(s.name)) : []),
            ].join(' '),
          ],
        });
      }
    }
    return steps;
  },
};
