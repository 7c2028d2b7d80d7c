// store_presented reads the certificate's fingerprint out of posttls-finger's
// output, as both releases print it. The lines below are posttls-finger's real
// output (Postfix 3.10.13 from Debian 13, 3.7.11 from Debian 12) for a
// self-signed EC certificate whose `openssl x509 -noout -fingerprint -sha256`
// is CERT; PKEY is the digest of its public key, which must not be reported.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { TLS_COMMON_LIB } from '../src/scripts/shell-lib-tls.ts';

const CERT = '34:7F:7C:49:67:F1:1E:94:59:60:12:0C:66:97:81:C3:68:05:10:C7:F5:0B:57:31:B0:95:B2:01:89:C4:CD:AF';
const PKEY = '26:34:B3:6A:83:71:39:6A:FB:46:33:06:62:B8:6B:5E:65:78:95:BB:5C:E6:29:2D:84:83:00:8B:27:BA:8D:8A';

const POSTFIX_3_10 = [
  'posttls-finger: warning: 127.0.0.1[127.0.0.1]:24999: unusable TLSA RR: 3 1 255 0011',
  'posttls-finger: server certificate verification failed for 127.0.0.1[127.0.0.1]:24999: num=1:unspecified certificate verification error',
  `posttls-finger: 127.0.0.1[127.0.0.1]:24999: subject_CN=store.test, issuer=store.test, cert fingerprint=${CERT}, pkey fingerprint=${PKEY}`,
  'posttls-finger: Untrusted TLS connection established to 127.0.0.1[127.0.0.1]:24999: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
].join('\n');

const POSTFIX_3_7 = [
  `posttls-finger: 127.0.0.1[127.0.0.1]:24999: subject_CN=store.test, issuer_CN=store.test, fingerprint=${CERT}, pkey_fingerprint=${PKEY}`,
  'posttls-finger: Untrusted TLS connection established to 127.0.0.1[127.0.0.1]:24999: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
].join('\n');

function presented(output: string): string {
  const r = spawnSync('sh', ['-c', `${TLS_COMMON_LIB}\nstore_presented "$1"`, 'sh', output], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout.trim();
}

describe('store_presented', () => {
  it('reports the certificate fingerprint of Postfix 3.10 ("cert fingerprint=", not "pkey fingerprint=")', () => {
    expect(presented(POSTFIX_3_10)).toBe(CERT);
  });
  it('reports the certificate fingerprint of Postfix 3.7 ("fingerprint=", not "pkey_fingerprint=")', () => {
    expect(presented(POSTFIX_3_7)).toBe(CERT);
  });
  it('reports nothing when no certificate was seen (no STARTTLS)', () => {
    expect(
      presented('posttls-finger: warning: TLS is required, but was not offered by host 127.0.0.1[127.0.0.1]'),
    ).toBe('');
  });
});
