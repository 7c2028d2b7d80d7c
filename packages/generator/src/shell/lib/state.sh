# --- state.sh: Backups, rollback, the tmpfiles diversion and the SASL database.

# take_lock (before the plan): one apply.sh at a time on this host. A second
# run waits for the first (its plan is then made from what the first left), and
# gives up with a clear message after LOCK_WAIT seconds.
LOCK_WAIT=300
take_lock() {
  [ "$DRY_RUN" = 1 ] && return 0
  command -v flock >/dev/null 2>&1 || { say "flock is missing (package util-linux): no lock against a second apply.sh"; return 0; }
  [ -n "${LOCK:-}" ] || { LOCK=/run/lock/lmtp-wizard.lock; [ -d /run/lock ] || LOCK=/run/lmtp-wizard.lock; }
  exec 9>>"$LOCK"
  flock -n 9 && return 0
  say "another apply.sh runs on this host (it holds $LOCK); waiting up to $LOCK_WAIT s for it to finish"
  flock -w "$LOCK_WAIT" 9 || die "another apply.sh still runs on this host after $LOCK_WAIT s (it holds $LOCK; fuser $LOCK names it); nothing was changed. Run apply.sh again once it has finished"
  say "the other apply.sh has finished; this run plans from what it left"
}

# check_space FILE... (preflight): every file system apply.sh writes to must
# hold what it writes there (each FILE's new copy beside it, and a copy of
# every FILE in the backup folder) plus SPACE_MARGIN_KB. Too little is a
# conflict naming the file system and the space needed, before any change.
# apply.sh's own temporary files come first: without them nothing can be said.
SPACE_MARGIN_KB=256
check_tmp_space() {
  cs_tmp=${TMPDIR:-/tmp}; cs_free=$(df -Pk "$cs_tmp" 2>/dev/null | awk 'NR == 2 { print $4 }')
  [ "${cs_free:-0}" -ge 64 ] || die "$(space_left_of "$cs_tmp"): apply.sh needs at least 64 kB there for its temporary files; nothing was changed"
}
check_space() {
  cs_list=$(mktemp)
  cs_broot=${BACKUP%/*}; while [ ! -d "$cs_broot" ]; do cs_broot=$(dirname "$cs_broot"); done
  cs_total=0
  for f in "$@"; do
    cs_dir=$(dirname "$f"); while [ ! -d "$cs_dir" ]; do cs_dir=$(dirname "$cs_dir"); done
    if [ -e "$f" ]; then cs_kb=$(( ($(stat -Lc %s "$f") + 1023) / 1024 + 4 )); else cs_kb=16; fi
    cs_total=$((cs_total + cs_kb))
    printf '%s %s\n' "$(df -Pk "$cs_dir" | awk 'NR == 2 { print $6 }')" "$cs_kb" >>"$cs_list"
  done
  printf '%s %s\n' "$(df -Pk "$cs_broot" | awk 'NR == 2 { print $6 }')" "$cs_total" >>"$cs_list"
  awk '{ n[$1] += $2 } END { for (m in n) print m, n[m] }' "$cs_list" | sort | while read -r cs_mnt cs_need; do
    cs_need=$((cs_need + SPACE_MARGIN_KB))
    cs_free=$(df -Pk "$cs_mnt" | awk 'NR == 2 { print $4 }')
    [ "$cs_free" -ge "$cs_need" ] && continue
    [ "$cs_mnt" != "$(df -Pk "$cs_broot" | awk 'NR == 2 { print $6 }')" ] || cs_what=" (with the backup folder $BACKUP)"
    conflict "$cs_mnt" "free space on $(df -Pk "$cs_mnt" | awk 'NR == 2 { print $1 }')" "$cs_free kB" "$cs_need kB${cs_what:-}" "no space left for the new files and their backups: free at least $((cs_need - cs_free)) kB on the file system mounted on $cs_mnt, then run apply.sh again"
    cs_what=""
  done
  rm -f "$cs_list"
}

# start_backup (after the checks, before the first change): the backup folder,
# with a complete rollback.sh in it, fsynced. The lists rollback.sh reads
# (touched, after.sha256, undo, undo-last) are kept current as each file
# changes, so a kill at any point (SIGKILL, OOM, power cut) leaves a working
# rollback.sh. An earlier run of this folder that never finished (its folder
# still holds "unfinished") is continued: its copies are the originals, so its
# one rollback.sh restores the host as it was before that run.
start_backup() {
  [ "$DRY_RUN" = 1 ] && return 0
  sb_prev=""
  for d in "${BACKUP%/*}"/*/; do
    d=${d%/}
    [ -e "$d/unfinished" ] && [ "$(cat "$d/host" 2>/dev/null)" = "$HOST_ID" ] && sb_prev=$d
  done
  umask 077
  if [ -n "$sb_prev" ]; then
    BACKUP=$sb_prev
    say "an earlier apply.sh stopped before it finished; continuing its backup in $BACKUP (its rollback.sh restores the host as it was before that run)"
  else
    mkdir -p "$BACKUP"
    for f in touched undo undo-last after.sha256; do : >"$BACKUP/$f"; done
    printf '%s\n' "$HOST_ID" >"$BACKUP/host"
  fi
  echo "apply.sh pid $$" >"$BACKUP/unfinished"
  write_rollback
  umask 022
  fsync "$BACKUP"/* "$BACKUP" "${BACKUP%/*}"
}

# Before the last step: a backup that holds nothing goes; otherwise its
# checksums are brought up to date and its place is announced.
finish_backup() {
  [ "$DRY_RUN" = 1 ] && return 0
  if [ ! -s "$BACKUP/touched" ]; then rm -rf "$BACKUP"; BACKUP=""; say "nothing to change: already applied"; return 0; fi
  track_after
  say "backup and rollback.sh in $BACKUP"
}

# end_run (after the last step): the run is complete; a later run starts a backup of its own.
end_run() {
  [ "$DRY_RUN" = 1 ] || [ -z "$BACKUP" ] || { rm -f "$BACKUP/unfinished"; fsync "$BACKUP"; }
}

# rollback_hint: the exact command that puts this run's files back, for messages.
rollback_hint() {
  if [ -n "$BACKUP" ] && [ -s "$BACKUP/touched" ]; then printf 'to put the previous files back: sh %s/rollback.sh' "$BACKUP"
  else printf 'this run changed no file (an earlier run'\''s rollback.sh is under %s)' "${BACKUP_ROOT}"; fi
}




# On any exit: the temporary files go; a run that stops after changing
# something says what it changed and the exact rollback command.
on_exit() {
  [ "$1" != 0 ] || [ "$DRY_RUN" != 1 ] || print_plan
  rm -f "$MAIN_QUEUE" "$CONFLICTS" "$NEIGHBOURS_PLAN" "$REPLACED" "$PLAN"; [ -z "$PLAN_DIR" ] || rm -rf "$PLAN_DIR"
  [ "$1" != 0 ] && [ "$DRY_RUN" != 1 ] && [ -n "$BACKUP" ] && [ -d "$BACKUP" ] || return 0
  if [ -s "$BACKUP/touched" ]; then
    printf 'lmtp-wizard: error: stopped after changing: %s; to put them back: sh %s/rollback.sh (or run apply.sh again to finish)\n' "$(tr '\n' ' ' <"$BACKUP/touched")" "$BACKUP" >&2
  elif [ -e "$BACKUP/unfinished" ] && [ ! -s "$BACKUP/undo" ] && [ ! -s "$BACKUP/undo-last" ]; then
    rm -rf "$BACKUP"
  fi
}

write_rollback() {
  # the release this backup was made on: rollback.sh refuses to put it back on another one (issue 23)
  { cut -d. -f1 /etc/debian_version 2>/dev/null || true; } >"$BACKUP/release.part"
  fsync "$BACKUP/release.part"
  mv -f "$BACKUP/release.part" "$BACKUP/release"
  cat >"$BACKUP/rollback.sh.part" <<'ROLLBACK'
#!/bin/sh
# Restores every file apply.sh changed, byte for byte (apply.sh writes this
# file before its first change and keeps the lists it reads current).
# Refuses when a file changed again since then, unless --force is given.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# A backup from another Debian release puts back that release's configuration
# (after an upgrade from 12 to 13: no lmtp_allowstarttls, so the hop defers again).
was=$(cat "$here/release" 2>/dev/null || true) now=$(cut -d. -f1 /etc/debian_version 2>/dev/null || true)
if [ -n "$was" ] && [ "$was" != "$now" ] && [ "${1:-}" != --force ]; then
  echo "rollback: this backup was made on Debian $was and this host now runs Debian $now; restoring it would put back Debian $was's configuration, which Debian $now's daemons do not run as intended (apply the bundle for Debian $now instead). Re-run with --force to restore anyway" >&2; exit 1
fi
if [ "${1:-}" != --force ] && [ -s "$here/after.sha256" ] && ! sha256sum --quiet -c "$here/after.sha256"; then
  echo "rollback: files changed after apply.sh ran (listed above); re-run with --force to restore anyway" >&2; exit 1
fi
sh "$here/undo"
while IFS= read -r f; do
  if [ -e "$here/orig$f" ] || [ -L "$here/orig$f" ]; then
    rm -rf "$f.lmtp-wizard-rollback"; cp -a "$here/orig$f" "$f.lmtp-wizard-rollback"; sync "$f.lmtp-wizard-rollback" 2>/dev/null || sync
    mv -f "$f.lmtp-wizard-rollback" "$f"
    # changed now, so that verify.sh and apply.sh see the daemons run an older configuration
    touch -h "$f" 2>/dev/null || true
  else rm -f "$f"; fi
done <"$here/touched"
sh "$here/undo-last"
echo "rollback: restored $(wc -l <"$here/touched") files; restart postfix and cyrus-imapd to use them"
ROLLBACK
  chmod 0700 "$BACKUP/rollback.sh.part"
  fsync "$BACKUP/rollback.sh.part"
  mv -f "$BACKUP/rollback.sh.part" "$BACKUP/rollback.sh"
}

# The init script (hosts without systemd) reads the packaged tmpfiles file by
# its full path. Divert it and link our override in its place.
divert_packaged_tmpfiles() {
  if [ "$(dpkg-divert --listpackage "$PKG_TMPFILES")" != lmtp-wizard ]; then
    backup "$PKG_TMPFILES"; backup "$PKG_TMPFILES.distrib"
    add_undo undo "rm -f $PKG_TMPFILES; dpkg-divert --package lmtp-wizard --rename --remove $PKG_TMPFILES"
    run dpkg-divert --package lmtp-wizard --divert "$PKG_TMPFILES.distrib" --rename --add "$PKG_TMPFILES"
    mark_changed "$PKG_TMPFILES"
  fi
  [ "$(readlink "$PKG_TMPFILES" || true)" = "$TMPFILES_OVERRIDE" ] && return 0
  backup "$PKG_TMPFILES"; run ln -sfn "$TMPFILES_OVERRIDE" "$PKG_TMPFILES"; mark_changed "$PKG_TMPFILES"
}

apply_tmpfiles_now() {
  if command -v systemd-tmpfiles >/dev/null; then run systemd-tmpfiles --create "$(basename "$TMPFILES_OVERRIDE")"
  else die "systemd-tmpfiles is missing; install the systemd package or create the socket directory by hand"; fi
}

# sasldb_has USER FILE: true when /etc/sasldb2 already holds exactly that
# password for USER in this host's realm, so a re-run leaves the db alone.
sasldb_has() {
  [ -r "$SASLDB" ] || return 1
  perl -MDB_File -e '
    my ($db, $user, $file, $realm) = @ARGV;
    open(my $fh, "<", $file) or exit 2; local $/; my $want = <$fh>;
    tie(my %h, "DB_File", $db, O_RDONLY, 0600, $DB_HASH) or exit 1;
    my $got = $h{join("\0", $user, $realm, "userPassword")};
    exit(defined $got && ($got eq $want || $got eq "$want\0") ? 0 : 1);' "$SASLDB" "$1" "$2" "$(hostname)"
}

set_sasl_user() {
  if ! sasldb_has "$1" "$2"; then
    backup "$SASLDB"
    if [ "$DRY_RUN" = 1 ]; then say "would set the password of $1 in $SASLDB"
    else saslpasswd2 -p -c "$1" <"$2"; fi
    mark_changed "$SASLDB"
  fi
  # saslpasswd2 creates a missing db as root:root 0640, which Cyrus cannot read.
  if [ "$(stat -c '%U:%G %a' "$SASLDB" 2>/dev/null)" != "root:sasl 660" ]; then
    backup "$SASLDB"; run chown root:sasl "$SASLDB"; run chmod 0660 "$SASLDB"; mark_changed "$SASLDB"
  fi
  if ! dpkg-statoverride --list "$SASLDB" >/dev/null; then
    backup /var/lib/dpkg/statoverride; run dpkg-statoverride --add root sasl 660 "$SASLDB"
    mark_changed /var/lib/dpkg/statoverride
  fi
}

