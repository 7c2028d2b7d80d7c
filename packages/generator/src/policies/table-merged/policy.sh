# --- policies/table-merged: a shared Postfix lookup table we add our keys to.

# table_value MAP KEY: KEY's value in a Postfix lookup table source, or nothing.
# Comments, blank lines and continuation lines (leading whitespace) are skipped;
# keys compare as postmap folds them, in lower case; the first match wins.
table_value() {
  [ -e "$1" ] || return 0
  K=$2 awk 'BEGIN { k = tolower(ENVIRON["K"]) } /^[ \t]*#/ || /^[ \t]*$/ || /^[ \t]/ { next }
    tolower($1) == k { sub(/^[^ \t]+[ \t]+/, ""); sub(/[ \t]+$/, ""); print; exit }' "$1"
}

# check_table_key MAP KEY VALUE HOW (preflight): a shared lookup table may hold
# KEY only with VALUE; another value is someone else's route.
check_table_key() {
  cur=$(table_value "$1" "$2")
  [ -z "$cur" ] || [ "$cur" = "$3" ] || conflict "$1" "$2" "$cur" "$3" "$4" "$1:$2" "$2"
}

# merge_table_key MAP KEY VALUE: adds "KEY VALUE" to a shared lookup table
# (created 0644 when missing) and keeps every other entry. A key with another
# value is changed only when --replace MAP:KEY was given.
merge_table_key() {
  cur=$(table_value "$1" "$2")
  if [ "$cur" = "$3" ]; then plan_entry unchanged "$1" "$2" "$3" "$cur"; return 0; fi
  [ -n "$cur" ] || plan_entry add "$1" "$2" "$3"
  # a dry run goes on past a conflict; it is listed under CONFLICTS already
  if [ -n "$cur" ]; then
    case $REPLACE in *" $1:$2 "*) replace_table_key "$1" "$2" "$3"; return 0 ;; esac
    [ "$DRY_RUN" = 1 ] && return 0
    die "$1: $2 is \"$cur\", not \"$3\""
  fi
  add_line "$1" "$2 $3"
}

# replace_table_key MAP KEY VALUE: the first entry for KEY (and its
# continuation lines) becomes "KEY VALUE"; every other line, comments and
# blank lines inside that entry too, stays.
replace_table_key() {
  plan_entry merge "$1" "$2" "$3" "$(table_value "$1" "$2")"
  tmp=$(mktemp); K=$2 V=$3 awk 'BEGIN { k = tolower(ENVIRON["K"]) }
    /^[^ \t]/ { skip = 0 } skip && /^[ \t]/ && !/^[ \t]*(#|$)/ { next }
    !done && !/^[ \t]*#/ && !/^[ \t]/ && tolower($1) == k { print ENVIRON["K"] " " ENVIRON["V"]; done = 1; skip = 1; next }
    { print }' "$1" >"$tmp"
  replace_content "$tmp" "$1"
}
