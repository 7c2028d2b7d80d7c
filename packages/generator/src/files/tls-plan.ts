// The TLS plan of the TCP hop (issue 11): whether TLS is on, the store's
// certificate and key, and the name Postfix matches. The context computes it
// once (c.tls, context.ts); lmtp-tls.ts turns it into settings.
import type { RemoteAnswers } from '@lmtp-wizard/schema';
import type { Release } from '../facts.ts';

export interface TlsPlan {
  mode: 'fingerprint' | 'ca';
  selfSigned: boolean;
  cert: string;
  key: string;
  /**
   * The name Postfix matches (ca): the answer tls.verifyName, else the store's
   * name; with several stores (a Murder's frontends) "hostname", Postfix's
   * strategy that matches each frontend's certificate against that frontend's
   * own name.
   */
  name: string;
}

/**
 * The TLS plan of a remote bundle, or null when the hop is plain text (single
 * host, or TLS off). The context computes it once (c.tls); everything else reads that.
 */
export function tlsPlanOf(c: {
  remote: RemoteAnswers | null;
  release: Release;
  stores: readonly string[];
}): TlsPlan | null {
  const a = c.remote;
  if (!a || a.tls.mode === 'off') return null;
  const selfSigned = a.tls.storeCert === 'self-signed';
  const dir = c.release.tlsDir;
  return {
    mode: a.tls.mode,
    selfSigned,
    cert: selfSigned ? `${dir}/${a.tcp.serviceName}.crt` : a.tls.certPath,
    key: selfSigned ? `${dir}/${a.tcp.serviceName}.key` : a.tls.keyPath,
    name: a.tls.verifyName || (c.stores.length > 1 ? 'hostname' : a.tcp.storeHost),
  };
}
