# --- restart.sh: Bringing the running daemons in line with their files, decided by state
# (when each daemon last read its configuration), not by what this run
# changed. The restart, start and reload themselves are restart_cyrus,
# restart_postfix and reload_postfix.

# How long a restarted cyrmaster, or a master.cf service after a reload, may take to appear, in half seconds.
CYRUS_START_WAIT=20
POSTFIX_SERVE_WAIT=20
# Files this run changed since it last restarted or reloaded each daemon.
CYRUS_PENDING="" POSTFIX_PENDING=""

# changed PATH...: true when this run changed one of PATH; a PATH ending in
# "/" stands for every file under it. Only a dry run decides by it: a real
# run looks at the daemons themselves.
changed() {
  for p in "$@"; do
    for c in $CHANGED; do
      case $p in
        */) case $c in "$p"*) return 0 ;; esac ;;
        *) [ "$c" = "$p" ] && return 0 ;;
      esac
    done
  done
  return 1
}

# changed_in LIST PATH...: true when one of PATH is in the space-separated LIST.
changed_in() { cl=$1; shift; for p in "$@"; do case " $cl " in *" $p "*) return 0 ;; esac; done; return 1; }

# Runs before any restart or reload: Postfix started on a broken main.cf or
# master.cf stops delivering, so a failed check touches no daemon.
check_postfix() {
  [ "$DRY_RUN" = 1 ] && return 0
  postfix check && return 0
  [ -z "$CHANGED" ] && die "postfix check fails on the existing configuration (apply.sh changed nothing in this run)"
  die "postfix check failed, so nothing was restarted or reloaded; $(rollback_hint)"
}

# daemon_failed NAME UNIT WHAT: NAME is not running after WHAT. Says so in
# apply.sh's words, with the unit's state and the last lines of its log, and
# the exact commands to go back, then stops (never exit 0 with it stopped).
daemon_failed() {
  if systemd_runs; then
    df_state=$(systemctl is-active "$2" 2>/dev/null || true)
    printf 'lmtp-wizard: error: %s is not running after %s (systemctl is-active %s: %s). The last lines of its journal (journalctl -u %s):\n' "$1" "$3" "$2" "${df_state:-unknown}" "$2" >&2
    journalctl -u "$2" -n 12 --no-pager 2>&1 | sed 's/^/    /' >&2
  else
    printf 'lmtp-wizard: error: %s is not running after %s. The last lines of the mail log:\n' "$1" "$3" >&2
    for df_log in "$(postconf -h maillog_file 2>/dev/null)" /var/log/mail.log /var/log/syslog; do
      [ -n "$df_log" ] && [ -f "$df_log" ] && { tail -n 12 "$df_log" | sed 's/^/    /' >&2; break; }
    done
  fi
  die "$1 is stopped, so mail waits (in the queue, or at the sending servers) until it runs again. Fix what the log says and run apply.sh again; or, $(rollback_hint), then start it: $4"
}

# converge_cyrus FILE...: restarts Cyrus when no cyrmaster runs, when it runs
# a deleted binary, or when it started before the last change to one of FILE
# (the files it reads only when it starts); otherwise leaves it alone.
converge_cyrus() {
  cc_pid=$(cyrmaster_pid | head -n 1); cc_why=""
  if [ -z "$cc_pid" ]; then cc_why="no cyrmaster runs"
  elif exe_deleted "$cc_pid"; then cc_why="cyrmaster (pid $cc_pid) runs a binary that has been replaced"
  elif cc_f=$(newer_than "$(proc_start "$cc_pid")" "$@"); then cc_why="cyrmaster (pid $cc_pid) started before the last change to $cc_f"
  elif [ -n "$CYRUS_PENDING" ] && changed_in "$CYRUS_PENDING" "$@"; then cc_why="this run changed$CYRUS_PENDING since cyrmaster started"
  elif [ "$DRY_RUN" = 1 ] && changed "$@"; then cc_why="this run changes its files"
  fi
  [ -n "$cc_why" ] || return 0
  [ "$RESTART" = 1 ] || { say "--no-restart: restart cyrus-imapd yourself ($cc_why)"; return 0; }
  say "restarting cyrus-imapd: $cc_why"
  restart_cyrus
}

restart_cyrus() {
  before=$(cyrmaster_pid | head -n 1)
  if systemd_runs; then run systemctl restart cyrus-imapd || true
  else
    run /etc/init.d/cyrus-imapd stop || true
    # A cyrmaster whose pid file is not the init script's (Cyrus 3.10 before
    # master_pid_file named it) survives that stop; stop it by its pid.
    if [ "$DRY_RUN" = 0 ] && [ -n "$before" ] && is_cyrmaster "$before"; then
      say "cyrmaster (pid $before) survived /etc/init.d/cyrus-imapd stop; stopping it by its pid"
      start-stop-daemon --stop --quiet --pid "$before" --retry=QUIT/30/TERM/10/KILL/5 || true
    fi
    run /etc/init.d/cyrus-imapd start || true
  fi
  [ "$DRY_RUN" = 1 ] || check_cyrus_restarted "$before"
  CYRUS_PENDING=""
}

cyrus_start_hint() { if systemd_runs; then printf 'systemctl start cyrus-imapd'; else printf '/etc/init.d/cyrus-imapd start'; fi; }

