// Field-level allow-lists. Every string that can reach a config line or a
// shell word is matched against a positive pattern here; nothing is
// "cleaned", it is accepted or refused with a message that says why.
import * as z from 'zod/mini';

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOSTNAME_RE = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);
const FQDN_RE = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})+$`);
const IPV4_OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
export const IPV4_RE = new RegExp(`^${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}$`);
// Hex digits and colons only, with at most one "::"; the shape is checked
// again by isIpv6 so that "1:2" or ":::" do not pass.
const IPV6_CHARS_RE = /^[0-9a-f:]{2,39}$/;

export function isIpv6(value: string): boolean {
  if (!IPV6_CHARS_RE.test(value)) return false;
  const halves = value.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (groups.some((g) => g.length < 1 || g.length > 4)) return false;
  return halves.length === 2 ? groups.length < 8 : groups.length === 8;
}

// Lower-casing maps some non-ASCII letters onto ASCII (U+212A KELVIN SIGN
// becomes "k"), so plain ASCII is checked first, on the value as typed.
const asciiOnly = (what: string) =>
  z.refine<string>((v) => /^[\x20-\x7e]*$/.test(v), {
    error: `${what} must use plain ASCII letters, digits, "-" and "."`,
    abort: true,
  });
const lower = z.toLowerCase();

/** A DNS name (RFC 1123). Upper case is accepted and folded to lower case. */
export const hostnameField = (what: string) =>
  z.string().check(
    asciiOnly(what),
    z.trim(),
    lower,
    z.refine((v) => HOSTNAME_RE.test(v) && !/^[0-9.]+$/.test(v), {
      error: `${what} must be a host name such as mail.example.org (letters, digits, hyphens and dots)`,
    }),
  );

/** A fully qualified domain name: at least two labels. */
export const fqdnField = (what: string) =>
  z.string().check(
    asciiOnly(what),
    z.trim(),
    lower,
    z.refine((v) => FQDN_RE.test(v) && !/^[0-9.]+$/.test(v), {
      error: `${what} must be a fully qualified name such as mail.example.org`,
    }),
  );

/** A host name, or an IPv4 or IPv6 literal (without brackets). */
export const hostOrIpField = (what: string) =>
  z.string().check(
    asciiOnly(what),
    z.trim(),
    lower,
    z.refine((v) => IPV4_RE.test(v) || isIpv6(v) || (HOSTNAME_RE.test(v) && !/^[0-9.]+$/.test(v)), {
      error: `${what} must be a host name (store.example.org) or an IP address (192.0.2.10, 2001:db8::10)`,
    }),
  );

/** One client for tcp wrappers: an IPv4 or IPv6 address, or a network (10.0.0.0/24, 2001:db8::/32). */
export const clientAddressField = z.string().check(
  asciiOnly('Each address'),
  z.trim(),
  lower,
  z.refine(
    (v) => {
      const [addr = '', bits, ...rest] = v.split('/');
      if (rest.length > 0) return false;
      if (IPV4_RE.test(addr)) return bits === undefined || /^(?:[0-9]|[12][0-9]|3[0-2])$/.test(bits);
      return isIpv6(addr) && (bits === undefined || /^(?:[0-9]|[1-9][0-9]|1[01][0-9]|12[0-8])$/.test(bits));
    },
    {
      error:
        'Each address must be an IP address or network, such as 192.0.2.10, 10.0.0.0/24, 2001:db8::10 or 2001:db8::/32',
    },
  ),
);

/** The store's own address to listen on: "" (every address), or one IPv4 or IPv6 address, without brackets. */
export const listenAddressField = z.string().check(
  asciiOnly('Listen address'),
  z.trim(),
  lower,
  z.refine((v) => v === '' || IPV4_RE.test(v) || isIpv6(v), {
    error:
      'Listen address must be empty (every address) or one IP address of the store, such as 192.0.2.10 or 2001:db8::10 (no brackets, no port)',
  }),
);

// Debian's adduser NAME_REGEX without the trailing "$" it allows for
// machine accounts: a "$" would be expanded by Postfix and by the shell.
const UNIX_NAME_RE = /^[a-z][-a-z0-9_]{0,31}$/;
export const unixNameField = (what: string) =>
  z.string().check(
    z.refine((v) => UNIX_NAME_RE.test(v), {
      error: `${what} must start with a lower-case letter and use only a-z, 0-9, "-" and "_" (at most 32 characters)`,
    }),
  );

/** "" (not given) or a Unix-style name. */
export const optionalUnixNameField = (what: string) =>
  z.string().check(
    z.refine((v) => v === '' || UNIX_NAME_RE.test(v), {
      error: `${what} must start with a lower-case letter and use only a-z, 0-9, "-" and "_" (at most 32 characters)`,
    }),
  );

const PATH_RE = /^(?:\/[A-Za-z0-9._-]+)+$/;
/** An absolute path made of plain segments: no whitespace, no "." or ".." segments. */
export const absolutePathField = (what: string, maxLength: number) =>
  z.string().check(
    z.refine((v) => PATH_RE.test(v) && v.length <= maxLength && !v.split('/').some((s) => s === '.' || s === '..'), {
      error: `${what} must be an absolute path such as /run/cyrus/socket/lmtp: letters, digits, ".", "_", "-" and "/" only, no "." or ".." segments, at most ${maxLength} characters`,
    }),
  );

/** An absolute path as absolutePathField, or "" (not given). */
export const optionalPathField = (what: string, maxLength: number) =>
  z.string().check(
    z.refine(
      (v) =>
        v === '' || (PATH_RE.test(v) && v.length <= maxLength && !v.split('/').some((s) => s === '.' || s === '..')),
      {
        error: `${what} must be empty or an absolute path such as /etc/ssl/certs/store.pem: letters, digits, ".", "_", "-" and "/" only, no "." or ".." segments, at most ${maxLength} characters`,
      },
    ),
  );

/** A host name the store's certificate must carry, or "" (the store host itself). */
export const optionalHostnameField = (what: string) =>
  z.string().check(
    asciiOnly(what),
    z.trim(),
    lower,
    z.refine((v) => v === '' || (HOSTNAME_RE.test(v) && !/^[0-9.]+$/.test(v)), {
      error: `${what} must be empty or a host name such as store.example.org`,
    }),
  );

/** SASL password: printable ASCII 33..126, so no spaces and no control characters. A secret: never in a share link. */
export const passwordField = z.string().check(
  z.refine((v) => /^[\x21-\x7e]{1,256}$/.test(v), {
    error: 'SASL password must be 1 to 256 printable ASCII characters without spaces',
  }),
);

/**
 * A further MX host's own SASL password (issue 15): "" when the MX uses the
 * shared user (sasl.sharedUser), else as passwordField. A secret: share links
 * and answers.json never carry it.
 */
export const mxPasswordField = z.string().check(
  z.refine((v) => v === '' || /^[\x21-\x7e]{1,256}$/.test(v), {
    error: 'SASL password must be 1 to 256 printable ASCII characters without spaces',
  }),
);

/**
 * A Murder's proxy password (issue 15): murder.proxyPassword, the one every
 * backend without its own uses, and murder.backendPasswords.N.password, a
 * backend's own. "" is none; crossFieldIssues asks for one per backend. A
 * secret: share links and answers.json never carry it.
 */
export const optionalPasswordField = z.string().check(
  z.refine((v) => v === '' || /^[\x21-\x7e]{1,256}$/.test(v), {
    error: 'SASL password must be 1 to 256 printable ASCII characters without spaces',
  }),
);

export const intField = (what: string, min: number, max: number) =>
  z
    .int({ error: `${what} must be a whole number` })
    .check(
      z.gte(min, { error: `${what} must be at least ${min}` }),
      z.lte(max, { error: `${what} must be at most ${max}` }),
    );

export const boolField = (what: string) => z.boolean({ error: `${what} must be true or false` });
