// tcp-wrapper rules limiting who may connect to lmtpd on the store.
import { bracketIpv6 } from '../context.ts';
import { GUIDE, series } from '../facts.ts';
import type { Context } from '../context.ts';
import type { FileModule } from './module.ts';

/** The tcp-wrapper daemon name: the cyrus.conf service name of our TCP lmtpd. */
const svc = (c: Context): string => (c.remote ? c.remote.tcp.serviceName : 'lmtp');

const ipv4ToInt = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const intToIpv4 = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
const maskOf = (bits: number): number => (bits === 0 ? 0 : 2 ** 32 - 2 ** (32 - bits));
/** The network of an a.b.c.d/nn entry, with the host bits cleared. */
const networkOf = (ip: string, bits: number): number => ipv4ToInt(ip) - (ipv4ToInt(ip) % 2 ** (32 - bits));

const ipv6ToBig = (ip: string): bigint => {
  const [head = '', tail] = ip.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((n, g) => (n << 16n) + BigInt(parseInt(g, 16)), 0n);
};
/** RFC 5952 text: lower case, the longest run of two or more zero groups as "::". */
const bigToIpv6 = (n: bigint): string => {
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) => Number((n >> s) & 0xffffn));
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
};
const ipv6Network = (ip: string, bits: number): bigint => {
  const host = (1n << BigInt(128 - bits)) - 1n;
  return ipv6ToBig(ip) & ~host;
};

/** 10.0.0.0/24 -> 10.0.0.0/255.255.255.0; IPv6 in brackets, as hosts_access(5)
 * wants (checked with Cyrus 3.6: "lmtp: [fd00:200::2]" admits that host and
 * refuses fd00:200::254, e2e/real-mail remote-ipv6). Host bits are cleared
 * (10.0.0.5/24 -> 10.0.0.0/...): tcpd compares (client & mask) with the net
 * as written, so an unaligned net would never match anyone. */
export function wrapperClient(address: string): string {
  const [ip = '', bits] = address.split('/');
  // An IPv6 network is "[net]/bits" in hosts_access(5), host bits cleared as for IPv4.
  if (ip.includes(':'))
    return bits === undefined ? bracketIpv6(ip) : `[${bigToIpv6(ipv6Network(ip, Number(bits)))}]/${bits}`;
  if (bits === undefined) return ip;
  const n = Number(bits);
  return `${intToIpv4(networkOf(ip, n))}/${intToIpv4(maskOf(n))}`;
}

/** One concrete client address inside an allowFrom entry, for tcpdmatch: the
 * address itself, or a network's first host address (its only one for /31, /32). */
export function probeAddress(entry: string): string {
  const [ip = '', bits] = entry.split('/');
  if (bits === undefined) return ip;
  const n = Number(bits);
  if (ip.includes(':')) return bigToIpv6(ipv6Network(ip, n) + (n <= 126 ? 1n : 0n));
  return intToIpv4(networkOf(ip, n) + (n <= 30 ? 1 : 0));
}

const covers = (entry: string, ip: string): boolean => {
  if (entry.includes(':')) return false;
  const [net = '', bits = '32'] = entry.split('/');
  return networkOf(net, Number(bits)) === networkOf(ip, Number(bits));
};

/** An address outside allowFrom (documentation ranges, RFC 5737), or undefined when allowFrom covers them all. */
export const outsideAddress = (allowFrom: readonly string[]): string | undefined =>
  ['192.0.2.1', '198.51.100.1', '203.0.113.1'].find((ip) => !allowFrom.some((e) => covers(e, ip)));

export const hostsAllow: FileModule = {
  id: 'hosts-allow',
  role: 'cyrus',
  applies: (c) => c.remote !== null && c.remote.tcp.allowFrom.length > 0,
  target: '/etc/hosts.allow',
  path: 'files/etc/hosts.allow.fragment',
  mode: 0o644,
  guideRef: GUIDE.tcp,
  explanation: (c) =>
    `Cyrus honours tcp wrappers, as the guide warns. This rule lets the listed Postfix hosts reach the lmtp service; the matching line in hosts.deny refuses everybody else. apply.sh adds each line when it is missing and leaves your other rules alone. It appends and never reorders, so a rule above that matches every client of lmtp (an inline "ALL: ALL: DENY", say) would decide first and this line would never match: apply.sh reports such a rule as a conflict before any change, and verify.sh checks the order. The guide writes such rules for "lmtpd", the program; Cyrus looks them up under the cyrus.conf service name, here "${svc(c)}" (answer tcp.serviceName), and ignores an "lmtpd:" rule (found with Cyrus 3.6: with "lmtpd:" an unlisted client was served, with "lmtp:" it was refused; the rule under the service name is checked on Cyrus ${series(c.release.cyrusVersion)}, ${c.release.label}). 127.0.0.1 is refused too unless you list it, so the store cannot speak LMTP to itself over TCP: its verify.sh takes that refusal as proof that the listener runs, and asks tcpdmatch (package tcpd, which apply.sh installs) how the rules judge each allowed address and one address outside the list; the Postfix host's verify.sh speaks LMTP from an allowed address.`,
  body: (c) => ({
    kind: 'append-line',
    syntax: 'hosts.allow',
    policy: 'merged',
    rows: c.remote
      ? [
          {
            columns: [`${svc(c)}:`, c.remote.tcp.allowFrom.map(wrapperClient).join(',')],
            source: 'tcp.allowFrom',
            why: 'Postfix hosts allowed to deliver.',
          },
        ]
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
  explanation: (c) =>
    `Refuses the ${svc(c)} service to every client that hosts.allow does not name. A rule is keyed by the cyrus.conf service name, so it reaches only our service: another service of yours (an "lmtp" on 127.0.0.1 for re-injection, say) keeps its own rules when ours has a name of its own.`,
  body: (c) => ({
    kind: 'append-line',
    syntax: 'hosts.deny',
    policy: 'merged',
    rows: [{ columns: [`${svc(c)}:`, 'ALL'], source: 'tcp.allowFrom', why: 'Everybody else.' }],
  }),
};
