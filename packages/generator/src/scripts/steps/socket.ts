// The single host's socket group: who may write to the LMTP socket.
import { GUIDE } from '../../facts.ts';
import { sh, word } from '../../serializers/shell.ts';
import type { Step } from '../../types.ts';
import type { StepModule } from './module.ts';

/** The group that holds the socket directory, and the Postfix user in it. */
export const socketGroup: StepModule = {
  id: 'socket-group',
  steps: ({ c, cyrus }) => {
    const a = c.local;
    const steps: Step[] = [];
    if (cyrus && a) {
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
    return steps;
  },
};
