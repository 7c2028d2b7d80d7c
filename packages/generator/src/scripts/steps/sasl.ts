// The SASL login of the TCP hop: an earlier bundle's line out of the shared
// sasl_passwd on the Postfix host, and each LMTP user into the store's sasldb.
import { GUIDE } from '../../facts.ts';
import { sharedSaslPasswd } from '../../files/sasl-passwd.ts';
import { sh, word } from '../../serializers/shell.ts';
import { extraMxUsers } from '../../topologies/multi-mx.ts';
import type { Step } from '../../types.ts';
import type { StepModule } from './module.ts';

/** The Postfix host: an earlier bundle's credentials out of the shared sasl_passwd. */
export const earlierCredentials: StepModule = {
  id: 'earlier-credentials',
  steps: ({ c, postfix }) => {
    const r = c.release;
    const a = c.remote;
    const steps: Step[] = [];
    if (postfix && a) {
      const shared = sharedSaslPasswd(c)?.path ?? `${r.postfixDir}/sasl_passwd`;
      steps.push({
        title: `Remove an earlier bundle's credentials from ${shared}`,
        explanation: `Earlier bundles kept the store's credentials in the shared ${shared}, which often also holds a relay's (smtp_sasl_password_maps). They now live in a file of our own, so apply.sh removes only the line for ${a.tcp.storeHost} with user "${a.sasl.username}" from ${shared}, if there is one, and compiles it again; every other line stays as it is. Their main.cf settings lmtp_sasl_auth_enable, lmtp_sasl_password_maps and lmtp_host_lookup are left alone: our service's -o options take precedence, and another LMTP client may rely on them.`,
        guideRef: GUIDE.tcpStep1,
        commands: [
          sh`drop_earlier_credentials ${word(shared)} ${word(a.tcp.storeHost, 'tcp.storeHost')} ${word(a.sasl.username, 'sasl.username')}`,
        ],
      });
    }
    return steps;
  },
};

/** The store: the first MX's user, and each further MX's own. */
export const saslUsers: StepModule = {
  id: 'sasl-users',
  steps: ({ c, cyrus }) => {
    const r = c.release;
    const a = c.remote;
    const steps: Step[] = [];
    if (cyrus && a) {
      steps.push({
        title: `Store the password of "${a.sasl.username}" in ${r.sasldb}`,
        explanation: `Cyrus checks the LMTP login against ${r.sasldb}. saslpasswd2 reads the password from secrets/sasl-password on standard input. A new database created by saslpasswd2 is root:root 0640, which the cyrus user cannot read, so the file is set to root:sasl 0660 and registered with dpkg-statoverride, where Debian keeps such ownership across upgrades. A re-run leaves the database alone when it already holds this password.`,
        guideRef: GUIDE.tcpStep2,
        commands: [sh`set_sasl_user ${word(a.sasl.username, 'sasl.username')} "$HERE"/secrets/sasl-password`],
      });
      for (const u of extraMxUsers(a)) {
        steps.push({
          title: `Store the password of "${u.username}" (MX ${u.host}) in ${r.sasldb}`,
          explanation: `The MX host ${u.host} logs in as its own user "${u.username}"; saslpasswd2 reads its password from ${u.secretPath}, as for the first MX. To stop this MX alone later, remove its user on the store (saslpasswd2 -d ${u.username}): its mail then waits in its own queue, and the other MX hosts still deliver.`,
          guideRef: GUIDE.tcpStep2,
          commands: [
            sh`set_sasl_user ${word(u.username, `extraMx.${u.index}.username`)} "$HERE"/${word(u.secretPath, `extraMx.${u.index}.host`)}`,
          ],
        });
      }
    }
    return steps;
  },
};
