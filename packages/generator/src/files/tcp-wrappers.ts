// tcp-wrapper rules limiting who may connect to lmtpd on the store.
import { bracketIpv6 } from '../context.ts';
import { GUIDE, series } from '../facts.ts';
import type { FileModule } from './module.ts';

/** 10.0.0.0/24 -> 10.0.0.0/255.255.255.0; IPv6 in brackets, as hosts_access(5)
 * wants (checked with Cyrus 3.6: "lmtp: [fd00:200::2]" admits that host and
 * refuses fd00:200::254, e2e/real-mail remote-ipv6). */
export function wrapperClient(address: string): string {
  if (address.includes(':')) return bracketIpv6(address);
  const [ip = '', bits] = address.split('/');
  if (bits === undefined) return ip;
  const n = Number(bits);
  const mask = [0, 1, 2, 3].map((i) => {
    const b = Math.max(0, Math.min(8, n - i * 8));
    return 256 - 2 ** (8 - b);
  });
  return `${ip}/${mask.join('.')}`;
}

export const hostsAllow: FileModule = {
  id: 'hosts-allow',
  role: 'cyrus',
  applies: (c) => c.a.topology === 'remote' && c.a.tcp.allowFrom.length > 0,
  target: '/etc/hosts.allow',
  path: 'files/etc/hosts.allow.fragment',
  mode: 0o644,
  guideRef: GUIDE.tcp,
  explanation: (c) =>
    `Cyrus honours tcp wrappers, as the guide warns. This rule lets the listed Postfix hosts reach the lmtp service; the matching line in hosts.deny refuses everybody else. apply.sh adds each line when it is missing and leaves your other rules alone. It appends and never reorders, so a rule above that matches every client of lmtp (an inline "ALL: ALL: DENY", say) would decide first and this line would never match: apply.sh reports such a rule as a conflict before any change, and verify.sh checks the order. The guide writes such rules for "lmtpd", the program; Cyrus looks them up under the cyrus.conf service name, "lmtp", and ignores an "lmtpd:" rule (found with Cyrus 3.6: with "lmtpd:" an unlisted client was served, with "lmtp:" it was refused; the "lmtp:" rule is checked on Cyrus ${series(c.release.cyrusVersion)}, ${c.release.label}). 127.0.0.1 is refused too unless you list it, so the store cannot speak LMTP to itself over TCP: its verify.sh takes that refusal as proof that the rule works, and the Postfix host's verify.sh speaks LMTP from an allowed address.`,
  body: (c) => ({
    kind: 'append-line',
    syntax: 'hosts.allow',
    policy: 'merged',
    rows:
      c.a.topology === 'remote'
        ? [{ columns: ['lmtp:', c.a.tcp.allowFrom.map(wrapperClient).join(',')], source: 'tcp.allowFrom', why: 'Postfix hosts allowed to deliver.' }]
        : [],
  }),
};

export const hostsDeny: FileModule = {
  id: 'hosts-deny',
  role: 'cyrus',
  applies: hostsAllow.applies,
  target: '/etc/hosts.deny',
  path: 'files/etc/hosts.deny.fragment',
  mode: 0o644,
  guideRef: GUIDE.tcp,
  explanation: () => 'Refuses the lmtp service to every client that hosts.allow does not name.',
  body: () => ({
    kind: 'append-line',
    syntax: 'hosts.deny',
    policy: 'merged',
    rows: [{ columns: ['lmtp:', 'ALL'], source: 'tcp.allowFrom', why: 'Everybody else.' }],
  }),
};
