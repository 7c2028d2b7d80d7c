// The explanations' claims about how mail is handed over, checked against the
// daemons (issue 14). Every sentence of the bundle (main.cf comments, the
// READMEs) and of the wizard's field help that says a message is "handed
// over once" / "stored once", or that each recipient is a separate delivery,
// names the routes it speaks of (mailbox_transport, virtual_transport,
// transport_maps, default_transport). One 10-recipient message goes through
// each route this single host has (local, virtual domain, transport map), and
// for each the daemons say what happened: LMTP transactions are the distinct
// SESSIONIDs in Cyrus's replies that Postfix logged for the message (lmtpd
// makes a new one per transaction), stored copies the distinct inodes of the
// new spool files (Cyrus's single-instance store hard-links one file into
// every mailbox of a transaction). Each claim must match, and each route must
// be the subject of some claim.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FIELD_HINTS } from '../../../apps/web/src/state/field-hints.ts';
import { FIELDS } from '../../../apps/web/src/state/fields.ts';
import { POSTFIX_LOG } from '../lib/base-config.ts';
import type { Net } from '../lib/network.ts';
import { assert } from '../lib/runner.ts';
import type { Case, Ctx, Scenario } from '../lib/scenario.ts';
import { waitFor } from '../lib/sh.ts';
import { spoolDirs, spoolFiles, type SpoolFile } from '../lib/spool.ts';
import { send } from './common.ts';

const USERS = Array.from({ length: 10 }, (_, i) => `c${i}`);
type Route = 'local' | 'virtual' | 'map' | 'default';
/** The words a sentence names a route by. */
const ROUTE_WORDS: Record<Route, RegExp> = {
  local: /mailbox_transport|local recipient/i,
  virtual: /virtual_transport|virtual domain/i,
  map: /transport_maps|transport-map domain|transport map/i,
  default: /default_transport|default transport/i,
};
const DOMAIN: Partial<Record<Route, string>> = { local: 'mx.test', virtual: 'example.org', map: 'lists.example.org' };
type Kind = 'once' | 'separate';
const CLAIMS: Record<Kind, RegExp> = {
  once: /handed over once|stores it once|stored once/i,
  separate:
    /separate delivery|one recipient per delivery|one recipient at a time|over one at a time|one by one|per local recipient|ten LMTP deliveries/i,
};

interface Claim {
  where: string;
  kind: Kind;
  routes: Route[];
  text: string;
}

/** Text files of the bundle the person reads, comments of the config fragments as prose. */
export function bundleTexts(c: Pick<Ctx, 'bundle'>): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}${name}/`);
      else if (name.endsWith('.md')) out.push({ where: `${rel}${name}`, text: readFileSync(p, 'utf8') });
      else if (name.endsWith('.fragment')) {
        const comments = readFileSync(p, 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('# '))
          .map((l) => l.slice(2));
        out.push({ where: `${rel}${name}`, text: comments.join(' ') });
      }
    }
  };
  walk(c.bundle.root, '');
  // a field's help is in fields.ts (the first step's) or in field-hints.ts (every other, issue 25); a test holds each to exactly one
  for (const [path, f] of Object.entries(FIELDS)) {
    const text = (f as { hint?: string }).hint ?? FIELD_HINTS[path as keyof typeof FIELD_HINTS];
    if (text === undefined) throw new Error(`web field ${path} has no help text in fields.ts or field-hints.ts`);
    out.push({ where: `web field ${path}`, text });
  }
  return out;
}

export function claimsIn(texts: { where: string; text: string }[]): Claim[] {
  const claims: Claim[] = [];
  for (const { where, text } of texts) {
    for (const sentence of text.replace(/\s+/g, ' ').split(/(?<=[.:;])\s+(?=[A-Z(])/)) {
      for (const kind of Object.keys(CLAIMS) as Kind[]) {
        if (!CLAIMS[kind].test(sentence)) continue;
        const routes = (Object.keys(ROUTE_WORDS) as Route[]).filter((r) => ROUTE_WORDS[r].test(sentence));
        claims.push({ where, kind, routes, text: sentence });
      }
    }
  }
  return claims;
}

interface Observed {
  transactions: number;
  copies: number;
  stored: number;
}

async function measure(c: Ctx, route: Route, dirs: Map<string, string>): Promise<Observed> {
  const key = (f: SpoolFile) => `${f.mailbox}/${f.name}`;
  const had = new Set(spoolFiles(c.h.cyrus, dirs).map(key));
  const s = await send(
    c,
    USERS.map((u) => `${u}@${DOMAIN[route]}`),
  );
  let fresh: SpoolFile[] = [];
  await waitFor(
    `10 new message files in the spool (${route} route)`,
    async () => {
      fresh = spoolFiles(c.h.cyrus, dirs).filter((f) => !had.has(key(f)));
      return fresh.length >= USERS.length;
    },
    30_000,
    100,
  );
  let sent: string[] = [];
  await waitFor(
    `10 status=sent lines for ${s.queueId}`,
    async () => {
      sent = (c.h.postfix.read(POSTFIX_LOG) ?? '')
        .split('\n')
        .filter((l) => l.includes(` ${s.queueId}: to=<`) && l.includes('status=sent'));
      return sent.length >= USERS.length;
    },
    30_000,
    100,
  );
  const sessions = new Set(sent.map((l) => /SESSIONID=<([^>]+)>/.exec(l)?.[1]));
  assert(!sessions.has(undefined), `a status=sent line without Cyrus's SESSIONID:\n${sent.join('\n')}`);
  return { transactions: sessions.size, copies: new Set(fresh.map((f) => f.ino)).size, stored: fresh.length };
}

