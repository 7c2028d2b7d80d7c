// The Cyrus delivery service in master.cf, a copy of Postfix's lmtp service.
import { GUIDE } from '../facts.ts';
import type { FileModule } from './module.ts';

export const masterCf: FileModule = {
  id: 'master-cf',
  role: 'postfix',
  applies: () => true,
  target: '/etc/postfix/master.cf',
  path: 'files/etc/postfix/master.cf.fragment',
  mode: 0o644,
  guideRef: GUIDE.postfix,
  explanation: (c) =>
    `A private copy of the lmtp delivery agent named "${c.transport}", as the guide suggests, so that LMTP connections to Cyrus are cached on their own and the stock "lmtp" service stays free for other uses (a content filter, say). apply.sh adds it with "postconf -M" without touching the other services. It runs outside Postfix's chroot (column 5 is "n")${c.a.topology === 'single-host' ? ': the Cyrus socket lives in /run, which a chrooted process cannot see' : ', so it reads /etc/hosts and the SASL libraries of the host itself'}. Its process limit matches the concurrency limit.`,
  body: (c) => ({
    kind: 'postconf-master',
    services: [
      {
        service: c.transport,
        type: 'unix',
        private: '-',
        unpriv: '-',
        chroot: 'n',
        wakeup: '-',
        maxproc: String(c.a.limits.concurrency),
        command: 'lmtp',
        args: [],
        source: 'delivery.transportName',
        why: `"${c.transport}": lmtp(8) for Cyrus, not chrooted. ${GUIDE.unix}; ${GUIDE.tcpStep3}.`,
      },
    ],
  }),
};
