// The transport map for domains routed to Cyrus one by one.
import { GUIDE } from '../facts.ts';
import type { FileModule } from './module.ts';

export const transportMap: FileModule = {
  id: 'transport',
  role: 'postfix',
  applies: (c) => c.a.delivery.transportMapDomains.length > 0,
  target: '/etc/postfix/transport',
  path: 'files/etc/postfix/transport',
  mode: 0o644,
  guideRef: GUIDE.postfix,
  explanation: (c) =>
    `Routes each listed domain to Cyrus through "${c.transport}". apply.sh installs it and runs postmap. If you already keep a transport map at this path, apply.sh backs it up before replacing it; merge your own lines back into this file if you need them.`,
  body: (c) => ({
    kind: 'table',
    rows: c.a.delivery.transportMapDomains.map((d, i) => ({
      key: d,
      value: c.route,
      source: `delivery.transportMapDomains.${i}`,
      why: `${d} is delivered to Cyrus.`,
    })),
  }),
};
