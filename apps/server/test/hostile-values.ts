// The hostile strings of the corpus, each made from a valid value of the
// field it is applied to, so the field is refused for the hostile part alone.
// Characters go in the middle or at the end after other text: the host-name
// fields trim surrounding whitespace (and fold case) before checking, so a
// trailing "\n" on its own is not hostile, it is tidied away.

export interface HostileString {
  name: string;
  make: (valid: string) => string;
  /**
   * Printable ASCII only. The SASL password accepts every character from 33
   * to 126 by design (quotes, `$`, `;`, `\`...); it is never parsed, only
   * written to 0600 files and quoted as one shell word, which the generator's
   * property tests check. These entries are not applied to the password.
   */
  printable?: true;
}

const embed = (ch: string) => (v: string) => `${v.slice(0, 2)}${ch}${v.slice(2)}`;
const LOOK_ALIKE: Record<string, string> = { a: '\u0430', e: '\u0435', o: '\u043e', p: '\u0440', c: '\u0441' };
const fullwidth = (v: string) => v.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

export const LONG = 'Lx'.repeat(30_000);

export const HOSTILE_STRINGS: readonly HostileString[] = [
  { name: 'newline + injected directive', make: (v) => `${v}\nlmtp_admins: anyone` },
  { name: 'CR + injected directive', make: (v) => `${v}\rlmtp_admins: anyone` },
  { name: 'CRLF + injected line', make: (v) => `${v}\r\nmydestination = evil.example` },
  { name: 'NUL', make: embed('\u0000') },
  { name: 'SOH (C0)', make: embed('\u0001') },
  { name: 'BEL (C0)', make: embed('\u0007') },
  { name: 'TAB inside', make: embed('\t') },
  { name: 'VT inside', make: embed('\u000b') },
  { name: 'FF inside', make: embed('\u000c') },
  { name: 'ESC terminal sequence', make: (v) => `${v}\u001b[2J\u001b]0;pwned\u0007` },
  { name: 'US (C0 0x1f)', make: embed('\u001f') },
  { name: 'DEL', make: embed('\u007f') },
  { name: 'NEL (C1 0x85)', make: embed('\u0085') },
  {
    name: 'Cyrillic look-alike',
    make: (v) => (/[aeopc]/.test(v) ? v.replace(/[aeopc]/, (c) => LOOK_ALIKE[c] ?? c) : `\u0430${v}`),
  },
  { name: 'fullwidth forms', make: fullwidth },
  { name: 'bidi RLO U+202E', make: embed('\u202e') },
  { name: 'bidi LRI U+2066 / PDI U+2069', make: (v) => `\u2066${v}\u2069x` },
  { name: 'LINE SEPARATOR U+2028', make: embed('\u2028') },
  { name: 'PARAGRAPH SEPARATOR U+2029', make: embed('\u2029') },
  { name: 'zero-width space U+200B', make: embed('\u200b') },
  { name: 'BOM U+FEFF inside', make: embed('\ufeff') },
  { name: 'lone surrogate', make: embed('\ud800') },
  { name: 'space inside', make: (v) => `${v} x` },
  { name: '$(id)', make: (v) => `${v}$(id)`, printable: true },
  { name: 'backticks', make: (v) => `${v}\`id\``, printable: true },
  { name: 'semicolon', make: (v) => `${v};reboot`, printable: true },
  { name: 'single quote', make: (v) => `${v}'x`, printable: true },
  { name: 'double quote', make: (v) => `${v}"x`, printable: true },
  { name: 'backslash', make: (v) => `${v}\\x`, printable: true },
  { name: 'pipe and redirect', make: (v) => `${v}|sh>/tmp/x`, printable: true },
  { name: '${IFS} expansion', make: (v) => `${v}\${IFS}x`, printable: true },
  {
    name: '.. traversal',
    make: (v) => (v.startsWith('/') ? `/run/../etc/shadow` : `${v}/../../etc/passwd`),
    printable: true,
  },
  { name: 'very long (60,000 characters)', make: () => LONG },
  { name: 'empty', make: () => '' },
  { name: 'spaces only', make: () => '   ' },
];

/** Values of the wrong JSON type for a string field. */
export const WRONG_TYPES_FOR_STRING: readonly { name: string; value: unknown }[] = [
  { name: 'number', value: 42 },
  { name: 'boolean', value: true },
  { name: 'null', value: null },
  { name: 'object', value: { value: 'x' } },
  { name: 'array', value: ['x'] },
];
