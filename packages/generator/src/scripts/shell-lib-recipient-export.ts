// Issue 25: Cyrus's mailbox list exported into a Postfix table on a single
// host, so that a recipient Cyrus already knows skips the probe (and its 3 s
// poll). The shell is in src/shell/lib/recipient-export-*.sh (the exporter
// itself is the here-document of install_recipient_export); these are the
// names it installs, for the step's text (a test holds the two in step).
export { RECIPIENT_EXPORT_APPLY, RECIPIENT_EXPORT_VERIFY } from '../shell/embedded.ts';

export const EXPORT_BIN = '/usr/local/sbin/lmtp-wizard-cyrus-recipients';
export const EXPORT_UNIT = 'lmtp-wizard-cyrus-recipients';
export const UNIT_DIR = '/etc/systemd/system';
