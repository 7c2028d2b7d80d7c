// The two ways one host folder's answers reach Cyrus: the local Unix socket
// (a single host) or TCP (every other host view: the remote topology's, each
// further MX's, each Murder host's). The context (context.ts) and the file
// modules ask which view they have, never which topology the bundle is.
import type { Answers, RemoteAnswers, SingleHostAnswers } from '@lmtp-wizard/schema';

/** The answers one host folder is built from: a single host's, or a remote view (the remote topology's, a further MX's, a Murder host's). */
export type HostAnswers = SingleHostAnswers | RemoteAnswers;

/** The answers of a host that reaches Cyrus over TCP; null over the Unix socket. */
export const remoteView = (a: HostAnswers): RemoteAnswers | null => (a.topology === 'remote' ? a : null);

/** The answers of a host that reaches Cyrus over the local Unix socket; null over TCP. */
export const localView = (a: HostAnswers): SingleHostAnswers | null => (a.topology === 'single-host' ? a : null);

/** The answers as one host folder's, when they are (not a Murder's, which is split host by host). */
export const asHostAnswers = (a: Answers): HostAnswers | null => (a.topology === 'murder' ? null : a);

/** The remote view where only a TCP host can be (the other branch took the Unix socket). */
export function tcpOf(c: { remote: RemoteAnswers | null }): RemoteAnswers {
  if (!c.remote) throw new Error('this host reaches Cyrus over the Unix socket, not TCP');
  return c.remote;
}

/** The title of each role's folder in the topologies that have one host per role. */
export const HOST_TITLES: Record<'mail-host' | 'postfix-host' | 'cyrus-host', string> = {
  'mail-host': 'Mail host (Postfix and Cyrus)',
  'postfix-host': 'Postfix host',
  'cyrus-host': 'Cyrus store',
};

/** The answers of the remote topology; a topology module's own guard on what it was given. */
export function asRemote(a: Answers): RemoteAnswers {
  if (a.topology !== 'remote') throw new Error(`remote answers expected, not ${a.topology}`);
  return a;
}
