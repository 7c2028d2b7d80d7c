// Turns each file module's entries into the shell commands that apply them.
// The same commands make apply.sh and the README's manual steps.
import type { Body } from '../files/module.ts';
import { FINAL_RESTRICTIONS, postfixLine, restrictionItem } from '../serializers/postfix-main.ts';
import { masterRow } from '../serializers/master-cf.ts';
import { cyrusLine } from '../serializers/cyrus-kv.ts';
import { cyrusServiceLine } from '../serializers/cyrus-conf.ts';
import { columnsLine } from '../serializers/columns.ts';
import { sh, word } from '../serializers/shell.ts';

export const TABLE_RESOLVE =
  'the map already routes this domain elsewhere; remove it from delivery.transportMapDomains in the wizard, or change that entry by hand';

export const LOCAL_DOMAINS_RESOLVE =
  'list the domains in mydestination itself (the recipient check must name each one), or answer delivery.localRecipientCheck "unix" or "any" in the wizard';

/** The restrictions after which ours would never run, as shell words (postfix-main.ts). */
export const finalWords = (): string => FINAL_RESTRICTIONS.map((f) => sh`${word(f)}`).join(' ');

/** The items of a main.cf or imapd.conf list value (comma or space separated). */
export const listItems = (v: string): string[] => v.split(/[,\s]+/).filter(Boolean);

/** The read-only checks for a file module's entries; each may record a conflict. */
export function preflightFor(body: Body, target: string | null = null): string[] {
  if (body.kind === 'table' && body.policy === 'merged' && target) {
    return body.rows.map(
      (r) =>
        sh`check_table_key ${word(target)} ${word(r.key, r.source)} ${word(r.value, r.source)} ${word(TABLE_RESOLVE, r.source)}`,
    );
  }
  if (body.kind === 'imapd-conf') {
    return body.settings
      .filter((s) => s.policy === 'exclusive')
      .map(
        (s) =>
          `check_imapd_exclusive ${sh`${word(s.key, s.source)} ${word(s.value, s.source)} ${word(s.resolve ?? 'change the key by hand first', s.source)}`}`,
      );
  }
  if (body.kind === 'cyrus-conf') {
    return body.services
      .filter((s) => s.policy === 'exclusive')
      .flatMap((s) => [
        sh`check_service_listen ${word(s.name, s.source)} ${word(s.listen, s.source)} ${word(s.resolve ?? 'rename or remove that service by hand', s.source)}`,
        ...(s.ports?.length
          ? [`check_port_free ${[s.name, ...s.ports].map((w) => sh`${word(w, s.source)}`).join(' ')}`]
          : []),
      ]);
  }
  if (body.kind === 'append-line' && body.syntax === 'hosts.allow' && target) {
    return body.rows.map(
      (r) =>
        sh`check_wrapper_first ${word(target)} ${word(columnsLine(r, body.syntax), r.source)} ${word((r.columns[0] ?? '').replace(/:$/, ''), r.source)}`,
    );
  }
  if (body.kind === 'append-line' && body.syntax === 'services') {
    return body.rows.map((r) => sh`check_lmtp_service ${word((r.columns[1] ?? '').replace('/tcp', ''), r.source)}`);
  }
  if (body.kind === 'postconf') {
    return body.settings.flatMap((s) => {
      const unset = (s.requiresUnset ?? []).map(
        (n) => sh`check_main_unset ${word(n.key, s.source)} ${word(n.resolve, s.source)}`,
      );
      if (s.policy === 'exclusive') {
        return [
          sh`check_main_free ${word(s.key, s.source)} ${word(s.value, s.source)} ${word(s.ours ?? '', s.source)} ${word(s.resolve ?? 'change it by hand', s.source)}`,
          ...unset,
        ];
      }
      if (s.policy === 'merged-restriction') {
        const { name, arg } = restrictionItem(s);
        return [
          `check_restriction_place ${sh`${word(s.key, s.source)} ${word(name, s.source)} ${word(arg, s.source)} ${word(s.resolve ?? 'change it by hand', s.source)}`} ${finalWords()}`,
          ...unset,
        ];
      }
      if (s.policy === 'merged') return [sh`check_main_list_default ${word(s.key, s.source)}`, ...unset];
      return unset;
    });
  }
  if (body.kind === 'table' && body.localDomains) {
    return [sh`check_local_domains_listable ${word(LOCAL_DOMAINS_RESOLVE, body.localDomains.source)}`];
  }
  return [];
}

