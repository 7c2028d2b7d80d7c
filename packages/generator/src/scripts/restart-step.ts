// The last step of apply.sh: restart or reload what this run changed, and
// nothing else. Which file needs which is kept here as data.
import { DEBIAN12, GUIDE } from '../facts.ts';
import { sh, word } from '../serializers/shell.ts';
import type { Step } from '../types.ts';

/** Files a daemon reads only when it starts; a change to one needs a restart. */
const RESTART_ON = {
  'cyrus-imapd': [DEBIAN12.imapdConf, DEBIAN12.cyrusConf, DEBIAN12.services, DEBIAN12.tmpfilesOverride, DEBIAN12.packagedTmpfiles],
  // New master.cf services, and group memberships of the postfix user.
  postfix: [`${DEBIAN12.postfixDir}/master.cf`, '/etc/group'],
} as const;
/** Everything else under /etc/postfix (main.cf, lookup tables) needs only postfix reload. */
const POSTFIX_RELOAD_ON = [`${DEBIAN12.postfixDir}/`];

const words = (paths: readonly string[]) => paths.map((p) => sh`${word(p)}`).join(' ');

export function restartStep(roles: { postfix: boolean; cyrus: boolean }): Step {
  const services = [...(roles.cyrus ? ['cyrus-imapd'] : []), ...(roles.postfix ? ['postfix'] : [])];
  return {
    title: `Restart or reload ${services.join(' and ')} where this run changed their files`,
    explanation: [
      roles.postfix ? 'postfix check runs first; when it fails, apply.sh stops before any daemon is touched.' : '',
      roles.cyrus
        ? `Cyrus reads ${DEBIAN12.imapdConf}, ${DEBIAN12.cyrusConf} and ${DEBIAN12.services} only when cyrmaster starts, so a change to them restarts it; ${DEBIAN12.sasldb} and hosts.allow are read at each connection and need nothing. apply.sh notes the cyrmaster pid before the restart and stops with an error naming rollback.sh when the same cyrmaster still runs afterwards, or none does: Debian 13's init script printed "failed", exited 0 and left the old cyrmaster running with the old configuration. Without systemd, a cyrmaster that survives /etc/init.d/cyrus-imapd stop is stopped by its pid before the start.`
        : '',
      roles.postfix
        ? 'Postfix needs a restart for master.cf services and for new group memberships of the postfix user (its processes get their groups when the master starts them), and only postfix reload for main.cf and lookup tables.'
        : '',
      'systemctl is used where systemd runs, the init scripts otherwise. A run that changed nothing restarts nothing; --no-restart leaves it to you.',
    ]
      .filter(Boolean)
      .join(' '),
    guideRef: GUIDE.unixStep4,
    commands: [
      ...(roles.postfix ? ['check_postfix'] : []),
      ...(roles.cyrus ? [`restart_if_changed cyrus-imapd ${words(RESTART_ON['cyrus-imapd'])}`] : []),
      ...(roles.postfix
        ? [`restart_if_changed postfix ${words(RESTART_ON.postfix)}`, `reload_postfix_if_changed ${words(POSTFIX_RELOAD_ON)}`]
        : []),
    ],
  };
}
