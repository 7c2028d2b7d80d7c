# --- upgrade-common.sh: A host that moves from Debian 12 to Debian 13 (issue 23), both releases:
# which release's bundle was applied here last, and whether Postfix really runs.

# earlier_release: the Debian major release of the bundle applied here last:
# the release its newest backup records (rollback.sh's guard), or, for a
# bundle made before backups recorded it, the header of a file it installed
# ("corrected for Debian 12"). Nothing when no bundle was applied.
earlier_release() {
  er_b=$(ls -d /var/backups/lmtp-wizard/*Z-"$HOST_ID"-[0-9]* 2>/dev/null | sort | tail -n 1)
  er=$(cat "$er_b/release" 2>/dev/null || true)
  [ -n "$er" ] || er=$(grep -ho 'corrected for Debian [0-9]*' /etc/tmpfiles.d/cyrus-imapd.conf /etc/postfix/* 2>/dev/null | head -n 1 | tr -dc 0-9)
  printf '%s' "$er"
}

# postfix_runs_current: true when a Postfix master runs and its program file
# is the installed one. After an upgrade without a reboot, the old master runs
# on from the deleted 3.7 binary, starts 3.10 children, and delivers nothing.
postfix_runs_current() {
  up=$(postfix_live_master_pid) || return 1
  [ -n "$(readlink "/proc/$up/exe" 2>/dev/null)" ] && ! exe_deleted "$up" && postfix status >/dev/null 2>&1
}

# our_domains MAP: the domains of our recipient-check map (<transport>_verify).
our_domains() { awk '!/^[ \t]*(#|$)/ { print $1 }' "$1" 2>/dev/null | tr '\n' ' '; }

# old_postfix_instance: true when Debian 12's postfix@-.service is still active.
old_postfix_instance() { systemd_runs && systemctl is-active --quiet postfix@-.service 2>/dev/null; }