/**
 * The names `apply.sh --replace` accepts for a module's conflicts: a main.cf or
 * imapd.conf key, cyrus.conf:SERVICE, MAP:KEY. The shell checks name their
 * conflicts the same way (shell-lib.ts, shell-lib-postfix.ts).
 */
export function replaceKeysFor(body: Body, target: string | null = null): string[] {
  switch (body.kind) {
    case 'postconf':
    case 'imapd-conf':
      return body.settings.filter((s) => s.policy === 'exclusive').map((s) => s.key);
    case 'cyrus-conf':
      return body.services.filter((s) => s.policy === 'exclusive').map((s) => `cyrus.conf:${s.name}`);
    case 'table':
      return body.policy === 'merged' && target ? body.rows.map((r) => `${target}:${r.key}`) : [];
    default:
      return [];
  }
}

/** The commands replayed on the plan's copy of /etc/postfix (main.cf, master.cf). */
export const planFor = (body: Body, path: string, target: string | null): string[] =>
  body.kind === 'postconf' || body.kind === 'postconf-master' ? commandsFor(body, path, target) : [];

export function commandsFor(body: Body, path: string, target: string | null): string[] {
  switch (body.kind) {
    case 'postconf':
      return [
        ...body.settings.map((s) => {
          postfixLine(s); // refuses what main.cf cannot hold, before any quoting
          if (s.policy === 'merged-restriction') {
            const { name, arg } = restrictionItem(s);
            return sh`add_main_restriction ${word(s.key, s.source)} ${word(name, s.source)} ${word(arg, s.source)}`;
          }
          return s.policy === 'merged'
            ? `add_main_list ${[word(s.key, s.source), ...listItems(s.value).map((v) => word(v, s.source))].map((w) => sh`${w}`).join(' ')}`
            : sh`set_main ${word(s.key, s.source)} ${word(s.value, s.source)}`;
        }),
        'flush_main',
      ];
    case 'postconf-master':
      return body.services.map(
        (m) => sh`set_master ${word(`${m.service}/${m.type}`, m.source)} ${word(masterRow(m), m.source)}`,
      );
    case 'imapd-conf':
      return body.settings.map((s) => {
        cyrusLine(s);
        const fn = s.policy === 'merged' ? 'add_imapd_list' : s.ifKnown ? 'set_imapd_if_known' : 'set_imapd';
        return `${fn} ${sh`${word(s.key, s.source)} ${word(s.value, s.source)}`}`;
      });
    case 'cyrus-conf':
      return body.services.map((s) => sh`set_service ${word(s.name, s.source)} ${word(cyrusServiceLine(s), s.source)}`);
    case 'table': {
      if (body.policy === 'merged') {
        return [
          ...body.rows.map(
            (r) => sh`merge_table_key ${word(target ?? '')} ${word(r.key, r.source)} ${word(r.value, r.source)}`,
          ),
          sh`postmap_if_needed ${word(target ?? '')}`,
        ];
      }
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
    case 'append-line':
      // /etc/services is merged by port, not line by line (shell-lib-system.ts).
      if (body.syntax === 'services') {
        return body.rows.map(
          (r) => sh`ensure_lmtp_service ${word((r.columns[1] ?? '').replace('/tcp', ''), r.source)}`,
        );
      }
      return body.rows.map((r) => sh`append_line ${word(target ?? '')} ${word(columnsLine(r, body.syntax), r.source)}`);
    case 'input':
      return [];
  }
}
