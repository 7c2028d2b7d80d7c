// Shell functions for the plan's record of what apply.sh must leave as it was:
// the neighbours of every merged list and map (checked by verify.sh), and the
// runtime directories rollback.sh puts back. Static text; see shell-lib.ts for
// the rules. scripts/plan-state.ts writes the calls, from the file modules.
//
// A neighbour record is one line: KIND TAB WHERE TAB KEY TAB VALUE.
//   main  relay_domains  example.net          (an item of a main.cf list)
//   imapd  lmtp_admins  cyrus                 (an item of an imapd.conf list)
//   map  /etc/postfix/transport  example.net  smtp:[10.0.0.1]:25
//   secret-map  /etc/postfix/sasl_passwd  [relay]:587  sha256:...   (never the value)
//   lines  /etc/hosts.allow  sshd: ALL        (a rule line, tabs read as spaces)

/** Shared by apply.sh (to record) and verify.sh (to check). */
export const NEIGHBOURS_COMMON = String.raw`
# neighbour_keys KIND WHERE: every entry WHERE holds now, one per line.
neighbour_keys() {
  case $1 in
    main) postconf -nh "$2" 2>/dev/null | tr ', \t' '\n\n\n' | sed '/^$/d' ;;
    imapd) [ ! -e "$IMAPD_CONF" ] || imapd_value "$2" | tr ', \t' '\n\n\n' | sed '/^$/d' ;;
    map|secret-map) [ ! -e "$2" ] || awk '/^[ \t]*#/ || /^[ \t]*$/ || /^[ \t]/ { next } { print $1 }' "$2" ;;
    lines) [ ! -e "$2" ] || grep -v '^[[:space:]]*\(#\|$\)' "$2" | tr '\t' ' ' ;;
  esac
}

# neighbour_value KIND WHERE KEY: what KEY resolves to now (a map through
# postmap -q; a secret map as a sha256 of the value, which is never printed);
# false when WHERE no longer has KEY.
neighbour_value() {
  case $1 in
    main) in_list "$(postconf -h "$2" 2>/dev/null)" "$3" ;;
    imapd) in_list "$(imapd_value "$2")" "$3" ;;
    map) postmap -q "$3" "hash:$2" </dev/null 2>/dev/null ;;
    secret-map)
      v=$(postmap -q "$3" "hash:$2" </dev/null 2>/dev/null) || return 1
      printf 'sha256:%s\n' "$(printf '%s' "$v" | sha256sum | cut -c1-64)"; v="" ;;
    lines) [ -e "$2" ] && tr '\t' ' ' <"$2" | grep -qxF "$3" ;;
    *) return 1 ;;
  esac
}

# is_ours KIND KEY OURS...: KEY is one of this bundle's own items (map keys
# compare as postmap folds them, in lower case).
is_ours() {
  io_kind=$1 io_key=$2; shift 2
  case $io_kind in *map) io_key=$(printf '%s' "$io_key" | tr '[:upper:]' '[:lower:]') ;; esac
  for io_o in "$@"; do
    case $io_kind in *map) io_o=$(printf '%s' "$io_o" | tr '[:upper:]' '[:lower:]') ;; esac
    [ "$io_o" = "$io_key" ] && return 0
  done
  return 1
}
`;

/** apply.sh: record in the plan phase, write once the checks have passed. */
export const NEIGHBOURS_APPLY_LIB = String.raw`
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
  if [ ! -d "$dir" ]; then add_undo undo-last "rmdir $(shell_word "$dir") 2>/dev/null || true"; mkdir -p -m 0700 "$dir"; fi
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
`;

/** verify.sh: one ok or FAIL per recorded neighbour. */
export const NEIGHBOURS_VERIFY_LIB = String.raw`
neighbours_recorded() {
  [ -r "$1" ] && return 0
  note "no record of the neighbours ($1): apply.sh has not run here, so the other entries of the lists and maps it merges are not checked"
}

# check_neighbours FILE KIND WHERE OURS...: every entry of WHERE that apply.sh
# recorded before its first change still resolves as it did then.
check_neighbours() {
  [ -r "$1" ] || return 0
  file=$1 kind=$2 where=$3; shift 3
  recs=$(K=$kind W=$where awk -F '\t' '$1 == ENVIRON["K"] && $2 == ENVIRON["W"]' "$file")
  hint="restore it, or if it changed on purpose, delete its line from $file"
  while IFS= read -r rec; do
    [ -n "$rec" ] || continue
    key=$(printf '%s\n' "$rec" | cut -f3); want=$(printf '%s\n' "$rec" | cut -f4-)
    is_ours "$kind" "$key" "$@" && continue
    if got=$(neighbour_value "$kind" "$where" "$key"); then :; else got="<missing>"; fi
    case $kind in
      main|imapd)
        what=main.cf; [ "$kind" = main ] || what=imapd.conf
        if [ "$got" != "<missing>" ]; then ok "neighbour: $what $where still lists $key"
        else bad "neighbour: $what $where no longer lists $key, which it did before apply.sh ($hint)"; fi ;;
      map)
        if [ "$got" = "$want" ]; then ok "neighbour: $where: $key -> $want, as before apply.sh"
        else bad "neighbour: $where: $key resolves to \"$got\", before apply.sh to \"$want\" ($hint)"; fi ;;
      secret-map)
        if [ "$got" = "$want" ]; then ok "neighbour: $where: $key resolves to the same value as before apply.sh (compared by sha256)"
        elif [ "$got" = "<missing>" ]; then bad "neighbour: $where: $key no longer resolves ($hint)"
        else bad "neighbour: $where: $key resolves to another value than before apply.sh (compared by sha256; not shown) ($hint)"; fi ;;
      lines)
        if [ "$got" != "<missing>" ]; then ok "neighbour: $where still has \"$key\""
        else bad "neighbour: $where has lost the line \"$key\", which it had before apply.sh ($hint)"; fi ;;
    esac
  done <<EOF
$recs
EOF
}
`;
