// verify.sh's checks on a Murder host (issue 15): the mupdate connection,
// the backends' mailboxes as the frontend sees them, and LMTP to each backend.
import type { Context } from '../../context.ts';
import { sh, word } from '../../serializers/shell.ts';
import { MUPDATE_PORT, MURDER_SECRETS } from './facts.ts';
export { MURDER_VERIFY_LIB } from '../../shell/embedded.ts';

export function murderLiveChecks(c: Context): string[] {
  const part = c.part;
  if (!part || !c.remote) return [];
  const { m, kind } = part;
  const port = String(MUPDATE_PORT);
  if (kind === 'mupdate') {
    return [
      sh`if out=$(mupdate_banner 127.0.0.1 ${port} 2>&1) && printf '%s' "$out" | grep -q '(master)'; then ok ${word(`the mupdate master answers on port ${port}`)}; else bad ${word(`no mupdate master on port ${port} (cyrus.conf's mupdate line, cyrmaster running?)`)}; printf '%s\\n' "$out"; fi`,
    ];
  }
  const master = m.murder.mupdateHost;
  const out = [
    sh`check_mode ${word(MURDER_SECRETS)} ${word('cyrus:mail 600')}`,
    sh`check ${word(`imapd.conf includes ${MURDER_SECRETS}`)} grep -qxF ${word(`@include: ${MURDER_SECRETS}`)} "$IMAPD_CONF"`,
    sh`if out=$(mupdate_banner ${word(master, 'murder.mupdateHost')} ${port} 2>&1); then ok ${word(`the mupdate master ${master}:${port} answers`)}; else bad ${word(`no mupdate master at ${master}:${port}: mailbox lookups and changes fail (deliveries are deferred)`)}; printf '%s\\n' "$out"; fi`,
  ];
  if (kind === 'frontend') {
    for (const b of m.murder.backends) {
      out.push(
        sh`if out=$(lhlo inet ${word(b, 'murder.backends')} ${word(m.port, 'port')} 2>&1) && printf '%s' "$out" | grep -q '^250-AUTH'; then ok ${word(`backend ${b}:${m.port} answers LHLO and offers AUTH`)}; else bad ${word(`backend ${b}:${m.port} does not answer LHLO with AUTH: its mail is deferred`)}; printf '%s\\n' "$out"; fi`,
        // The mupdate slave's copy of the list: mailboxes appear here only after
        // the slave logged in to the master, so a count proves that login.
        // ok and note join their words with a space: the backend is a word of its own.
        sh`n=$(murder_mailboxes ${word(b, 'murder.backends')}); if [ "$n" -gt 0 ]; then ok "this frontend sees $n mailbox(es) on" ${word(b, 'murder.backends')}; else note 'this frontend sees no mailbox on' ${word(b, 'murder.backends')} 'yet (none created there, or the mupdate slave cannot log in to the master)'; fi`,
      );
    }
  }
  return out;
}
