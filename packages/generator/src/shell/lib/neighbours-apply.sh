# --- neighbours-apply.sh: Neighbours, apply.sh's side: recording them, and the runtime directories.

RUNTIME_UNDO=""

# plan_neighbours KIND WHERE OURS... (plan): notes every entry of WHERE that is
# not ours, with what it resolves to, before anything changes.
plan_neighbours() {
  kind=$1 where=$2; shift 2
  for o in "$@"; do printf -- '-\t%s\t%s\t%s\n' "$kind" "$where" "$o"; done >>"$NEIGHBOURS_PLAN"
  neighbour_keys "$kind" "$where" | while IFS= read -r k; do
    is_ours "$kind" "$k" "$@" && continue
    v=$(neighbour_value "$kind" "$where" "$k") || continue
    printf '%s\t%s\t%s\t%s\n' "$kind" "$where" "$k" "$v"
  done >>"$NEIGHBOURS_PLAN"
}

# save_neighbours FILE: merges the plan into FILE (0600). An entry FILE already
# has keeps its first recorded value, so a re-run, which sees our items in the
# lists already, never forgets what was there before the first run; an entry
# that is ours now is dropped.
save_neighbours() {
  new=$(mktemp)
  old=/dev/null; [ ! -e "$1" ] || old=$1
  awk -F '\t' '
    function id(kind, where, key) { return kind "\t" where "\t" (kind ~ /map$/ ? tolower(key) : key) }
    FILENAME == ARGV[1] { if ($1 == "-") ours[id($2, $3, $4)] = 1; else plan[++n] = $0; next }
    { k = id($1, $2, $3); if (!(k in ours) && !(k in seen)) { seen[k] = 1; print } }
    END { for (i = 1; i <= n; i++) { split(plan[i], f, "\t"); k = id(f[1], f[2], f[3])
      if (!(k in ours) && !(k in seen)) { seen[k] = 1; print plan[i] } } }' "$NEIGHBOURS_PLAN" "$old" >"$new"
  if [ -e "$1" ] && cmp -s "$new" "$1"; then rm -f "$new"; return 0; fi
  n=$(grep -c . "$new" || true)
  if [ "$DRY_RUN" = 1 ]; then say "would record $n neighbour(s), the other entries of the lists and maps it merges, in $1"; rm -f "$new"; return 0; fi
  dir=$(dirname "$1")
  if [ ! -d "$dir" ]; then add_undo undo-last "rmdir $(shell_word "$dir") 2>/dev/null || true"; mkdir -p "$(dirname "$dir")"; mkdir -m 0700 "$dir"; fi
  backup "$1"; put_file "$new" "$1" 0600 root root; rm -f "$new"; mark_changed "$1"
  say "recorded $n neighbour(s) in $1; verify.sh checks that they resolve as before"
}

shell_word() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

# remember_dir DIR (plan): how DIR is before any change. systemd-tmpfiles
# changes a runtime directory at once, and no file backup covers it: rollback.sh
# restores /etc/group, which would leave DIR with a group that no longer
# exists. rollback.sh (undo-last) puts back its owner, group and mode, or
# removes DIR (and the socket cyrmaster made in it) when apply.sh created it.
# Deepest first, so that a directory is emptied before its parent.
remember_dir() {
  q=$(shell_word "$1")
  if [ -d "$1" ]; then
    line="if [ -d $q ]; then chown $(stat -c '%u:%g' "$1") $q; chmod $(stat -c '%a' "$1") $q; fi"
  else
    line="if [ -d $q ]; then find $q -mindepth 1 -maxdepth 1 -type s -delete; rmdir $q 2>/dev/null || { chgrp 0 $q; echo \"rollback: $q was made by apply.sh and is not empty; left, group root\"; }; fi"
  fi
  RUNTIME_UNDO="$line
$RUNTIME_UNDO"
}

save_runtime_undo() {
  # a resumed backup keeps what the interrupted run saw: the state before any change
  [ "$DRY_RUN" = 1 ] || [ -z "$RUNTIME_UNDO" ] || [ -e "$BACKUP/runtime-saved" ] || {
    printf '%s' "$RUNTIME_UNDO" >>"$BACKUP/undo-last"; fsync "$BACKUP/undo-last"; echo saved >"$BACKUP/runtime-saved"; fsync "$BACKUP/runtime-saved"; }
}
