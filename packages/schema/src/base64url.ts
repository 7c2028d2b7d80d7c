// base64url (RFC 4648 §5, no padding) of UTF-8 text, with only what both
// browsers and Node have globally: TextEncoder, TextDecoder, btoa, atob.
const BASE64URL_RE = /^[A-Za-z0-9_-]*$/;

export function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Throws on anything that is not base64url of valid UTF-8. */
export function fromBase64Url(encoded: string): string {
  // A length of 1 more than a multiple of 4 cannot come from any bytes.
  if (!BASE64URL_RE.test(encoded) || encoded.length % 4 === 1) throw new Error('not base64url');
  const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
