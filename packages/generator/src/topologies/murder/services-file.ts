// The "mupdate" entry of /etc/services on every Murder host. Cyrus's mupdate
// client resolves the service by name (mupdate-client.c ignores any port
// argument), Debian ships no such entry, and without it every login to the
// master fails with "getaddrinfo(...) failed: Servname not supported for
// ai_socktype". A frontend's cyrmaster then never opens its other listeners:
// it waits for the mupdate slave's first synchronization (seen on Cyrus 3.10.2).
import type { FileModule } from '../../files/module.ts';
import { MUPDATE_PORT, MURDER_DOC } from './facts.ts';

export const mupdateServicesEntry: FileModule = {
  id: 'murder-services',
  role: 'cyrus',
  applies: (c) => c.part !== undefined,
  target: '/etc/services',
  path: 'files/etc/services.mupdate.fragment',
  mode: 0o644,
  guideRef: MURDER_DOC,
  explanation: () =>
    `mupdate's port for every Murder host: the master listens on it, and the backends and frontends find the master through it. Cyrus looks the port up by the name "mupdate" and Debian's /etc/services has none: without this line no host can reach the master, and a frontend starts no LMTP listener at all (cyrmaster waits for its mupdate slave's first synchronization). apply.sh adds the line when it is missing.`,
  body: () => ({
    kind: 'append-line',
    syntax: 'services-mupdate',
    rows: [
      {
        columns: ['mupdate', `${MUPDATE_PORT}/tcp`],
        source: 'murder.mupdateHost',
        why: `The Cyrus Murder's mupdate protocol (IANA port ${MUPDATE_PORT}). ${MURDER_DOC}.`,
      },
    ],
  }),
};
