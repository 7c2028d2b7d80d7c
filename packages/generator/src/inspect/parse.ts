// parseInspect(): reads the output of inspect.sh (script.ts), one block per
// host, in the browser. Strict: inside a block every line must be one the
// grammar knows, the line count and cksum of the block must match, and the
// release must be one the wizard makes bundles for. Anything else is an error
// with the line it concerns, and nothing is read from the text at all.
import { isTarget, type Target } from '@lmtp-wizard/schema';
import { INSPECT_FORMAT, POSTCONF_KEYS } from './script.ts';
import type { CyrusServiceEntry, InspectedHost, MasterRow, ParseInspectResult } from './types.ts';

/** Longer text is refused at once: inspect.sh prints a few kB, a large transport map some MB. */
export const MAX_INSPECT_CHARS = 8_000_000;

const BEGIN_RE = /^=== lmtp-wizard inspect\.sh begin format (\S+) ===$/;
const END_RE = /^=== lmtp-wizard inspect\.sh end lines ([0-9]{1,9}) cksum ([0-9]{1,10}) ===$/;
const MARKER_HINT = 'lmtp-wizard inspect.sh';

const SECTIONS = new Set([
  'postconf-n',
  'postconf-M',
  'postconf-P',
  'postconf-h',
  'postconf-d',
  'postconf-x',
  'sasl-map-keys',
  'transport-map',
  'groups',
  'imapd.conf',
  'cyrus.conf',
  'imapd-known',
  'dir',
  'services-lmtp',
  'hosts.allow',
  'hosts.deny',
]);
/** Sections that name a path (or a user) after their name. */
const WITH_ARG = new Set([
  'sasl-map-keys',
  'transport-map',
  'groups',
  'imapd.conf',
  'cyrus.conf',
  'dir',
  'services-lmtp',
  'hosts.allow',
  'hosts.deny',
]);

class InspectError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

// POSIX cksum: CRC-32 (polynomial 0x04C11DB7, not reflected) over the bytes, then the length.
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** cksum(1)'s checksum of ASCII text. */
export function posixCksum(text: string): number {
  let crc = 0;
  const step = (b: number) => {
    crc = ((crc << 8) ^ (CRC_TABLE[((crc >>> 24) ^ b) & 0xff] ?? 0)) >>> 0;
  };
  for (let i = 0; i < text.length; i++) step(text.charCodeAt(i) & 0xff);
  for (let n = text.length; n > 0; n = Math.floor(n / 256)) step(n & 0xff);
  return ~crc >>> 0;
}

const PRINTABLE = /^[\x20-\x7e]*$/;

/** The text of one "|" line: escapes undone, bytes read as UTF-8 (Latin-1 when they are not). */
function decode(s: string, line: number): string {
  if (!PRINTABLE.test(s))
    throw new InspectError(
      `line ${line} has a character inspect.sh never prints (it escapes every byte outside printable ASCII)`,
      line,
    );
  if (!s.includes('\\')) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x5c) {
      bytes.push(c);
      continue;
    }
    const n = s[i + 1];
    if (n === '\\') bytes.push(0x5c), (i += 1);
    else if (n === 't') bytes.push(9), (i += 1);
    else if (n === 'x' && /^[0-9a-f]{2}$/.test(s.slice(i + 2, i + 4)))
      bytes.push(parseInt(s.slice(i + 2, i + 4), 16)), (i += 3);
    else throw new InspectError(`line ${line}: "\\${n ?? ''}" is not an escape inspect.sh prints`, line);
  }
  if (bytes.every((b) => b < 0x80)) return String.fromCharCode(...bytes);
  const pct = bytes.map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  try {
    return decodeURIComponent(pct);
  } catch {
    return String.fromCharCode(...bytes);
  }
}

interface Section {
  name: string;
  arg: string;
  /** decoded lines, each with its line number in the pasted text */
  lines: { text: string; line: number }[];
  absent?: boolean;
  unreadable?: boolean;
  line: number;
}

interface Block {
  start: number;
  fields: Map<string, { value: string; line: number }>;
  packages: Map<string, { value: string; line: number }>;
  sections: Section[];
}