# check_cyrus_restarted OLD_PID: OLD_PID is gone and a new cyrmaster runs.
check_cyrus_restarted() {
  i=0
  while :; do
    now=$(cyrmaster_pid | grep -vxF "${1:-none}" | head -n 1)
    if [ -n "$now" ] && { [ -z "$1" ] || ! is_cyrmaster "$1"; }; then break; fi
    [ "$i" -ge "$CYRUS_START_WAIT" ] && break
    sleep 0.5; i=$((i + 1))
  done
  if [ -n "$1" ] && is_cyrmaster "$1"; then
    die "cyrmaster still runs as pid $1 after the restart, with the configuration it read when it started; stop it (kill $1), start cyrus-imapd and run verify.sh. $(rollback_hint)"
  fi
  [ -n "$now" ] || daemon_failed cyrus-imapd cyrus-imapd.service "the restart" "$(cyrus_start_hint)"
  sleep 1
  is_cyrmaster "$now" || daemon_failed cyrus-imapd cyrus-imapd.service "the restart (cyrmaster pid $now exited right after it started)" "$(cyrus_start_hint)"
  say "cyrus-imapd restarted: cyrmaster pid ${1:-none} -> $now"
}

postfix_running() { postfix status >/dev/null 2>&1; }
postfix_start_hint() { if systemd_runs; then printf 'systemctl start postfix'; else printf '/etc/init.d/postfix start'; fi; }

# converge_postfix SERVICE...: brings Postfix in line with its files. Started
# when it is not running; restarted when its master runs a replaced binary or
# started before the last change to /etc/group (the postfix user's groups are
# read when the master starts its processes); reloaded when main.cf, master.cf
# or a lookup table changed since it last read them, or when one of our
# master.cf SERVICEs (NAME/TYPE) is not served by the running master yet.
converge_postfix() {
  cp_pid=$(postfix_master_pid); cp_restart="" cp_reload=""
  if [ -z "$cp_pid" ] || ! postfix_running; then cp_restart="Postfix is not running"
  elif exe_deleted "$cp_pid"; then cp_restart="the Postfix master (pid $cp_pid) runs a binary that has been replaced"
  elif cp_f=$(newer_than "$(proc_start "$cp_pid")" /etc/group); then cp_restart="the Postfix master (pid $cp_pid) started before the last change to $cp_f"
  elif changed_in "$POSTFIX_PENDING" /etc/group; then cp_restart="this run changed /etc/group since the Postfix master started"
  else
    if cp_f=$(postfix_stale_file "$cp_pid"); then cp_reload="Postfix last read its files before the change to $cp_f"
    else for p in $POSTFIX_PENDING; do case $p in "$POSTFIX_DIR"/*) cp_reload="this run changed $p since Postfix last read it"; break ;; esac; done; fi
    for s in "$@"; do postfix_serves "$s" || cp_reload="${cp_reload:+$cp_reload; }the running master does not serve $s"; done
  fi
  if [ "$DRY_RUN" = 1 ] && [ -z "$cp_restart" ]; then
    if changed /etc/group; then cp_restart="this run changes /etc/group"; elif changed "$POSTFIX_DIR/"; then cp_reload="this run changes its files"; fi
  fi
  [ -n "$cp_restart$cp_reload" ] || return 0
  [ "$RESTART" = 1 ] || { say "--no-restart: ${cp_restart:+restart}${cp_reload:+reload} postfix yourself (${cp_restart:-$cp_reload})"; return 0; }
  if [ -n "$cp_restart" ]; then say "restarting postfix: $cp_restart"; restart_postfix
  else say "reloading postfix: $cp_reload"; reload_postfix; fi
  [ "$DRY_RUN" = 1 ] && return 0
  for s in "$@"; do
    i=0; while ! postfix_serves "$s" && [ "$i" -lt "$POSTFIX_SERVE_WAIT" ]; do sleep 0.5; i=$((i + 1)); done
    postfix_serves "$s" || die "the running Postfix master does not serve $s after the ${cp_restart:+restart}${cp_reload:+reload}, so mail routed to it would wait; run postfix stop, then postfix start, and verify.sh. $(rollback_hint)"
  done
  mkdir -p "${POSTFIX_STAMP%/*}"; : >"$POSTFIX_STAMP"; POSTFIX_PENDING=""
}

restart_postfix() {
  before=$(postfix_master_pid)
  if systemd_runs; then run systemctl restart postfix || true; else run /etc/init.d/postfix restart || true; fi
  [ "$DRY_RUN" = 1 ] && return 0
  after=$(postfix_master_pid)
  postfix_running && [ -n "$after" ] || daemon_failed postfix "$POSTFIX_UNIT" "the restart" "$(postfix_start_hint)"
  [ "$after" != "$before" ] || die "the Postfix master still runs as pid $before after the restart; run postfix stop, then postfix start. $(rollback_hint)"
  say "postfix restarted: master pid ${before:-none} -> $after"
}

reload_postfix() {
  if systemd_runs; then run systemctl reload-or-restart postfix || true; else run /etc/init.d/postfix reload || true; fi
  [ "$DRY_RUN" = 1 ] && return 0
  postfix_running || daemon_failed postfix "$POSTFIX_UNIT" "the reload" "$(postfix_start_hint)"
  say "postfix reloaded"
}
