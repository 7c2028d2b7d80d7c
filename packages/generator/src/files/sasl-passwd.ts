// The SASL credentials the Postfix lmtp client presents to the Cyrus store.
import { GUIDE } from '../facts.ts';
import type { Context } from '../context.ts';
import type { FileModule } from './module.ts';

/**
 * The shared sasl_passwd, which usually holds a relay's credentials
 * (smtp_sasl_password_maps). Never ours, but merged in one way: an earlier
 * bundle kept its line there (key: the store host), which apply.sh removes;
 * every other key is a neighbour that must resolve as before. Secret: only a
 * hash of each value is ever recorded.
 */
export const sharedSaslPasswd = (c: Context) =>
  c.remote
    ? {
        path: `${c.release.postfixDir}/sasl_passwd`,
        policy: 'merged' as const,
        ours: [c.remote.tcp.storeHost],
        secret: true,
      }
    : null;

/** Our credentials file, named after our transport: only our master.cf service reads it. */
export const saslPasswdPath = (c: Context): string => `${c.release.postfixDir}/${c.transport}_sasl_passwd`;

export const saslPasswd: FileModule = {
  id: 'sasl-passwd',
  role: 'postfix',
  applies: (c) => c.remote !== null,
  // A file of our own: the shared sasl_passwd often holds the relay's
  // credentials (smtp_sasl_password_maps), which must stay as they are.
  target: (c) => saslPasswdPath(c),
  path: (c) => `files${saslPasswdPath(c)}`,
  mode: 0o600,
  secret: true,
  guideRef: GUIDE.tcpStep1,
  explanation: (c) =>
    `${c.stores.length > 1 ? `One line per frontend (${c.stores.join(', ')}), each the same login: the frontend's host name, then user:password; Postfix logs in to whichever frontend it reaches.` : "One line: the store's host name, then user:password."} The key is the host name exactly as the transport names it, because that is what Postfix looks up. It is a file of our own, read only by our "${c.transport}" service (its -o lmtp_sasl_password_maps in master.cf); the shared sasl_passwd, which often holds a relay's credentials, is left alone. It holds the password, so it is installed readable by root only (0600) and compiled with postmap into a .db file, which Postfix reads. The guide builds it with echo on the command line, which leaves the password in the shell history; here it comes from the bundle. ${c.remote ? `User "${c.remote.sasl.username}" must be in lmtp_admins on the store.` : ''}${c.remote && c.remote.tcp.storeHost.includes(':') ? ` For an IPv6 store the key is the bare address, without the brackets the transport needs (checked on ${c.release.label}: with a next hop like [fd00:200::1]:2003, Postfix found the key fd00:200::1 and Cyrus logged "login: [fd00:200::2] postman SCRAM-SHA-512 User logged in").` : ''}`,
  body: (c) => {
    if (!c.remote) throw new Error('sasl_passwd is only for the remote topology');
    const {
      tcp: { port },
      sasl,
    } = c.remote;
    // Postfix looks the credentials up by the server's host name as the
    // transport names it (checked on 3.7.11: "store.test" matches, the
    // "inet:store.test:2003" next hop does not). For an IP literal that name
    // is the bare address, IPv6 included: "fd00:200::1" matched the next hop
    // "inet:[fd00:200::1]:2003" on 3.7.11 (e2e/real-mail remote-ipv6). With
    // several stores (a Murder's frontends), each is looked up by its own
    // name, so each gets its line.
    return {
      kind: 'table',
      policy: 'owned',
      rows: c.stores.map((host) => ({
        key: host,
        value: `${sasl.username}:${sasl.password}`,
        source: 'sasl.password',
        why: `Credentials for the LMTP server ${host} (port ${port}).`,
      })),
    };
  },
};
