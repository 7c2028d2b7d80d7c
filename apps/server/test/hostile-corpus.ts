// The corpus of known-hostile inputs. Each entry is a complete answers body
// that is valid except for ONE hostile field, with the path the API must name
// and the status it must answer. Bodies are raw JSON text, so keys such as
// "__proto__" and numbers such as 1e400 reach the server exactly as an
// attacker would send them.
import { bodyWith, type Base, type HostileEntry } from './hostile-bodies.ts';
import { HOSTILE_STRINGS, LONG, WRONG_TYPES_FOR_STRING } from './hostile-values.ts';
import { STRUCTURAL } from './hostile-structural.ts';

export type { HostileEntry } from './hostile-bodies.ts';
export { BASES } from './hostile-bodies.ts';

/** Every field that takes a string, with the base it belongs to and a valid value. */
export const STRING_FIELDS: readonly { path: string; base: Base; valid: string }[] = [
  { path: 'mailHost', base: 'single', valid: 'mail.example.org' },
  { path: 'tcp.storeHost', base: 'remote', valid: 'store.example.org' },
  { path: 'unixSocket.path', base: 'single', valid: '/run/cyrus/socket/lmtp' },
  { path: 'unixSocket.group', base: 'single', valid: 'lmtp' },
  { path: 'unixSocket.postfixUser', base: 'single', valid: 'postfix' },
  { path: 'sasl.username', base: 'remote', valid: 'postman' },
  { path: 'sasl.password', base: 'remote', valid: 'Pa55-word' },
  { path: 'delivery.transportName', base: 'single', valid: 'cyrus' },
  { path: 'delivery.virtualDomains.0', base: 'single', valid: 'example.com' },
  { path: 'delivery.transportMapDomains.0', base: 'single', valid: 'lists.example.org' },
  { path: 'tcp.allowFrom.0', base: 'remote', valid: '192.0.2.25' },
];

/** Only distinctive values are checked for echoes; "" or "x" would match anything. */
const distinctive = (v: string) => (v.trim().length >= 6 ? v : undefined);

function stringEntries(): HostileEntry[] {
  const out: HostileEntry[] = [];
  for (const field of STRING_FIELDS) {
    for (const h of HOSTILE_STRINGS) {
      if (h.printable && field.path === 'sasl.password') continue;
      const value = h.make(field.valid);
      const name = `${field.path}: ${h.name}`;
      out.push({
        name,
        payload: bodyWith(field.base, field.path, value),
        path: field.path,
        status: 422,
        hostile: distinctive(value),
      });
    }
    for (const w of WRONG_TYPES_FOR_STRING) {
      out.push({
        name: `${field.path}: ${w.name} instead of a string`,
        payload: bodyWith(field.base, field.path, w.value),
        path: field.path,
        status: 422,
      });
    }
  }
  return out;
}

// The same hostile domain twice in one list: one field, and the schema's
// "is listed twice" message quotes it.
function duplicateEntries(): HostileEntry[] {
  const evil = 'example.com\nlmtp_admins: anyone';
  return ['delivery.virtualDomains', 'delivery.transportMapDomains'].map((path) => ({
    name: `${path}: the same hostile domain twice`,
    payload: bodyWith('single', path, [evil, evil]),
    path: `${path}.1`,
    status: 422,
    hostile: evil,
  }));
}

const TOO_LARGE: HostileEntry = {
  name: 'mailHost: 70,000 characters (body over 64 KiB)',
  payload: bodyWith('single', 'mailHost', `${LONG}${'y'.repeat(10_000)}`),
  path: '',
  status: 413,
  hostile: LONG,
};

export const CORPUS: readonly HostileEntry[] = [...stringEntries(), ...duplicateEntries(), ...STRUCTURAL, TOO_LARGE];
