// The ordered steps for one host. apply.sh runs their commands; the host's
// README explains them; the preview shows both. One list, three views.
import type { Context } from '../context.ts';
import { GUIDE, series } from '../facts.ts';
import type { EvaluatedModule } from '../files/index.ts';
import { sh, word } from '../serializers/shell.ts';
import type { HostId, Step } from '../types.ts';
import { commandsFor, planFor, preflightFor, replaceKeysFor } from './actions.ts';
import { restartStep } from './restart-step.ts';
import { sharedSaslPasswd } from '../files/sasl-passwd.ts';

export function hostSteps(c: Context, host: HostId, modules: readonly EvaluatedModule[]): Step[] {
  const { a, release: r } = c;
  const postfix = c.hostFor('postfix') === host;
  const cyrus = c.hostFor('cyrus') === host;
  const steps: Step[] = [];
  const remote = a.topology === 'remote';
  const packages = [
    ...(postfix ? [...r.packages.postfix, ...(remote ? r.packages.postfixRemote : [])] : []),
    ...(cyrus ? [...r.packages.cyrus, ...(remote ? r.packages.cyrusRemote : [])] : []),
  ];
  if (postfix && a.topology === 'remote' && a.tcp.storeHost.includes(':')) {
    steps.push({
      title: 'Check that Postfix may use IPv6',
      explanation: `The store is the IPv6 address ${a.tcp.storeHost}. A Postfix set to inet_protocols = ipv4 (a choice dpkg-reconfigure offers) bounces every such message at once with "Address family for hostname not supported" (checked on Postfix ${series(r.postfixVersion)}, ${r.label}). apply.sh stops here before changing anything when that is so, rather than changing inet_protocols itself: that setting also decides what Postfix listens on, and needs a full stop and start.`,
      guideRef: GUIDE.tcp,
      commands: [sh`require_ipv6 ${word(a.tcp.storeHost, 'tcp.storeHost')}`],
    });
  }
  steps.push({
    title: 'Check the packages',
    explanation: `Installs what is missing from: ${packages.join(', ')}. ${
      postfix && remote
        ? `libsasl2-modules holds the SASL mechanisms the Postfix lmtp client needs to log in. Postfix ${r.postfixVersion} on ${r.label} only ${r.saslModules.toLowerCase()} it, so ${r.saslModules === 'Suggests' ? 'apt does not install it with postfix' : 'a minimal install can lack it'}; without it every delivery fails with "no mechanism available".`
        : ''
    } The guide's note about the postfix-tls package on sarge is obsolete: SASL support has been part of the postfix package for many releases.`,
    guideRef: GUIDE.tcp,
    commands: [`ensure_packages ${packages.join(' ')}`],
  });
  if (cyrus && a.topology === 'single-host') {
    const { group, postfixUser } = a.unixSocket;
    steps.push({
      title: `Create the "${group}" group and add ${postfixUser} to it`,
      explanation: `Whoever can write to the LMTP socket can put mail in any mailbox, since Cyrus trusts the socket as "postman". A dedicated group holding only the Postfix user is the lock. addgroup --system is used because this is a service group. Postfix picks up the new membership when it restarts, which apply.sh does at the end.`,
      guideRef: `${GUIDE.unixStep1}; ${GUIDE.unixStep2}`,
      commands: [
        sh`ensure_group ${word(group, 'unixSocket.group')}`,
        sh`ensure_member ${word(postfixUser, 'unixSocket.postfixUser')} ${word(group, 'unixSocket.group')}`,
      ],
    });
  }
  for (const { module: m, body, explanation, target, path } of modules) {
    if (target === null) continue;
    steps.push({
      title: `Configure ${target}`,
      explanation,
      guideRef: m.guideRef,
      commands: commandsFor(body, path, target),
      preflight: preflightFor(body, target),
      plan: planFor(body, path, target),
      replaceable: replaceKeysFor(body, target),
    });
    if (m.id === 'cyrus-conf' && a.cyrus.disableMissingServices) {
      steps.push({
        title: 'Disable cyrus.conf services whose program is missing',
        explanation:
          "Debian's stock cyrus.conf starts pop3, nntp and http, but pop3d, nntpd and httpd come in separate packages. cyrmaster exits when a listed program is missing, and then nothing delivers. Such lines are commented out with a marker so you can see what changed.",
        guideRef: GUIDE.unix,
        commands: ['disable_missing_services'],
      });
    }
  }
  if (postfix && a.topology === 'remote') {
    const shared = sharedSaslPasswd(c)?.path ?? `${r.postfixDir}/sasl_passwd`;
    steps.push({
      title: `Remove an earlier bundle's credentials from ${shared}`,
      explanation: `Earlier bundles kept the store's credentials in the shared ${shared}, which often also holds a relay's (smtp_sasl_password_maps). They now live in a file of our own, so apply.sh removes only the line for ${a.tcp.storeHost} with user "${a.sasl.username}" from ${shared}, if there is one, and compiles it again; every other line stays as it is. Their main.cf settings lmtp_sasl_auth_enable, lmtp_sasl_password_maps and lmtp_host_lookup are left alone: our service's -o options take precedence, and another LMTP client may rely on them.`,
      guideRef: GUIDE.tcpStep1,
      commands: [sh`drop_earlier_credentials ${word(shared)} ${word(a.tcp.storeHost, 'tcp.storeHost')} ${word(a.sasl.username, 'sasl.username')}`],
    });
  }
  if (cyrus && a.topology === 'remote') {
    steps.push({
      title: `Store the password of "${a.sasl.username}" in ${r.sasldb}`,
      explanation: `Cyrus checks the LMTP login against ${r.sasldb}. saslpasswd2 reads the password from secrets/sasl-password on standard input. A new database created by saslpasswd2 is root:root 0640, which the cyrus user cannot read, so the file is set to root:sasl 0660 and registered with dpkg-statoverride, where Debian keeps such ownership across upgrades. A re-run leaves the database alone when it already holds this password.`,
      guideRef: GUIDE.tcpStep2,
      commands: [sh`set_sasl_user ${word(a.sasl.username, 'sasl.username')} "$HERE"/secrets/sasl-password`],
    });
  }
  steps.push(restartStep(r, { postfix, cyrus }));
  return steps;
}