function readBlock(body: { text: string; line: number }[], start: number): Block {
  const b: Block = { start, fields: new Map(), packages: new Map(), sections: [] };
  let cur: Section | undefined;
  const seen = new Set<string>();
  for (const { text, line } of body) {
    if (text.startsWith('|')) {
      if (!cur || cur.absent || cur.unreadable)
        throw new InspectError(`line ${line}: a content line outside any section`, line);
      cur.lines.push({ text: decode(text.slice(1), line), line });
      continue;
    }
    cur = undefined;
    const m = /^@([a-z_.-]+)(?: (.*))?$/.exec(text);
    if (!m?.[1]) throw new InspectError(`line ${line} is not a line inspect.sh prints: "${text.slice(0, 60)}"`, line);
    const [, tag, rest = ''] = m;
    if (tag === 'debian_version' || tag === 'hostname' || tag === 'postconf-version') {
      if (!PRINTABLE.test(rest) || b.fields.has(tag))
        throw new InspectError(`line ${line}: @${tag} is not understood here`, line);
      b.fields.set(tag, { value: rest, line });
    } else if (tag === 'package') {
      const p = /^(postfix|cyrus-imapd) ([A-Za-z0-9.+:~-]+)$/.exec(rest);
      if (!p?.[1] || !p[2] || b.packages.has(p[1]))
        throw new InspectError(`line ${line}: "@package ${rest.slice(0, 60)}" is not understood`, line);
      b.packages.set(p[1], { value: p[2], line });
    } else if (tag === 'section' || tag === 'absent' || tag === 'unreadable') {
      const sp = rest.indexOf(' ');
      const name = sp < 0 ? rest : rest.slice(0, sp);
      const arg = sp < 0 ? '' : rest.slice(sp + 1);
      if (!SECTIONS.has(name) || WITH_ARG.has(name) !== (arg !== '') || !PRINTABLE.test(arg)) {
        throw new InspectError(`line ${line}: "@${tag} ${rest.slice(0, 60)}" is not a section inspect.sh prints`, line);
      }
      const id = `${name} ${arg}`;
      if (seen.has(id)) throw new InspectError(`line ${line}: the section "${id.trim()}" appears twice`, line);
      seen.add(id);
      cur = { name, arg, lines: [], line, absent: tag === 'absent', unreadable: tag === 'unreadable' };
      b.sections.push(cur);
    } else {
      throw new InspectError(`line ${line}: "@${tag}" is not a line inspect.sh prints`, line);
    }
  }
  return b;
}

// What postconf prints, as Postfix 3.7 and 3.10 print it (checked on both).
// A main.cf name is a word without "=": transport-dependent names start with a
// master.cf service name (smtp-amavis_destination_recipient_limit,
// lmtp.filter-2_..., e@f+g_...).
const KV_RE = /^([^\s=]+) =(?: (.*))?$/;
/** The master.cf service types postconf accepts (postconf_master.c). */
const MASTER_TYPES: readonly string[] = ['inet', 'unix', 'unix-dgram', 'fifo', 'pass'];
// postconf -P: SERVICE/TYPE/PARAMETER = VALUE. A service name is any word
// without blanks, as master(8) splits master.cf: host:port and [v6]:port for
// inet (127.0.0.1:10025/inet/content_filter =), and "-", ".", "@", "=" or "/"
// in the rest. The type is one of MASTER_TYPES. The key is kept whole, as
// apply.sh asks postconf -P for it (plan.ts).
const P_RE = new RegExp(`^(\\S+?/(?:${MASTER_TYPES.join('|')})/[^\\s=]+) =(?: (.*))?$`);

function keyValues(
  s: Section | undefined,
  re = KV_RE,
  what = '"name = value" line of postconf',
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { text, line } of s?.lines ?? []) {
    const m = re.exec(text);
    if (!m?.[1]) throw new InspectError(`line ${line}: "${text.slice(0, 60)}" is not a ${what}`, line);
    out[m[1]] = m[2] ?? '';
  }
  return out;
}

const squeeze = (s: string): string => s.replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');

