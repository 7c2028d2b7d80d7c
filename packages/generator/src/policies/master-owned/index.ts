// master.cf services we own, written with postconf -M (set_master).
import type { Body } from '../../files/module.ts';
import { masterRow } from '../../serializers/master-cf.ts';
import { sh, shq, word } from '../../serializers/shell.ts';
import { commands, policy } from '../types.ts';
import { setMaster } from './plan.ts';

type Master = Extract<Body, { kind: 'postconf-master' }>;

export const masterOwned = policy<Master>({
  commands: (body) =>
    body.services.map(
      (m) => sh`set_master ${word(`${m.service}/${m.type}`, m.source)} ${word(masterRow(m), m.source)}`,
    ),
  verify: (body) =>
    body.services.map((s) => sh`check_master ${word(`${s.service}/${s.type}`)} ${word(masterRow(s), s.source)}`),
  manual: (body) => [
    commands(
      'Run, as root (postfix reload or restart afterwards):',
      body.services.map((m) => `postconf -M ${shq(`${m.service}/${m.type}=${masterRow(m)}`, m.source)}`),
    ),
  ],
  planPhase: (r, body) => {
    for (const s of body.services) setMaster(r, s);
  },
});
