// The generator's output: the public shape behind the preview, the API and
// the tarball layout.
import type { Answers } from '@lmtp-wizard/schema';

/** A host folder: the topology's own, or one further MX's postfix-host-<host> (issue 15). */
export type HostId = 'mail-host' | 'postfix-host' | 'cyrus-host' | `postfix-host-${string}`;
/** A Cyrus Murder's host folders (issue 15): the role, then the host name. */
export type MurderHostId = `${'mupdate' | 'frontend' | 'backend'}-${string}`;
export type FolderId = HostId | MurderHostId;

/** How apply.sh brings a file onto the host. */
export type InstallKind =
  /** main.cf settings, applied one by one with `postconf -e`; the file is for review. */
  | 'postconf'
  /** master.cf services, applied with `postconf -M` / `-P`; the file is for review. */
  | 'postconf-master'
  /** imapd.conf keys, edited in place. */
  | 'imapd-conf'
  /** cyrus.conf service lines, edited in place inside SERVICES. */
  | 'cyrus-conf'
  /** Copied to its target path with its mode. */
  | 'copy'
  /** Lines added to a shared file such as /etc/services when they are missing. */
  | 'append-line'
  /** Read by apply.sh itself (e.g. the password fed to saslpasswd2); never installed. */
  | 'input';

export interface GeneratedFile {
  /** Path inside the host folder, e.g. "files/etc/postfix/sasl_passwd". */
  path: string;
  /** Where it goes on the host, e.g. "/etc/postfix/sasl_passwd"; null for inputs. */
  target: string | null;
  mode: number;
  install: InstallKind;
  content: string;
  /** Our own words: what the file does and why. */
  explanation: string;
  /** The section of the Debian guide this follows, or corrects. */
  guideRef: string;
  /** True when the content holds the SASL password. Such files are 0600 and masked in previews. */
  secret: boolean;
}

export interface Step {
  title: string;
  explanation: string;
  guideRef: string;
  commands: string[];
  /** The same change as plain commands and file lines, for the README (no apply.sh). */
  manual?: { note: string; lang: 'sh' | 'text'; lines: string[] }[];
  /**
   * Read-only checks that may refuse (they call `conflict`). apply.sh runs the
   * checks of every step before its first change, and stops if any refused.
   */
  preflight?: string[];
  /**
   * The commands that change main.cf and master.cf, replayed in the preflight
   * on a copy of /etc/postfix (postconf -c): the dry run's diffs, and the
   * postconf check of the result before any change.
   */
  plan?: string[];
  /** The names `apply.sh --replace` accepts for this step's conflicts. */
  replaceable?: string[];
  /**
   * Read-only checks that run before the plan: what the plan itself needs (the
   * store's certificate pin, which the master.cf row carries).
   */
  inputs?: string[];
}

export interface HostBundle {
  id: FolderId;
  title: string;
  files: GeneratedFile[];
  steps: Step[];
}

export interface Warning {
  path: string;
  message: string;
}

export interface GeneratorOutput {
  /** Bundle-level files: README.md and answers.json (password removed). */
  files: GeneratedFile[];
  hosts: HostBundle[];
  warnings: Warning[];
}

export type { Answers };
