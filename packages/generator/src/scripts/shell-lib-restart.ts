// Shell functions that restart or reload the daemons whose files this run
// changed, and prove that they did. Static text; see shell-lib.ts for the rules.
export const RESTART_LIB = String.raw`
RESTARTED=""
# How long a restarted cyrmaster may take to appear, in half seconds.
CYRUS_START_WAIT=20

# changed PATH...: true when this run changed one of PATH; a PATH ending in
# "/" stands for every file under it.
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

# Runs before any restart or reload: Postfix started on a broken main.cf or
# master.cf stops delivering, so a failed check touches no daemon.
check_postfix() {
  [ "$DRY_RUN" = 1 ] && return 0
  postfix check && return 0
  [ -z "$CHANGED" ] && die "postfix check fails on the existing configuration (apply.sh changed nothing)"
  die "postfix check failed, so nothing was restarted or reloaded; $BACKUP/rollback.sh restores the previous files"
}

# restart_if_changed SERVICE PATH...: restarts SERVICE when one of PATH changed.
restart_if_changed() {
  svc=$1; shift
  changed "$@" || return 0
  RESTARTED="$RESTARTED $svc"
  [ "$RESTART" = 1 ] || { say "--no-restart: restart $svc yourself"; return 0; }
  case $svc in cyrus-imapd) restart_cyrus ;; postfix) restart_postfix ;; *) die "no restart for $svc" ;; esac
}

# reload_postfix_if_changed PATH...: postfix reload when one of PATH changed and
# Postfix was not restarted already; starts Postfix when it is not running.
reload_postfix_if_changed() {
  changed "$@" || return 0
  case " $RESTARTED " in *" postfix "*) return 0 ;; esac
  [ "$RESTART" = 1 ] || { say "--no-restart: reload postfix yourself"; return 0; }
  if systemd_runs; then run systemctl reload-or-restart postfix
  elif postfix status >/dev/null 2>&1; then run /etc/init.d/postfix reload
  else run /etc/init.d/postfix start; fi
}

restart_cyrus() {
  before=$(cyrmaster_pid | head -n 1)
  if systemd_runs; then run systemctl restart cyrus-imapd
  else
    run /etc/init.d/cyrus-imapd stop
    # A cyrmaster whose pid file is not the init script's (Cyrus 3.10 before
    # master_pid_file named it) survives that stop; stop it by its pid.
    if [ "$DRY_RUN" = 0 ] && [ -n "$before" ] && is_cyrmaster "$before"; then
      say "cyrmaster (pid $before) survived /etc/init.d/cyrus-imapd stop; stopping it by its pid"
      start-stop-daemon --stop --quiet --pid "$before" --retry=QUIT/30/TERM/10/KILL/5 || true
    fi
    run /etc/init.d/cyrus-imapd start
  fi
  [ "$DRY_RUN" = 1 ] || check_cyrus_restarted "$before"
}

# check_cyrus_restarted OLD_PID: OLD_PID is gone and a new cyrmaster runs.
check_cyrus_restarted() {
  i=0
  while :; do
    now=$(cyrmaster_pid | grep -vxF "${"$"}{1:-none}" | head -n 1)
    if [ -n "$now" ] && { [ -z "$1" ] || ! is_cyrmaster "$1"; }; then break; fi
    [ "$i" -ge "$CYRUS_START_WAIT" ] && break
    sleep 0.5; i=$((i + 1))
  done
  if [ -n "$1" ] && is_cyrmaster "$1"; then
    die "cyrmaster still runs as pid $1 after the restart, with the configuration it read when it started; stop it (kill $1), start cyrus-imapd and run verify.sh. $BACKUP/rollback.sh restores the previous files"
  fi
  [ -n "$now" ] || die "no cyrmaster runs after restarting cyrus-imapd, so nothing delivers (see the system log); $BACKUP/rollback.sh restores the previous files"
  sleep 1
  is_cyrmaster "$now" || die "cyrmaster (pid $now) exited right after it started (see the system log); $BACKUP/rollback.sh restores the previous files"
  say "cyrus-imapd restarted: cyrmaster pid ${"$"}{1:-none} -> $now"
}

postfix_master_pid() { tr -dc 0-9 2>/dev/null <"$(postconf -h queue_directory)/pid/master.pid" || true; }

restart_postfix() {
  before=$(postfix_master_pid)
  if systemd_runs; then run systemctl restart postfix; else run /etc/init.d/postfix restart; fi
  [ "$DRY_RUN" = 1 ] && return 0
  after=$(postfix_master_pid)
  postfix status >/dev/null 2>&1 && [ -n "$after" ] || die "Postfix is not running after the restart (see the mail log); $BACKUP/rollback.sh restores the previous files"
  [ "$after" != "$before" ] || die "the Postfix master still runs as pid $before after the restart; run postfix stop, then postfix start. $BACKUP/rollback.sh restores the previous files"
  say "postfix restarted: master pid ${"$"}{before:-none} -> $after"
}
`;