const claimsHold: Case = {
  name: 'every explanation that says "handed over once", "stores it once" or "separate delivery" names its routes, and one 10-recipient message per route shows the same in Postfix\'s log and Cyrus\'s spool',
  fn: async (c) => {
    const dirs = await spoolDirs(
      c.h.cyrus,
      USERS.map((u) => `user.${u}`),
    );
    const seen: Partial<Record<Route, Observed>> = {};
    for (const r of Object.keys(DOMAIN) as Route[]) seen[r] = await measure(c, r, dirs);
    const verdict = (o: Observed): Kind | 'other' =>
      o.transactions === 1 && o.copies === 1
        ? 'once'
        : o.transactions === USERS.length && o.copies === USERS.length
          ? 'separate'
          : 'other';
    const claims = claimsIn(bundleTexts(c));
    const problems: string[] = [];
    for (const k of claims) {
      if (k.routes.length === 0) problems.push(`${k.where}: a "${k.kind}" claim that names no route: ${k.text}`);
      for (const r of k.routes) {
        const o = seen[r];
        if (o && verdict(o) !== k.kind)
          problems.push(
            `${k.where}: says "${k.kind}" for the ${r} route, the daemons show ${o.transactions} LMTP transactions and ${o.copies} stored copies for 10 recipients: ${k.text}`,
          );
      }
    }
    for (const r of Object.keys(DOMAIN) as Route[]) {
      if (!claims.some((k) => k.routes.includes(r)))
        problems.push(`no explanation says how the ${r} route hands over a message to many users`);
    }
    const summary = (Object.keys(seen) as Route[])
      .map((r) => `${r}: ${seen[r]?.transactions} transactions, ${seen[r]?.copies} copies, ${seen[r]?.stored} files`)
      .join('; ');
    assert(problems.length === 0, `${problems.join('\n')}\n(observed: ${summary}; ${claims.length} claims read)`);
    console.log(`  claims: ${claims.length} sentences checked; ${summary}`);
  },
};

export const claims = (_n: Net): { s: Scenario; cases: Case[] }[] => [
  {
    s: {
      name: 'claims-single',
      kind: 'single-host',
      // "any": no recipient probes (3 s each on first use); the claims are about delivery, not the check
      answers: {
        topology: 'single-host',
        mailHost: 'mx.test',
        delivery: {
          virtualDomains: ['example.org'],
          transportMapDomains: ['lists.example.org'],
          localRecipientCheck: 'any',
        },
      },
      mailboxes: USERS.map((u) => `user.${u}`),
      lmtp: { path: '/run/cyrus/socket/lmtp' },
    },
    cases: [claimsHold],
  },
];
