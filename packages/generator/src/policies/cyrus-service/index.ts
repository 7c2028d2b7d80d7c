// cyrus.conf's SERVICES entries of the bundle: each is ours by name
// (set_service); an exclusive one must not take over an entry that listens
// elsewhere, and no other entry may hold its port.
import type { Body } from '../../files/module.ts';
import { cyrusServiceLine } from '../../serializers/cyrus-conf.ts';
import { sh, word } from '../../serializers/shell.ts';
import { fileLines, policy } from '../types.ts';
import { checkService, SERVICE_RESOLVE, setService } from './plan.ts';

type CyrusConf = Extract<Body, { kind: 'cyrus-conf' }>;

export const cyrusService = policy<CyrusConf>({
  preflight: (body) =>
    body.services
      .filter((s) => s.policy === 'exclusive')
      .flatMap((s) => [
        sh`check_service_listen ${word(s.name, s.source)} ${word(s.listen, s.source)} ${word(s.resolve ?? SERVICE_RESOLVE, s.source)}`,
        ...(s.ports?.length
          ? [`check_port_free ${[s.name, ...s.ports].map((w) => sh`${word(w, s.source)}`).join(' ')}`]
          : []),
      ]),
  commands: (body) =>
    body.services.map((s) => sh`set_service ${word(s.name, s.source)} ${word(cyrusServiceLine(s), s.source)}`),
  verify: (body) => [
    ...body.services.map((s) => sh`check_service ${word(s.name)} ${word(cyrusServiceLine(s), s.source)}`),
    'check_service_programs',
  ],
  manual: (body, target) => [
    fileLines(
      `In ${target ?? ''}, inside SERVICES { ... }, replacing the line of the same name or added before the closing brace:`,
      body.services.map((s) => `  ${cyrusServiceLine(s)}`),
    ),
  ],
  replaceKeys: (body) => body.services.filter((s) => s.policy === 'exclusive').map((s) => `cyrus.conf:${s.name}`),
  checks: (r, body) => {
    for (const s of body.services) checkService(r, s);
  },
  steps: (r, body) => {
    for (const s of body.services) setService(r, s);
  },
});