function masterRows(s: Section | undefined): MasterRow[] {
  return (s?.lines ?? []).map(({ text, line }) => {
    const row = squeeze(text);
    const w = row.split(' ');
    if (w.length < 8 || !MASTER_TYPES.includes(w[1] ?? ''))
      throw new InspectError(`line ${line}: "${text.slice(0, 60)}" is not a master.cf row of postconf -M`, line);
    return { service: w[0] ?? '', type: w[1] ?? '', row, command: w[7] ?? '', args: w.slice(8) };
  });
}

/** imapd.conf as Cyrus (and apply.sh's imapd_value) reads it: the last line of a key wins. */
export function imapdValues(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of lines) {
    const s = l.replace(/^[ \t]+/, '');
    const m = /^([^:#\s][^:\s]*)[ \t]*:[ \t]*(.*)$/.exec(s);
    if (m?.[1] !== undefined) out[m[1]] = m[2] ?? '';
  }
  return out;
}

/** The SERVICES entries of cyrus.conf (apply.sh's set_service reads the same lines). */
export function cyrusServices(lines: readonly string[]): CyrusServiceEntry[] {
  const out: CyrusServiceEntry[] = [];
  let inside = false;
  for (const l of lines) {
    if (/^[ \t]*SERVICES[ \t]*\{/.test(l)) {
      inside = true;
      continue;
    }
    if (inside && /^[ \t]*\}/.test(l)) inside = false;
    if (!inside) continue;
    // awk's $1, as apply.sh's set_service and checks compare it
    const line = l.trim();
    const first = line.split(/[ \t]+/)[0] ?? '';
    const name = first.replace(/^#+/, '');
    if (name === '') continue;
    const options: Record<string, string> = {};
    for (const o of line.matchAll(/([a-z_]+)=(?:"([^"]*)"|(\S+))/g)) if (o[1]) options[o[1]] = o[2] ?? o[3] ?? '';
    out.push({ name, line, options, commented: first.startsWith('#') });
  }
  return out;
}

/** A lookup table source as postmap reads it: comments, blank and continuation lines skipped. */
export function tableEntries(lines: readonly string[]): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const l of lines) {
    if (/^[ \t]*(#|$)/.test(l) || /^[ \t]/.test(l)) continue;
    const m = /^(\S+)[ \t]+(.*?)[ \t]*$/.exec(l);
    out.push(m?.[1] ? { key: m[1], value: m[2] ?? '' } : { key: l.trim(), value: '' });
  }
  return out;
}

function release(v: string, line: number): Target {
  const m = /^([0-9]+)(\.|$)/.exec(v);
  const id = m ? `debian-${m[1]}` : '';
  if (!isTarget(id)) {
    throw new InspectError(
      `inspect.sh ran on Debian ${v || '(no /etc/debian_version)'}; the wizard makes bundles for Debian 12 (bookworm) and 13 (trixie) only`,
      line,
    );
  }
  return id;
}

const text = (s: Section | undefined): string => (s ? s.lines.map((l) => `${l.text}\n`).join('') : '');

function hostOf(b: Block): InspectedHost {
  const need = (k: string) => {
    const f = b.fields.get(k);
    if (!f) throw new InspectError(`the block that starts on line ${b.start} has no @${k} line`, b.start);
    return f;
  };
  const dv = need('debian_version');
  const pkg = (name: string) => {
    const p = b.packages.get(name);
    if (!p)
      throw new InspectError(
        `the block that starts on line ${b.start} does not say whether ${name} is installed`,
        b.start,
      );
    if (p.value === 'absent') return { installed: false };
    const version = p.value.replace(/^[0-9]+:/, '').replace(/-[^-]*$/, '');
    return { installed: true, package: p.value, version };
  };
  const one = (name: string) => b.sections.find((s) => s.name === name && !s.absent && !s.unreadable);
  const all = (name: string) => b.sections.filter((s) => s.name === name && !s.absent && !s.unreadable);
  const postfix = pkg('postfix');
  const pv = b.fields.get('postconf-version')?.value;
  if (postfix.installed && pv && /^[0-9][0-9.]*$/.test(pv)) postfix.version = pv;

  const imapdSec = one('imapd.conf');
  const cyrusSec = one('cyrus.conf');
  const allowSec = b.sections.find((s) => s.name === 'hosts.allow');
  const denySec = b.sections.find((s) => s.name === 'hosts.deny');
  const linesOf = (s: Section | undefined) => (s && !s.absent && !s.unreadable ? s.lines.map((l) => l.text) : null);

  const saslMapKeys: Record<string, string[]> = {};
  for (const s of all('sasl-map-keys')) {
    saslMapKeys[s.arg] = s.lines.map(({ text: k, line }) => {
      if (/\s/.test(k) || k === '') throw new InspectError(`line ${line}: a SASL map key with whitespace`, line);
      return k;
    });
  }
  const transportMaps: Record<string, { key: string; value: string }[]> = {};
  const files: Record<string, string> = {};
  for (const s of all('transport-map')) {
    transportMaps[s.arg] = tableEntries(s.lines.map((l) => l.text));
    files[s.arg] = text(s);
  }
  const groups = one('groups');
  const socketDirs: InspectedHost['socketDirs'] = {};
  for (const s of all('dir')) {
    const m = s.lines.length === 1 ? /^(\S+) (\S+) ([0-7]{3,4})$/.exec(s.lines[0]?.text ?? '') : null;
    if (!m?.[1] || !m[2] || !m[3])
      throw new InspectError(`line ${s.line + 1}: the directory ${s.arg} is not "owner group mode"`, s.line + 1);
    socketDirs[s.arg] = { owner: m[1], group: m[2], mode: m[3] };
  }
  const known = one('imapd-known')?.lines.map(({ text: k, line }) => {
    if (!/^[a-z_]+$/.test(k))
      throw new InspectError(`line ${line}: "${k.slice(0, 60)}" is not an imapd.conf key`, line);
    return k;
  });

  const main = keyValues(one('postconf-n'));
  const postconf = {
    effective: keyValues(one('postconf-h')),
    defaults: keyValues(one('postconf-d')),
    expanded: keyValues(one('postconf-x')),
  };
  for (const k of Object.keys({ ...postconf.effective, ...postconf.defaults, ...postconf.expanded })) {
    if (!POSTCONF_KEYS.includes(k))
      throw new InspectError(`the postconf sections name "${k}", which inspect.sh does not ask for`, b.start);
  }
  if (postfix.installed) {
    files['/etc/postfix/main.cf'] = text(one('postconf-n'));
    files['/etc/postfix/master.cf'] = text(one('postconf-M'));
  }
  if (imapdSec) files[imapdSec.arg] = text(imapdSec);
  if (cyrusSec) files[cyrusSec.arg] = text(cyrusSec);
  const svc = one('services-lmtp');
  if (svc) files[svc.arg] = text(svc);
  if (allowSec && !allowSec.absent && !allowSec.unreadable) files[allowSec.arg] = text(allowSec);
  if (denySec && !denySec.absent && !denySec.unreadable) files[denySec.arg] = text(denySec);

  return {
    release: release(dv.value, dv.line),
    debianVersion: dv.value,
    hostname: b.fields.get('hostname')?.value ?? '',
    postfix,
    cyrus: pkg('cyrus-imapd'),
    main,
    postconf,
    master: masterRows(one('postconf-M')),
    masterParams: keyValues(one('postconf-P'), P_RE, '"service/type/parameter = value" line of postconf -P'),
    imapd: imapdValues(linesOf(imapdSec) ?? []),
    imapdKnown: known ?? [],
    cyrusServices: cyrusServices(linesOf(cyrusSec) ?? []),
    servicesLmtp: linesOf(svc) ?? [],
    hostsAllow: linesOf(allowSec),
    hostsDeny: linesOf(denySec),
    saslMapKeys,
    transportMaps,
    postfixGroups: groups ? (groups.lines[0]?.text ?? '').split(' ').filter(Boolean) : null,
    socketDirs,
    files,
    unreadable: b.sections.filter((s) => s.unreadable).map((s) => s.arg),
  };
}

/**
 * Reads the output of one or more runs of inspect.sh (a remote topology has a
 * Postfix host and a store; paste both). Text around the blocks (a shell
 * prompt, blank lines) is ignored and said in `notes`. Never throws.
 */
export function parseInspect(input: string): ParseInspectResult {
  try {
    return parse(input);
  } catch (e) {
    if (e instanceof InspectError)
      return { ok: false, error: e.message, ...(e.line !== undefined ? { line: e.line } : {}) };
    return { ok: false, error: `the text could not be read (${e instanceof Error ? e.message : String(e)})` };
  }
}

function parse(input: string): ParseInspectResult {
  if (typeof input !== 'string') throw new InspectError('no text was given');
  if (input.length > MAX_INSPECT_CHARS) {
    throw new InspectError(
      `the text is ${(input.length / 1e6).toFixed(1)} million characters long; inspect.sh prints far less. Paste only its output`,
    );
  }
  const lines = input.split(/\r\n|\r|\n/);
  const hosts: InspectedHost[] = [];
  const notes: string[] = [];
  let ignored = 0;
  let block: { start: number; body: { text: string; line: number }[] } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const t = (lines[i] ?? '').replace(/[ \t]+$/, '');
    const begin = BEGIN_RE.exec(t);
    if (begin) {
      if (block)
        throw new InspectError(
          `the output that starts on line ${block.start} has no end line before line ${line}: it was cut. Copy all of it, down to the "end" line`,
          block.start,
        );
      if (begin[1] !== String(INSPECT_FORMAT)) {
        throw new InspectError(
          `line ${line}: this is inspect.sh output in format ${begin[1]}, and this wizard reads format ${INSPECT_FORMAT}. Run the inspect.sh this wizard offers`,
          line,
        );
      }
      block = { start: line, body: [] };
      continue;
    }
    const end = END_RE.exec(t);
    if (end) {
      if (!block)
        throw new InspectError(
          `line ${line} ends an inspect.sh output whose first line is missing: it was cut. Copy all of it, from the "begin" line`,
          line,
        );
      const n = Number(end[1]);
      if (block.body.length !== n) {
        throw new InspectError(
          `the output that starts on line ${block.start} has ${block.body.length} lines where inspect.sh printed ${n}: lines were lost or added. Copy all of it again, unchanged`,
          block.start,
        );
      }
      const sum = posixCksum(block.body.map((l) => `${l.text}\n`).join(''));
      if (String(sum) !== end[2]) {
        throw new InspectError(
          `the output that starts on line ${block.start} was changed after inspect.sh printed it (its cksum does not match). Paste it as inspect.sh printed it`,
          block.start,
        );
      }
      hosts.push(hostOf(readBlock(block.body, block.start)));
      block = undefined;
      continue;
    }
    if (t.includes(MARKER_HINT))
      throw new InspectError(`line ${line} looks like a line of inspect.sh but is not one: was it edited?`, line);
    if (block) block.body.push({ text: t, line });
    else if (t.trim() !== '') ignored++;
  }
  if (block)
    throw new InspectError(
      `the output that starts on line ${block.start} has no end line: it was cut. Copy all of it, down to the "end" line`,
      block.start,
    );
  if (hosts.length === 0) {
    throw new InspectError(
      'this is not the output of inspect.sh: its first line is "=== lmtp-wizard inspect.sh begin format 1 ===". Run inspect.sh from the bundle on your server and paste all it prints',
    );
  }
  const seen = new Set<string>();
  const unique = hosts.filter((h) => {
    const id = JSON.stringify(h);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  if (unique.length < hosts.length)
    notes.push(`the same host's output was pasted ${hosts.length - unique.length + 1} times; it is read once`);
  hosts.splice(0, hosts.length, ...unique);
  if (ignored > 0)
    notes.push(
      `${ignored} line(s) around the inspect.sh output were ignored (a shell prompt, say); nothing was read from them`,
    );
  for (const h of hosts)
    for (const f of h.unreadable) notes.push(`${h.hostname}: inspect.sh could not read ${f} (run it as root)`);
  if (hosts.length > 1 && new Set(hosts.map((h) => h.release)).size > 1) {
    notes.push(
      `the hosts run different releases (${hosts.map((h) => `${h.hostname}: ${h.release}`).join(', ')}); a bundle is for one release`,
    );
  }
  return { ok: true, hosts, notes };
}
