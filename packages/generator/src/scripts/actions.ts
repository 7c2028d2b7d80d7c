// Turns each file module's entries into the shell commands that apply them.
// The same commands make apply.sh and the README's manual steps. What a
// policy does is its own module's (policies/); here only the files
// installed whole, which have none.
import type { Body } from '../files/module.ts';
import { policyOf } from '../policies/index.ts';
import { sh, word } from '../serializers/shell.ts';

export const LOCAL_DOMAINS_RESOLVE =
  'list the domains in mydestination itself (the recipient check must name each one), or answer delivery.localRecipientCheck "unix" or "any" in the wizard';

/** The read-only checks for a file module's entries; each may record a conflict. */
export function preflightFor(body: Body, target: string | null = null): string[] {
  const p = policyOf(body);
  if (p) return p.preflight(body, target);
  if (body.kind === 'table' && body.localDomains) {
    return [sh`check_local_domains_listable ${word(LOCAL_DOMAINS_RESOLVE, body.localDomains.source)}`];
  }
  return [];
}

/**
 * The names `apply.sh --replace` accepts for a module's conflicts: a main.cf or
 * imapd.conf key, cyrus.conf:SERVICE, MAP:KEY. The shell checks name their
 * conflicts the same way (policies/).
 */
export const replaceKeysFor = (body: Body, target: string | null = null): string[] =>
  policyOf(body)?.replaceKeys(body, target) ?? [];

/** The commands replayed on the plan's copy of /etc/postfix (main.cf, master.cf). */
export const planFor = (body: Body, path: string, target: string | null): string[] =>
  body.kind === 'postconf' || body.kind === 'postconf-master' ? commandsFor(body, path, target) : [];

export function commandsFor(body: Body, path: string, target: string | null): string[] {
  const p = policyOf(body);
  if (p) return p.commands(body, target);
  switch (body.kind) {
    case 'table': {
      if (body.localDomains) {
        return [
          sh`install_map_with_local_domains "$HERE"/${word(path)} ${word(target ?? '')} ${word(body.localDomains.value, body.localDomains.source)}`,
          sh`postmap_if_needed ${word(target ?? '')}`,
        ];
      }
      const mode = path.endsWith('sasl_passwd') ? '0600' : '0644';
      return [
        sh`install_file "$HERE"/${word(path)} ${word(target ?? '')} ${mode} root root`,
        sh`postmap_if_needed ${word(target ?? '')}`,
      ];
    }
    case 'columns-file':
      return [
        sh`install_file "$HERE"/${word(path)} ${word(target ?? '')} 0644 root root`,
        'divert_packaged_tmpfiles',
        'apply_tmpfiles_now',
      ];
    default:
      return [];
  }
}
