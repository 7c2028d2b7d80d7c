# --- apply.sh: Functions of apply.sh: messages, writing files the way dpkg does, backups,
# conflicts and the plan. Static text: no answer is ever written here. Values
# arrive as arguments, quoted by shq() at the call site, and reach awk through
# ENVIRON (never -v, which would expand "\").

say() { printf 'lmtp-wizard: %s\n' "$*"; }
die() { printf 'lmtp-wizard: error: %s\n' "$*" >&2; exit 1; }
# The lock's descriptor (9) is closed for every command run: a daemon started
# by an init script would otherwise hold the lock for as long as it runs.
run() {
  if [ "$DRY_RUN" = 1 ]; then printf 'would run:'; printf ' %s' "$@"; printf '\n'; else "$@" 9>&-; fi
}

# fsync FILE...: flushes each FILE (and so a directory's entries) to the disk.
fsync() { sync -- "$@" 2>/dev/null || sync; }

# put_file SRC DEST [MODE OWNER GROUP]: DEST gets SRC's bytes the way dpkg and
# ucf write a file: a temporary file beside DEST (same file system), fsynced,
# then renamed over DEST, so DEST is always the old file or the whole new one,
# never a part. DEST keeps its owner and mode unless MODE OWNER GROUP are given
# (a new DEST is root's, 0644). A symlinked DEST is written where it points.
put_file() {
  pf_dest=$2; [ ! -L "$pf_dest" ] || pf_dest=$(readlink -f "$2")
  pf_tmp=$(dirname "$pf_dest")/.$(basename "$pf_dest").lmtp-wizard-new
  rm -f "$pf_tmp"
  if ! { cat "$1" >"$pf_tmp" && fsync "$pf_tmp"; }; then
    rm -f "$pf_tmp"
    die "could not write $pf_tmp: $(space_left_of "$(dirname "$pf_dest")"); $2 is unchanged"
  fi
  if [ $# -ge 5 ]; then chown "$4:$5" "$pf_tmp"; chmod "$3" "$pf_tmp"
  elif [ -e "$pf_dest" ]; then chown --reference="$pf_dest" "$pf_tmp"; chmod --reference="$pf_dest" "$pf_tmp"
  else chmod 0644 "$pf_tmp"; fi
  mv -f "$pf_tmp" "$pf_dest"
  fsync "$(dirname "$pf_dest")"
}

# space_left_of DIR: "N kB free on DEVICE (mounted on MOUNT)", for messages.
space_left_of() { df -Pk "$1" 2>/dev/null | awk 'NR == 2 { printf "%s kB free on %s (mounted on %s)", $4, $1, $6 }'; }

# Saves a file once, before this run first changes it.
# The copy is complete and fsynced before the file is listed in "touched",
# which rollback.sh reads: a kill in between leaves the file unchanged and
# unlisted. A file listed already (this run, or an interrupted run this one
# resumes) keeps its first copy, the original; its checksum is dropped until
# the change is done (track_after), so rollback.sh restores it whatever state
# a kill leaves it in.
backup() {
  [ "$DRY_RUN" = 1 ] && return 0
  if grep -qxF "$1" "$BACKUP/touched" 2>/dev/null; then forget_after "$1"; return 0; fi
  if [ -e "$1" ] || [ -L "$1" ]; then
    mkdir -p "$BACKUP/orig$(dirname "$1")"
    rm -rf "$BACKUP/orig$1.part"
    cp -a "$1" "$BACKUP/orig$1.part" || die "could not copy $1 into $BACKUP: $(space_left_of "$BACKUP"); $1 is unchanged"
    fsync "$BACKUP/orig$1.part"; mv -f "$BACKUP/orig$1.part" "$BACKUP/orig$1"; fsync "$BACKUP/orig$(dirname "$1")"
  fi
  printf '%s\n' "$1" >>"$BACKUP/touched" || die "could not record $1 in $BACKUP/touched: $(space_left_of "$BACKUP"); $1 is unchanged"
  fsync "$BACKUP/touched"
}

# track_after: rollback.sh's checksums of every touched file as it is now
# (rollback.sh refuses to overwrite a file changed again since, unless --force).
track_after() {
  [ -f "$BACKUP/touched" ] || return 0
  while IFS= read -r f; do [ ! -e "$f" ] || sha256sum "$f"; done <"$BACKUP/touched" >"$BACKUP/after.sha256.part" || true
  fsync "$BACKUP/after.sha256.part"; mv -f "$BACKUP/after.sha256.part" "$BACKUP/after.sha256"
}

# forget_after FILE: FILE is about to change again; until track_after, rollback.sh restores it unchecked.
forget_after() {
  [ -f "$BACKUP/after.sha256" ] || return 0
  F=$1 awk '{ p = $0; sub(/^[0-9a-f]+  /, "", p); if (p != ENVIRON["F"]) print }' "$BACKUP/after.sha256" >"$BACKUP/after.sha256.part" || true
  fsync "$BACKUP/after.sha256.part"; mv -f "$BACKUP/after.sha256.part" "$BACKUP/after.sha256"
}

# add_undo LIST LINE: LINE in the backup's undo or undo-last, once, fsynced,
# before the change it undoes.
add_undo() {
  [ "$DRY_RUN" = 1 ] && return 0
  grep -qxF "$2" "$BACKUP/$1" 2>/dev/null && return 0
  printf '%s\n' "$2" >>"$BACKUP/$1"; fsync "$BACKUP/$1"
}

# Replaces $2 with the content of $1 when they differ, keeping $2's inode,
# owner and mode. In a dry run, shows the difference instead.
replace_content() {
  if [ -e "$2" ] && cmp -s "$1" "$2"; then rm -f "$1"; return 0; fi
  if [ "$DRY_RUN" = 1 ]; then
    say "would change $2:"; diff -u "$2" "$1" || true; rm -f "$1"; mark_changed "$2"; return 0
  fi
  backup "$2"; put_file "$1" "$2"; rm -f "$1"; mark_changed "$2"
}

# Also in a dry run, so that it shows which restarts and reloads would follow.
# After a real change, rollback.sh's checksums take the file's new state.
# The daemons' pending lists: what changed since each last restarted or reloaded.
mark_changed() {
  CHANGED="$CHANGED $1"; CYRUS_PENDING="${CYRUS_PENDING:-} $1"; POSTFIX_PENDING="${POSTFIX_PENDING:-} $1"
  [ "$DRY_RUN" = 1 ] || track_after
}

# conflict FILE KEY CURRENT WANTED HOW [RKEY [PKEY]]: recorded by the preflight
# checks; apply.sh lists them all and stops before its first change
# (report_conflicts). RKEY names the entry for --replace: given on the command
# line, the conflict is not recorded and the step writes our value over that
# entry. PKEY names the entry in the plan (plan_entry); a check of something
# inspect.sh cannot show (the store's certificate, postconf's warnings) has none.
conflict() {
  if [ -n "${6:-}" ] && replacing "$6"; then
    printf 'replacing %s as asked (was: %s)\n' "$6" "$3" >>"$REPLACED"; return 0
  fi
  printf '  %s: %s is "%s", this bundle needs "%s"; to resolve: %s%s\n' "$1" "$2" "$3" "$4" "$5" "${6:+, or run apply.sh --replace $6}" >>"$CONFLICTS"
  [ -z "${7:-}" ] || plan_entry conflict "$1" "$7" "$4" "$3"
}

# plan_entry ACTION FILE KEY NEW [OLD]: one entry of the machine-readable plan
# (ACTION add, merge, unchanged or conflict; no OLD: the entry is not there).
# The wizard computes the same entries from inspect.sh's output
# (packages/generator/src/inspect/plan.ts); a dry run prints them (print_plan).
plan_entry() {
  [ -n "${PLAN:-}" ] || return 0
  if [ $# -ge 5 ]; then pe_old=$(shell_word "$5"); else pe_old=-; fi
  printf '%s\t%s %s\t%s %s\n' "$1" "$(shell_word "$2")" "$(shell_word "$3")" "$pe_old" "$(shell_word "$4")" >>"$PLAN"
}

# print_plan (dry run, at the end): one line per entry, "lmtp-wizard: plan:
# ACTION FILE KEY OLD NEW", each value one shell word ('...'; OLD - for none).
# An entry recorded twice (a check and a step) shows its first conflict, or
# else its first record.
print_plan() {
  [ -s "${PLAN:-}" ] || return 0
  awk -F '\t' '{ id = $2; rec = $1 " " id " " substr($0, length($1) + length($2) + 3)
      if (!(id in first)) { order[++n] = id; first[id] = rec }
      if ($1 == "conflict" && !(id in conf)) conf[id] = rec }
    END { for (i = 1; i <= n; i++) print "lmtp-wizard: plan: " ((order[i] in conf) ? conf[order[i]] : first[order[i]]) }' "$PLAN"
}

# replacing RKEY: true when --replace RKEY was given; marks it as used.
replacing() {
  case ${REPLACE:-} in *" $1 "*) REPLACE_USED="$REPLACE_USED$1 "; return 0 ;; esac
  return 1
}

