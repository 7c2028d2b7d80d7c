// Shell functions for backups, rollback, the tmpfiles diversion and the SASL
// database. Static text; see shell-lib.ts for the rules.
export const STATE_LIB = String.raw`
start_backup() {
  [ "$DRY_RUN" = 1 ] && return 0
  umask 077; mkdir -p "$BACKUP"; : >"$BACKUP/touched"; : >"$BACKUP/undo"; : >"$BACKUP/undo-last"; umask 022
}

# Keeps the backup only if something changed, and writes rollback.sh beside it.
finish_backup() {
  [ "$DRY_RUN" = 1 ] && return 0
  if [ -z "$CHANGED" ]; then rm -rf "$BACKUP"; say "nothing to change: already applied"; return 0; fi
  write_rollback
  say "backup and rollback.sh in $BACKUP"
}

# On any exit: a run that stops after changing something still leaves its rollback.sh.
on_exit() {
  [ "$1" != 0 ] || [ "$DRY_RUN" != 1 ] || print_plan
  rm -f "$MAIN_QUEUE" "$CONFLICTS" "$NEIGHBOURS_PLAN" "$REPLACED" "$PLAN"; [ -z "$PLAN_DIR" ] || rm -rf "$PLAN_DIR"
  [ "$1" = 0 ] || [ "$DRY_RUN" = 1 ] || [ -z "$CHANGED" ] || [ -e "$BACKUP/rollback.sh" ] || {
    write_rollback
    printf 'lmtp-wizard: error: stopped after changing:%s; %s/rollback.sh restores them\n' "$CHANGED" "$BACKUP" >&2
  }
}

write_rollback() {
  while IFS= read -r f; do [ -e "$f" ] && sha256sum "$f"; done <"$BACKUP/touched" >"$BACKUP/after.sha256" || true
  cut -d. -f1 /etc/debian_version >"$BACKUP/release" 2>/dev/null || true
  cat >"$BACKUP/rollback.sh" <<'ROLLBACK'
#!/bin/sh
# Restores every file apply.sh changed in this run, byte for byte.
# Refuses when a file changed again since then, unless --force is given.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# A backup from another Debian release puts back that release's configuration
# (after an upgrade from 12 to 13: no lmtp_allowstarttls, so the hop defers again).
was=$(cat "$here/release" 2>/dev/null || true) now=$(cut -d. -f1 /etc/debian_version 2>/dev/null || true)
if [ -n "$was" ] && [ "$was" != "$now" ] && [ "${"$"}{1:-}" != --force ]; then
  echo "rollback: this backup was made on Debian $was and this host now runs Debian $now; restoring it would put back Debian $was's configuration, which Debian $now's daemons do not run as intended (apply the bundle for Debian $now instead). Re-run with --force to restore anyway" >&2; exit 1
fi
if [ "${"$"}{1:-}" != --force ] && ! sha256sum --quiet -c "$here/after.sha256"; then
  echo "rollback: files changed after apply.sh ran (listed above); re-run with --force to restore anyway" >&2; exit 1
fi
sh "$here/undo"
while IFS= read -r f; do
  if [ -e "$here/orig$f" ] || [ -L "$here/orig$f" ]; then rm -f "$f"; cp -a "$here/orig$f" "$f"; else rm -f "$f"; fi
done <"$here/touched"
sh "$here/undo-last"
echo "rollback: restored $(wc -l <"$here/touched") files; restart postfix and cyrus-imapd to use them"
ROLLBACK
  chmod 0700 "$BACKUP/rollback.sh"
}

# The init script (hosts without systemd) reads the packaged tmpfiles file by
# its full path. Divert it and link our override in its place.
divert_packaged_tmpfiles() {
  if [ "$(dpkg-divert --listpackage "$PKG_TMPFILES")" != lmtp-wizard ]; then
    backup "$PKG_TMPFILES"; backup "$PKG_TMPFILES.distrib"
    run dpkg-divert --package lmtp-wizard --divert "$PKG_TMPFILES.distrib" --rename --add "$PKG_TMPFILES"
    [ "$DRY_RUN" = 1 ] || printf 'rm -f %s; dpkg-divert --package lmtp-wizard --rename --remove %s\n' "$PKG_TMPFILES" "$PKG_TMPFILES" >>"$BACKUP/undo"
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

`;
