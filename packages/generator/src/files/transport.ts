// The transport map for domains routed to Cyrus one by one.
import { GUIDE } from '../facts.ts';
import type { FileModule } from './module.ts';
import { failoverNote } from '../topologies/murder/facts.ts';

export const transportMap: FileModule = {
  id: 'transport',
  role: 'postfix',
  applies: (c) => c.a.delivery.transportMapDomains.length > 0,
  target: '/etc/postfix/transport',
  path: 'files/etc/postfix/transport.fragment',
  mode: 0o644,
  guideRef: GUIDE.postfix,
  explanation: (c) =>
    `Routes each listed domain to Cyrus through "${c.transport}". apply.sh merges it into /etc/postfix/transport by key and runs postmap: it adds our domains and keeps every other entry. A domain that the map already routes elsewhere is a conflict, reported before any change. verify.sh checks that every entry of the map, ours and the others, resolves with postmap -q.`,
  body: (c) => ({
    kind: 'table',
    policy: 'merged',
    rows: c.a.delivery.transportMapDomains.map((d, i) => ({
      key: d,
      value: c.route,
      source: `delivery.transportMapDomains.${i}`,
      why: `${d} is delivered to Cyrus.${failoverNote(c)}`,
    })),
  }),
};