# check_replace_keys (preflight, after every check): each --replace KEY must
# name an entry in conflict here; anything else is an error before any change.
check_replace_keys() {
  for k in $REPLACE; do
    case $REPLACE_USED in *" $k "*) continue ;; esac
    case " $REPLACEABLE " in
      *" $k "*) printf 'apply.sh: --replace %s: not in conflict on this host (unset or already this bundle'\''s value); nothing was changed\n' "$k" >&2 ;;
      *) printf 'apply.sh: --replace %s: this bundle has no such entry (it can replace: %s); nothing was changed\n' "$k" "$REPLACEABLE" >&2 ;;
    esac
    exit 2
  done
}

report_conflicts() {
  if [ -s "$CONFLICTS" ]; then
    n=$(wc -l <"$CONFLICTS")
    if [ "$DRY_RUN" != 1 ]; then
      printf 'lmtp-wizard: error: %s conflict(s) with the existing configuration; nothing was changed:\n' "$n" >&2
      cat "$CONFLICTS" >&2
      exit 3
    fi
    say "CONFLICTS ($n): apply.sh would refuse before any change:"; cat "$CONFLICTS"
  fi
  while IFS= read -r line; do say "$line"; done <"$REPLACED"
}

# install_file SRC DEST MODE OWNER GROUP
install_file() {
  if [ -e "$2" ] && cmp -s "$1" "$2" && [ "$(stat -c '%a %U %G' "$2")" = "$(printf '%o' "0$3") $4 $5" ]; then return 0; fi
  if [ "$DRY_RUN" = 1 ]; then say "would install $2 (mode $3, $4:$5)"; mark_changed "$2"; return 0; fi
  # /etc/tmpfiles.d, for one, is missing on hosts without systemd installed.
  dir=$(dirname "$2")
  if [ ! -d "$dir" ]; then add_undo undo-last "rmdir $dir 2>/dev/null || true"; mkdir -p "$dir"; fi
  backup "$2"; put_file "$1" "$2" "$3" "$4" "$5"; mark_changed "$2"
}

