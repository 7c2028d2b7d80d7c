// The last step of apply.sh: restart or reload what this run changed, and
// nothing else. Which file needs which is kept here as data.
import { EVERY_RELEASE as R, GUIDE, type Release } from '../facts.ts';
import { sh, word } from '../serializers/shell.ts';
import type { Step } from '../types.ts';

/** Files a daemon reads only when it starts; a change to one needs a restart. */
const RESTART_ON = {
  'cyrus-imapd': [R.imapdConf, R.cyrusConf, '/etc/services', R.tmpfilesOverride, R.packagedTmpfiles],
  // New master.cf services, and group memberships of the postfix user.
  postfix: [`${R.postfixDir}/master.cf`, '/etc/group'],
} as const;
/** Everything else under /etc/postfix (main.cf, lookup tables) needs only postfix reload. */
const POSTFIX_RELOAD_ON = [`${R.postfixDir}/`];

const words = (paths: readonly string[]) => paths.map((p) => sh`${word(p)}`).join(' ');

/** cyrusExtra: more files that need a restart of Cyrus (the TLS pair, which lmtpd loads once per process). */
export function restartStep(r: Release, roles: { postfix: boolean; cyrus: boolean }, cyrusExtra: readonly string[] = []): Step {
  const services = [...(roles.cyrus ? ['cyrus-imapd'] : []), ...(roles.postfix ? ['postfix'] : [])];
  const logs = [
    ...(roles.postfix ? [`journalctl -u ${r.postfixUnit} shows Postfix's log`] : []),
    ...(roles.cyrus ? [`journalctl -u cyrus-imapd.service shows Cyrus's log, where lmtpd records each delivered message as "${r.deliveredLog}"`] : []),
  ];
  return {
    title: `Restart or reload ${services.join(' and ')} where this run changed their files`,
    explanation: [
      roles.postfix ? 'postfix check runs first; when it fails, apply.sh stops before any daemon is touched.' : '',
      roles.cyrus
        ? `Cyrus reads ${R.imapdConf}, ${R.cyrusConf} and /etc/services only when cyrmaster starts, so a change to them restarts it; ${R.sasldb} and hosts.allow are read at each connection and need nothing. apply.sh notes the cyrmaster pid before the restart and stops with an error naming rollback.sh when the same cyrmaster still runs afterwards, or none does: a restart whose init script prints "failed" and still exits 0 (seen with Cyrus 3.10) must not pass for a restart. Without systemd, a cyrmaster that survives /etc/init.d/cyrus-imapd stop is stopped by its pid before the start.`
        : '',
      roles.postfix
        ? 'Postfix needs a restart for master.cf services and for new group memberships of the postfix user (its processes get their groups when the master starts them), and only postfix reload for main.cf and lookup tables.'
        : '',
      'systemctl is used where systemd runs, the init scripts otherwise. A run that changed nothing restarts nothing; --no-restart leaves it to you.',
      `Afterwards, on ${r.label}, ${logs.join('; ')}.`,
    ]
      .filter(Boolean)
      .join(' '),
    guideRef: GUIDE.unixStep4,
    commands: [
      ...(roles.postfix ? ['check_postfix'] : []),
      ...(roles.cyrus ? [`restart_if_changed cyrus-imapd ${words([...RESTART_ON['cyrus-imapd'], ...cyrusExtra])}`] : []),
      ...(roles.postfix
        ? [`restart_if_changed postfix ${words(RESTART_ON.postfix)}`, `reload_postfix_if_changed ${words(POSTFIX_RELOAD_ON)}`]
        : []),
    ],
  };
}
