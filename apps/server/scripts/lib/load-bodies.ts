// The request mix for the load run: valid answers of both topologies
// (200 + tarball) and answers the schema refuses (422), each body paired
// with the status it must get.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_DIR } from './server-process.ts';

export interface LoadBody {
  name: string;
  body: string;
  expected: number;
}

const example = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(REPO_DIR, 'examples', `${name}.json`), 'utf8')) as Record<string, unknown>;

const single = example('single-host');
const remote = example('remote');
const remoteTcp = remote.tcp as Record<string, unknown>;

const VALID: Record<string, unknown>[] = [
  single,
  { topology: 'single-host', mailHost: 'mail.example.net' },
  {
    ...single,
    delivery: {
      virtualDomains: ['example.com', 'example.net'],
      transportMapDomains: ['lists.example.org'],
      localRecipientCheck: 'unix',
    },
    cyrus: { virtdomains: 'userid' },
  },
  remote,
  { ...remote, tcp: { storeHost: '2001:db8::10', port: 2525, allowFrom: ['192.0.2.0/24', '2001:db8::25'] } },
  { ...remote, sasl: { username: 'lmtp-admin', password: `a$:"!#'\\\`;|&<>(){}*?~-z` } },
];

const INVALID: Record<string, unknown>[] = [
  { ...single, mailHost: 'mail.example.org\nlmtp_admins: anyone' },
  { ...single, unixSocket: { path: '/run/../etc/shadow' } },
  { ...single, bogus: true },
  { ...remote, tcp: { ...remoteTcp, port: 70000 } },
  { ...remote, sasl: { password: 'has space' } },
  { ...remote, tcp: { ...remoteTcp, storeHost: '$(id)' } },
  { topology: 'remote', mailHost: 'mx.example.org' },
];

/** Two valid bodies for every invalid one, so most requests generate and pack. */
export const LOAD_BODIES: readonly LoadBody[] = [
  ...VALID.flatMap((b, i) => [
    { name: `valid-${i}`, body: JSON.stringify(b), expected: 200 },
    { name: `valid-${i}`, body: JSON.stringify(b), expected: 200 },
  ]),
  ...INVALID.map((b, i) => ({ name: `invalid-${i}`, body: JSON.stringify(b), expected: 422 })),
];
