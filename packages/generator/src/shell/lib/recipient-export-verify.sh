# --- recipient-export-verify.sh: verify.sh's check of the exported mailbox list (issue 25).

# check_recipient_export TYPE MAP OUT: OUT holds what an export of Cyrus's
# mailbox list now gives (no mailbox created since is missing), and the units
# that keep it so are active.
check_recipient_export() {
  if [ ! -x /usr/local/sbin/lmtp-wizard-cyrus-recipients ]; then bad "/usr/local/sbin/lmtp-wizard-cyrus-recipients is missing (re-run apply.sh)"; return 0; fi
  # a mailbox created a moment ago: the .path unit's export is on its way (a second's pause, then the run)
  cre_n=0
  while ! /usr/local/sbin/lmtp-wizard-cyrus-recipients --check "$1" "$2" "$3" 2>/dev/null && [ -d /run/systemd/system ] && [ "$cre_n" -lt 10 ]; do sleep 1; cre_n=$((cre_n + 1)); done
  if /usr/local/sbin/lmtp-wizard-cyrus-recipients --check "$1" "$2" "$3" 2>/dev/null; then ok "$3 holds Cyrus's current mailbox list"
  elif [ -d /run/systemd/system ]; then bad "$3 is older than Cyrus's mailbox list 10 s after the check began: mailboxes created since take the probe (3 s each) until /usr/local/sbin/lmtp-wizard-cyrus-recipients $1 $2 $3 runs"
  # without systemd nothing of ours runs it again: the admin's cron does, or the probe answers (slower, as strict)
  else note "$3 is older than Cyrus's mailbox list (no systemd here: run /usr/local/sbin/lmtp-wizard-cyrus-recipients $1 $2 $3 from cron); mailboxes created since take the probe"; fi
  if [ -d /run/systemd/system ]; then
    for u in lmtp-wizard-cyrus-recipients.path lmtp-wizard-cyrus-recipients.timer; do
      if systemctl is-active --quiet "$u"; then ok "$u is active"; else bad "$u is not active (systemctl enable --now $u)"; fi
    done
  fi
}
