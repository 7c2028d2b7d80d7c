// Issue 25: the step that installs the export of Cyrus's mailbox list on a
// single host, and verify.sh's check of it. The table and the class that reads
// it are in files/recipient-check.ts; the shell in shell-lib-recipient-export.ts.
import type { Context } from '../context.ts';
import { GUIDE } from '../facts.ts';
import { asksMailboxList, knownMapPath, recipientClass, verifyMapPath } from '../files/recipient-check.ts';
import { sh, word } from '../serializers/shell.ts';
import type { Step } from '../types.ts';
import { EXPORT_BIN, EXPORT_UNIT, UNIT_DIR } from './shell-lib-recipient-export.ts';

const args = (c: Context): string =>
  sh`${word(c.release.postfixMapType)} ${word(verifyMapPath(c), 'delivery.transportName')} ${word(knownMapPath(c), 'delivery.transportName')}`;

export function recipientExportStep(c: Context, here: boolean): Step | null {
  if (!here || !asksMailboxList(c)) return null;
  const out = knownMapPath(c);
  return {
    title: `Export Cyrus's mailbox list into ${out}`,
    explanation: `A recipient not yet in Postfix's verify cache waits for the probe's answer until smtpd's next poll (address_verify_poll_delay, 3 s, and 1 s at the least): a burst of first-time recipients went no faster than the smtpd processes / 3 s (docs/PERFORMANCE.md). So ${EXPORT_BIN}, installed here, writes ${out} from Cyrus's own mailbox list (ctl_mboxlist -d, run as cyrus): each address of a mailbox (user.alice gives alice@ each of our domains; with virtdomains, example.org!user.bob gives bob@example.org) maps to DUNNO, each of our domains to reject_unverified_recipient. The class ${recipientClass(c)} in main.cf reads it, so a known recipient passes on to your other restrictions at once, and any other address of our domains is probed as before: an unknown one still gets 550 at RCPT, a mailbox created since the last export is accepted by the probe, and with Cyrus stopped a known recipient is still accepted and queued (the table is a local file). A plus-address (alice+news@) is found under its base address when recipient_delimiter is set. ${EXPORT_UNIT}.path runs the export when Cyrus's mailboxes.db changes, ${EXPORT_UNIT}.timer every 5 minutes as a backstop (hosts without systemd: apply.sh exports once; run the exporter from cron). Each export is written beside the table and renamed over it. verify.sh checks that the table holds the current list. rollback.sh stops and removes the units (${UNIT_DIR}), the exporter and the table. Goes beyond the guide.`,
    guideRef: `${GUIDE.postfix} (goes beyond the guide, which has no recipient check)`,
    commands: [`install_recipient_export ${args(c)}`],
  };
}

export const recipientExportCheck = (c: Context, here: boolean): string[] =>
  here && asksMailboxList(c) ? [`check_recipient_export ${args(c)}`] : [];
