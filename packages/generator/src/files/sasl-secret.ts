// The password that apply.sh feeds to saslpasswd2 on the store.
import { GUIDE } from '../facts.ts';
import type { FileModule } from './module.ts';

export const saslSecret: FileModule = {
  id: 'sasl-secret',
  role: 'cyrus',
  applies: (c) => c.remote !== null,
  target: null,
  path: 'secrets/sasl-password',
  mode: 0o600,
  secret: true,
  guideRef: GUIDE.tcpStep2,
  explanation: (c) =>
    `The password of the LMTP admin${c.remote ? ` "${c.remote.sasl.username}"` : ''}, without a trailing newline. apply.sh pipes it into saslpasswd2 on standard input, so it never appears on a command line or in the process list. It is not installed anywhere; delete the bundle once you have applied it.`,
  body: (c) => {
    if (!c.remote) throw new Error('sasl-secret is only for the remote topology');
    return { kind: 'input', text: c.remote.sasl.password, source: 'sasl.password' };
  },
};
