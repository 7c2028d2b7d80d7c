# --- upgrade-apply.sh: The Debian 13 apply.sh on an upgraded host: what it needs before and after
# the usual steps.

UPGRADE_FROM=""

# release_changes_begin MAJOR (preflight): says when an earlier release's
# bundle configured this host; the release_change_* lines then label entries.
release_changes_begin() {
  THIS_MAJOR=$1 UPGRADE_FROM=$(earlier_release)
  if [ -z "$UPGRADE_FROM" ] || [ "$UPGRADE_FROM" = "$1" ]; then UPGRADE_FROM=""; return 0; fi
  say "this host carries an earlier bundle for Debian $UPGRADE_FROM and now runs $(cat /etc/debian_version 2>/dev/null); entries marked 'release change' come from the new release, not from your answers"
}

# release_change_imapd KEY VALUE REASON / release_change_master SVC/TYPE PARAM VALUE REASON
release_change_imapd() {
  [ -n "$UPGRADE_FROM" ] || return 0
  [ "$(imapd_value "$1")" = "$2" ] && return 0
  say "release change (Debian $UPGRADE_FROM -> $THIS_MAJOR): $IMAPD_CONF $1: $2. $3"
}
release_change_master() {
  [ -n "$UPGRADE_FROM" ] || return 0
  [ "$(postconf -P "$1/$2" 2>/dev/null | sed 's/^[^=]*= *//')" = "$3" ] && return 0
  say "release change (Debian $UPGRADE_FROM -> $THIS_MAJOR): master.cf $1 -o $2=$3. $4"
}

# take_over_postfix (before the first change, Postfix hosts): a postfix@-.service
# left running by Debian 12 makes every restart of postfix.service fail. Stop
# it, start postfix.service, and check that the new master runs; otherwise
# stop and ask for a reboot, before anything is changed.
take_over_postfix() {
  systemd_runs || { upgrade_init_restart; return 0; }
  if ! old_postfix_instance; then
    postfix_runs_current || [ -z "$(postfix_live_master_pid)" ] || die "the Postfix master (pid $(postfix_live_master_pid)) runs from a deleted program file (the packages were upgraded under it), so it delivers nothing; reboot this host, then run apply.sh again. Nothing was changed"
    return 0
  fi
  if [ "$DRY_RUN" = 1 ]; then say "would stop postfix@-.service (Debian 12's unit, still running the old master) and start postfix.service"; return 0; fi
  say "postfix@-.service from Debian 12 still runs the old Postfix master; stopping it and starting postfix.service"
  old=$(postfix_live_master_pid || true)
  systemctl stop postfix@-.service 2>/dev/null || true
  if [ -n "$old" ] && [ -d "/proc/$old" ]; then postfix stop >/dev/null 2>&1 || true; sleep 2; fi
  [ -z "$old" ] || [ ! -d "/proc/$old" ] || die "the old Postfix master (pid $old) survived systemctl stop postfix@-.service and postfix stop; reboot this host, then run apply.sh again. Nothing was changed"
  systemctl reset-failed postfix@-.service 2>/dev/null || true
  # Debian 12's postfix.service was a oneshot that stays "active (exited)":
  # start alone would do nothing, so stop it first (seen on the real upgrade).
  systemctl stop postfix.service 2>/dev/null || true
  systemctl start postfix.service || die "postfix.service did not start after postfix@-.service was stopped; reboot this host, then run apply.sh again. Nothing was changed"
  upgrade_wait_postfix || die "no current Postfix master runs after starting postfix.service; reboot this host, then run apply.sh again. Nothing was changed"
  say "postfix.service runs: master pid $(postfix_live_master_pid)"
}

# Without systemd the package's init script restarts Postfix itself; a master
# from a deleted binary is restarted here.
upgrade_init_restart() {
  [ -n "$(postfix_live_master_pid)" ] && ! postfix_runs_current || return 0
  run /etc/init.d/postfix restart
  [ "$DRY_RUN" = 1 ] || upgrade_wait_postfix || die "Postfix does not run after /etc/init.d/postfix restart; nothing was changed"
}

