// The lmtp port entry in /etc/services on the Cyrus store.
import { GUIDE } from '../facts.ts';
import type { FileModule } from './module.ts';

export const etcServices: FileModule = {
  id: 'services',
  role: 'cyrus',
  applies: (c) => c.remote !== null && c.part?.kind !== 'mupdate',
  target: '/etc/services',
  path: 'files/etc/services.fragment',
  mode: 0o644,
  guideRef: GUIDE.tcp,
  explanation: (c) => {
    const port = c.remote ? c.remote.tcp.port : 2003;
    return `cyrus.conf's listen="lmtp" is resolved through /etc/services. Debian ships no lmtp entry, and without one cyrmaster silently opens no listener. apply.sh adds this line when no lmtp entry exists; when one exists with another port it stops and tells you, rather than move a port other programs may rely on. Port ${port}${port === 2003 ? ' is the customary choice the guide mentions' : ' is your choice'}.`;
  },
  body: (c) => {
    if (!c.remote) throw new Error('services is only for the remote topology');
    return {
      kind: 'append-line',
      syntax: 'services',
      rows: [
        { columns: ['lmtp', `${c.remote.tcp.port}/tcp`], source: 'tcp.port', why: `LMTP for Cyrus. ${GUIDE.tcp}.` },
      ],
    };
  },
};
