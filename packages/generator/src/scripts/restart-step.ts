// The restart steps of apply.sh. Each restart or reload is decided by the
// running daemon's state against its files (shell-lib-restart.ts), so a run
// after an interrupted one finishes what that run left. Which files a daemon
// reads only when it starts is kept here as data.
import { EVERY_RELEASE as R, GUIDE, type Release } from '../facts.ts';
import { sh, word } from '../serializers/shell.ts';
import type { Step } from '../types.ts';

/** Files a daemon reads only when it starts; a change to one needs a restart. */
export const RESTART_ON = {
  'cyrus-imapd': [R.imapdConf, R.cyrusConf, '/etc/services', R.tmpfilesOverride, R.packagedTmpfiles],
} as const;

const words = (paths: readonly string[]) => paths.map((p) => sh`${word(p)}`).join(' ');

export interface RestartRoles {
  postfix: boolean;
  cyrus: boolean;
  /** our master.cf services on this host (NAME/TYPE): the running master must serve them */
  services?: readonly string[];
}

function commands(roles: RestartRoles, cyrusExtra: readonly string[]): string[] {
  return [
    ...(roles.postfix ? ['check_postfix'] : []),
    ...(roles.cyrus ? [`converge_cyrus ${words([...RESTART_ON['cyrus-imapd'], ...cyrusExtra])}`] : []),
    ...(roles.postfix ? [`converge_postfix ${words(roles.services ?? [])}`.trimEnd()] : []),
  ];
}

const byState = (r: Release, roles: RestartRoles): string =>
  [
    'Each restart or reload is decided by the running daemon against its files, not by what this run changed, so a run after an interrupted one (a kill, a full disk, a failed restart) finishes what that run left.',
    roles.cyrus
      ? `Cyrus reads ${R.imapdConf}, ${R.cyrusConf} and /etc/services only when cyrmaster starts: it is restarted when none runs, when it runs a binary an upgrade replaced, or when it started before the last change to one of them; ${R.sasldb} and hosts.allow are read at each connection and need nothing. A restart must show a new cyrmaster: a restart whose init script prints "failed" and still exits 0 (seen with Cyrus 3.10) does not pass, and without systemd a cyrmaster that survives /etc/init.d/cyrus-imapd stop is stopped by its pid.`
      : '',
    roles.postfix
      ? `Postfix is started when it is not running, restarted when its master started before the last change to /etc/group (the postfix user's groups are read when the master starts a process), and reloaded when main.cf, master.cf or a lookup table changed since it last read them, or when the running master does not serve our master.cf service yet (${(roles.services ?? []).join(', ') || 'none here'}: apply.sh connects to its socket).`
      : '',
    `A restart or reload that leaves a daemon stopped stops apply.sh with the daemon's state, the last lines of its journal and the exact rollback.sh command; apply.sh never ends with "done" while a daemon is stopped. systemctl is used where systemd runs, the init scripts otherwise; --no-restart leaves it to you (${r.label}).`,
  ]
    .filter(Boolean)
    .join(' ');

/**
 * Before main.cf routes mail to our service: Cyrus runs its new configuration
 * and the Postfix master serves the new master.cf service, so no delivery
 * between the two steps looks for a service that is not there yet.
 */
export function preSwitchStep(r: Release, roles: RestartRoles, cyrusExtra: readonly string[] = []): Step {
  const what = [...(roles.cyrus ? ['Cyrus'] : []), ...(roles.postfix ? ['Postfix'] : [])].join(' and ');
  return {
    title: `Bring ${what} up to date before main.cf routes mail to them`,
    explanation: `main.cf's new transport sends every new message to our master.cf service${roles.cyrus ? ', and that service to the LMTP socket Cyrus opens once it has read its new cyrus.conf' : ''}. Written first, it would send mail to a service the running daemons do not have yet: each such message would wait, and recipient checks would answer 4xx. So ${what} take their new files here, and main.cf changes only after. ${byState(r, roles)}`,
    guideRef: GUIDE.unixStep4,
    commands: commands(roles, cyrusExtra),
  };
}

/** cyrusExtra: more files that need a restart of Cyrus (the TLS pair, which lmtpd loads once per process). */
export function restartStep(r: Release, roles: RestartRoles, cyrusExtra: readonly string[] = []): Step {
  const services = [...(roles.cyrus ? ['cyrus-imapd'] : []), ...(roles.postfix ? ['postfix'] : [])];
  const logs = [
    ...(roles.postfix ? [`journalctl -u ${r.postfixUnit} shows Postfix's log`] : []),
    ...(roles.cyrus
      ? [
          `journalctl -u cyrus-imapd.service shows Cyrus's log, where lmtpd records each delivered message as "${r.deliveredLog}"`,
        ]
      : []),
  ];
  return {
    title: `Restart or reload ${services.join(' and ')} where they run older files`,
    explanation: [
      roles.postfix ? 'postfix check runs first; when it fails, apply.sh stops before any daemon is touched.' : '',
      byState(r, roles),
      `Afterwards, on ${r.label}, ${logs.join('; ')}.`,
    ]
      .filter(Boolean)
      .join(' '),
    guideRef: GUIDE.unixStep4,
    commands: commands(roles, cyrusExtra),
  };
}