upgrade_wait_postfix() {
  i=0
  while [ "$i" -lt 20 ]; do postfix_runs_current && return 0; sleep 0.5; i=$((i + 1)); done
  return 1
}

# postfix_must_run (after the restart step): the reload or restart left a
# master that runs the installed program.
postfix_must_run() {
  [ "$DRY_RUN" = 1 ] || [ "$RESTART" = 0 ] && return 0
  upgrade_wait_postfix && return 0
  die "Postfix is not running (or runs from a deleted program file) after the reload or restart, so no mail is delivered; see the mail log, reboot if Postfix was upgraded under it, and run sh verify.sh. $BACKUP/rollback.sh restores the previous files"
}

# verify_failures MAP DOMAIN...: the keys of MAP (the verify cache) in one of
# DOMAIN whose last probe was deferred (status 1), e.g. during the outage.
# Exit 124 when the map stayed locked (verify(8) may hold it while it runs).
verify_failures() {
  m=$1; shift
  vf_d=$(printf ' %s' "$@" | tr 'A-Z' 'a-z')
  vf_rc=0; vf_dump=$(timeout 10 postmap -s "$m" 2>/dev/null) || vf_rc=$?
  [ "$vf_rc" != 124 ] || return 124
  printf '%s\n' "$vf_dump" | D="$vf_d " awk -v FS='\t' '
    { k = tolower($1); d = k; sub(/^[^@]*@/, "", d)
      if (index(k, "@") && index(ENVIRON["D"], " " d " ") && $2 ~ /^1:/) print $1 }'
}

postfix_stop_for_edit() { if systemd_runs; then systemctl stop postfix; else postfix stop; fi; }
postfix_start_after_edit() { if systemd_runs; then systemctl start postfix; else postfix start; fi; postfix_must_run; }

# flush_verify_failures MAP (Postfix hosts, at the end): entries of the domains in MAP (ours) that
# remember a failed probe keep answering 450 "unverified address" after the
# hop is back. The edit needs Postfix stopped (verify(8) holds the cache), so
# that happens only when there is something to remove.
flush_verify_failures() {
  [ "$DRY_RUN" = 1 ] || [ "$RESTART" = 0 ] && return 0
  # only on a host that an earlier release's bundle configured (the upgrade):
  # a read of the cache may wait for verify(8)'s lock, and no other run needs it
  [ -n "$UPGRADE_FROM" ] || return 0
  m=$(postconf -xh address_verify_map 2>/dev/null || true)
  [ -n "$m" ] || return 0
  found=""; for f in "${m#*:}" "${m#*:}".*; do [ -e "$f" ] && found=1; done
  [ -n "$found" ] || return 0
  # shellcheck disable=SC2046
  set -- $(our_domains "$1")
  [ $# -gt 0 ] || return 0
  stopped=0 keys=""
  if keys=$(verify_failures "$m" "$@"); then :
  else
    # locked by verify(8): look with Postfix stopped
    postfix_stop_for_edit; stopped=1
    keys=$(verify_failures "$m" "$@" || true)
  fi
  if [ -z "$keys" ]; then [ "$stopped" = 0 ] || postfix_start_after_edit; return 0; fi
  [ "$stopped" = 1 ] || postfix_stop_for_edit
  for k in $keys; do postmap -d "$k" "$m" || true; done
  say "address verification: removed the failed probes of $(printf '%s\n' $keys | wc -l) recipient(s) of our domains from $m, so they are probed again now that the hop works"
  postfix_start_after_edit
}

# flush_queue (Postfix hosts, last): mail deferred while the hop was down goes now, not at the next queue run.
flush_queue() {
  [ "$DRY_RUN" = 1 ] || [ "$RESTART" = 0 ] && return 0
  n=$(postqueue -j 2>/dev/null | grep -c . || true)
  run postqueue -f
  say "postqueue -f: asked Postfix to send the $n message(s) in its queue now"
}