# postmap_if_needed MAP: rebuild MAP.db only when MAP is newer or the db is missing.
# (find -newer, not test -nt, which POSIX sh does not define.)
postmap_if_needed() {
  if [ -e "$1.db" ] && [ -z "$(find "$1" -prune -newer "$1.db" 2>/dev/null)" ]; then return 0; fi
  backup "$1.db"; run postmap "hash:$1"; mark_changed "$1.db"
}

flush_main() {
  [ -s "$MAIN_QUEUE" ] || return 0
  set --
  while IFS= read -r line; do set -- "$@" "$line"; done <"$MAIN_QUEUE"
  : >"$MAIN_QUEUE"
  if [ -n "$PCF" ]; then postconf -c "$PCF" -e "$@"; return 0; fi
  backup /etc/postfix/main.cf; run postconf -e "$@"; mark_changed /etc/postfix/main.cf
  show_plan_diff main.cf
}

# Comments out SERVICES entries whose program is not installed: Debian's stock
# cyrus.conf lists pop3, nntp and http, and cyrmaster exits without them.
disable_missing_services() {
  # OURS: this bundle's services; one of them is never commented out
  for pair in $(missing_programs); do
    case " $* " in *" ${pair%%=*} "*) ;; *) continue ;; esac
    if [ "$DRY_RUN" = 1 ]; then
      say "cyrus.conf service ${pair%%=*} runs ${pair#*=}, which is not installed yet: the real run installs its package first (step 1), and stops with an error if it is still missing"
      continue
    fi
    die "cyrus.conf service ${pair%%=*} of this bundle runs ${pair#*=}, which is not installed although the packages step ran (for mupdate: cyrus-murder). Nothing of ours was commented out: install the package and run apply.sh again"
  done
  missing=$(missing_programs | sed 's/=.*//' | while read -r n; do case " $* " in *" $n "*) ;; *) printf '%s ' "$n" ;; esac; done | sed 's/ $//')
  [ -n "$missing" ] || return 0
  missing=" $missing"
  say "disabling cyrus.conf services whose program is not installed:$missing"
  tmp=$(mktemp); M="$missing" awk '
    BEGIN { split(ENVIRON["M"], m, " "); for (i in m) miss[m[i]] = 1 }
    /^[ \t]*SERVICES[ \t]*\{/ { s = 1 } s && /^[ \t]*\}/ { s = 0 }
    s && ($1 in miss) { print "#lmtp-wizard: program not installed: " $0; next }
    { print }' "$CYRUS_CONF" >"$tmp"
  replace_content "$tmp" "$CYRUS_CONF"
}

# add_line FILE LINE: append_line without its plan entry (a map's key, the
# lmtp port: their callers record the entry by key).
add_line() {
  [ -e "$1" ] && grep -qxF "$2" "$1" && return 0
  if [ "$DRY_RUN" = 1 ]; then say "would add to $1: $2"; mark_changed "$1"; return 0; fi
  backup "$1"; append_text "$1" "$2"; mark_changed "$1"
}

# append_text FILE LINE: FILE with LINE added at its end (and a newline before
# it when FILE lacks its last one), written whole by put_file.
append_text() {
  at_tmp=$(mktemp)
  if [ -e "$1" ]; then cat "$1" >"$at_tmp"; [ ! -s "$1" ] || [ -z "$(tail -c 1 "$1")" ] || printf '\n' >>"$at_tmp"; fi
  printf '%s\n' "$2" >>"$at_tmp"
  put_file "$at_tmp" "$1"; rm -f "$at_tmp"
}
