// The contract of "Start from my current configuration" (issue 12), for the
// wizard: what parseInspect() reads out of inspect.sh's output, the answers
// prefillFrom() derives from it, and the plan planFromInspect() computes.
import type { Target } from '@lmtp-wizard/schema';
import type { HostId } from '../types.ts';

/** One row of `postconf -M`: service, type and the row as one line, whitespace squeezed. */
export interface MasterRow {
  service: string;
  type: string;
  /** "cyrus unix - - n - 100 lmtp -o ..." (one space between words), as apply.sh compares it. */
  row: string;
  command: string;
  args: string[];
}

/** One SERVICES entry of cyrus.conf. */
export interface CyrusServiceEntry {
  name: string;
  /** the line, leading and trailing whitespace removed */
  line: string;
  /** name="value" and name=value options (cmd, listen, prefork, maxchild, ...) */
  options: Record<string, string>;
  /** commented out ("#name ..."): listed, but cyrmaster does not run it */
  commented: boolean;
}

/** What one host's inspect.sh block says. Values are as the host has them (secrets as SECRET_MARKER). */
export interface InspectedHost {
  /** The release the host runs (from /etc/debian_version); other releases are refused by the parser. */
  release: Target;
  debianVersion: string;
  hostname: string;
  postfix: { installed: boolean; version?: string; package?: string };
  cyrus: { installed: boolean; version?: string; package?: string };
  /** postconf -n: the parameters main.cf sets, key -> value. */
  main: Record<string, string>;
  /** postconf, postconf -d and postconf -x of POSTCONF_KEYS: effective, default and expanded values. */
  postconf: { effective: Record<string, string>; defaults: Record<string, string>; expanded: Record<string, string> };
  /** postconf -M */
  master: MasterRow[];
  /** postconf -P: "service/type/param" -> value */
  masterParams: Record<string, string>;
  /** imapd.conf, key -> value (the last line of a key wins, as in Cyrus). */
  imapd: Record<string, string>;
  /** The keys of IMAPD_IF_KNOWN that this Cyrus knows (cyr_info conf-default). */
  imapdKnown: string[];
  /** cyrus.conf's SERVICES entries, commented ones included. */
  cyrusServices: CyrusServiceEntry[];
  /** The lines of /etc/services that name lmtp. */
  servicesLmtp: string[];
  /** hosts.allow and hosts.deny lines; null when the file does not exist. */
  hostsAllow: string[] | null;
  hostsDeny: string[] | null;
  /** The keys of each SASL password map (path -> keys); values are never printed. */
  saslMapKeys: Record<string, string[]>;
  /** The entries of each transport map source file (path -> key/value, comments skipped). */
  transportMaps: Record<string, { key: string; value: string }[]>;
  /** The groups of the postfix user; null when there is no such user. */
  postfixGroups: string[] | null;
  /** Owner, group and mode (octal text) of the socket directories looked at. */
  socketDirs: Record<string, { owner: string; group: string; mode: string }>;
  /**
   * The current text of each file as the preview shows it, keyed by its path on
   * the host (the target of a GeneratedFile): /etc/postfix/main.cf is postconf -n,
   * /etc/postfix/master.cf is postconf -M; /etc/services holds only its lmtp lines.
   */
  files: Record<string, string>;
  /** Files inspect.sh could not read (the SASL maps, when not run as root). */
  unreadable: string[];
}

export type ParseInspectResult =
  | { ok: true; hosts: InspectedHost[]; notes: string[] }
  | { ok: false; error: string; line?: number };

/** An answer the server implies: an answer path of the schema (["delivery", "virtualDomains"]) and its value. */
export interface Prefill {
  path: string[];
  value: unknown;
  /** Why, in words for the admin ("from your server: main.cf myhostname"). */
  note: string;
}

/**
 * One entry of the plan: a main.cf or imapd.conf key, a master.cf service
 * ("cyrus/unix"), a cyrus.conf SERVICES entry (its name), a lookup table key,
 * the lmtp entry of /etc/services, or a tcp-wrapper line.
 * - add: not there; apply.sh adds it.
 * - merge: there with another value; apply.sh changes it as its policy says
 *   (a list gains our items, an owned value or an earlier bundle's route is replaced).
 * - unchanged: already as this bundle wants it.
 * - conflict: apply.sh refuses before any change (`resolve` lists the ways out).
 */
export interface PlanEntry {
  /** the file on the host: /etc/postfix/main.cf, /etc/imapd.conf, /etc/postfix/transport, ... */
  file: string;
  key: string;
  action: 'add' | 'merge' | 'unchanged' | 'conflict';
  /** the value there now; null when there is none */
  old: string | null;
  /** the value this bundle writes (for a conflict: what it needs) */
  new: string;
  /** the answer path the entry comes from ("delivery.virtualDomains"), where the UI shows it */
  field?: string;
  /** conflicts: the ways out, the last one "apply.sh --replace KEY" where apply.sh can replace the entry */
  resolve?: string[];
}

export interface HostPlan {
  host: HostId;
  entries: PlanEntry[];
}

export interface PlanSummary {
  added: number;
  merged: number;
  unchanged: number;
  conflict: number;
}
