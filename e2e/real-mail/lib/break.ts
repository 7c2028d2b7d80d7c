// "The suite can fail": REAL_MAIL_BREAK=chroot|lmtp_admins|port|reject_code corrupts ONE
// generated line of every extracted bundle, before apply.sh runs, so that a
// run shows which cases catch that mistake.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BREAKS = ['chroot', 'lmtp_admins', 'port', 'reject_code'] as const;
export type BreakKind = (typeof BREAKS)[number];

export function breakKind(): BreakKind | undefined {
  const v = process.env.REAL_MAIL_BREAK;
  if (!v) return undefined;
  if (!(BREAKS as readonly string[]).includes(v))
    throw new Error(`REAL_MAIL_BREAK=${v}: use one of ${BREAKS.join(', ')}`);
  return v as BreakKind;
}

interface Rule {
  hosts: string[];
  /** the one line to corrupt, and how */
  find: RegExp;
  change: (line: string) => string;
}

const RULES: Record<BreakKind, Rule> = {
  // the Postfix service for Cyrus, chrooted: set_master cyrus/unix 'cyrus unix - - n - 100 lmtp'
  chroot: {
    hosts: ['mail-host', 'postfix-host'],
    find: /^set_master \S+\/unix '\S+ unix - - n /,
    change: (l) => l.replace(/ unix - - n /, ' unix - - y '),
  },
  // the store no longer makes the SASL user an LMTP admin
  lmtp_admins: {
    hosts: ['cyrus-host'],
    find: /^add_imapd_list lmtp_admins /,
    change: () => ': # REAL_MAIL_BREAK removed: add_imapd_list lmtp_admins',
  },
  // Postfix talks to the wrong port on the store
  port: {
    hosts: ['postfix-host'],
    // an IPv6 next hop is quoted: set_main mailbox_transport 'cyrus:inet:[fd00:…::1]:2003'
    find: /^set_main (mailbox|virtual)_transport '?\S+:inet:\S+:\d+'?$/,
    change: (l) => l.replace(/:(\d+)('?)$/, (_m, p: string, q: string) => `:${Number(p) + 1}${q}`),
  },
  // the recipient check keeps Postfix's default unverified_recipient_reject_code, 450
  reject_code: {
    hosts: ['mail-host', 'postfix-host'],
    find: /^set_main unverified_recipient_reject_code 550$/,
    change: () => ': # REAL_MAIL_BREAK removed: set_main unverified_recipient_reject_code 550',
  },
};

/** Returns what was changed, one entry per corrupted file (empty when nothing matched). */
export function breakBundle(hosts: Record<string, string | undefined>): string[] {
  const kind = breakKind();
  if (!kind) return [];
  const rule = RULES[kind];
  const done: string[] = [];
  // postfix-host covers every MX's postfix-host-<name>/ too
  for (const host of Object.keys(hosts).filter((h) => rule.hosts.some((r) => h === r || h.startsWith(`${r}-`)))) {
    const dir = hosts[host];
    if (!dir) continue;
    const path = join(dir, 'apply.sh');
    const lines = readFileSync(path, 'utf8').split('\n');
    // the last match: the preflight replays the Postfix lines first, on a copy
    const i = lines.map((l) => rule.find.test(l)).lastIndexOf(true);
    if (i < 0) continue;
    const before = lines[i] ?? '';
    lines[i] = rule.change(before);
    writeFileSync(path, lines.join('\n'));
    done.push(`${host}/apply.sh:${i + 1}: ${before}  ->  ${lines[i]}`);
  }
  for (const d of done) console.log(`    REAL_MAIL_BREAK=${kind}: ${d}`);
  return done;
}
