# --- postfix.sh: The Postfix side's checks against what a server already has (issue 10).

# check_main_free KEY WANTED OURS HOW (preflight): an exclusive main.cf setting
# must be unset or already WANTED. A value that routes through OURS, the
# master.cf service this bundle owns (an earlier bundle's route, or the classic
# "mailbox_transport = cyrus" pipe it replaces), is ours to change.
check_main_free() {
  [ -n "$(postconf -n "$1" 2>/dev/null)" ] || return 0
  cur=$(postconf -nh "$1")
  [ "$cur" = "$2" ] && return 0
  [ -n "$3" ] && [ "${cur%%:*}" = "$3" ] && return 0
  conflict /etc/postfix/main.cf "$1" "$cur" "$2" "$4" "$1" "$1"
}

# check_main_unset KEY HOW (preflight): a neighbour of a setting we change must
# be unset (virtual_mailbox_maps beside the virtual_mailbox_domains we add to:
# Postfix would look our recipients up in it and refuse them). Not replaceable:
# emptying the admin's map would break the domains it serves.
check_main_unset() {
  cur=$(postconf -nh "$1" 2>/dev/null || true)
  [ -z "$cur" ] || conflict /etc/postfix/main.cf "$1" "$cur" "" "$2" "" "$1"
}

# check_main_list_default KEY (preflight): a list we add to that main.cf does
# not set takes Postfix's default. When that default is not empty on this host
# and depends on compatibility_level (relay_domains is $mydestination below
# level 2), writing our list would drop what it matched, and its text cannot be
# kept as it is; the admin writes the value out first.
check_main_list_default() {
  case $(main_list_default "$1") in
    *'${'*)
      eff=$(postconf -xh "$1")
      conflict /etc/postfix/main.cf "$1" "(unset; the default here is: $eff)" "the default plus our items" "write the value this host uses into main.cf first, for example postconf -e \"$1 = $eff\", then run apply.sh again" "" "$1" ;;
  esac
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

# drop_earlier_credentials MAP KEY USER: an earlier bundle kept our "KEY
# USER:password" line in the shared sasl_passwd. It moves to a file of our own,
# so only that line goes (any password: the old one may differ), and MAP is
# compiled again. Other entries, the relay's among them, stay byte for byte.
# A dry run does not show the line: it holds a password.
drop_earlier_credentials() {
  [ -e "$1" ] || return 0
  tmp=$(mktemp); K=$2 U=$3 awk 'BEGIN { k = tolower(ENVIRON["K"]); u = ENVIRON["U"] ":" }
    !/^[ \t]*#/ && !/^[ \t]/ && tolower($1) == k && index($2, u) == 1 { next } { print }' "$1" >"$tmp"
  if cmp -s "$tmp" "$1"; then rm -f "$tmp"; return 0; fi
  if [ "$DRY_RUN" = 1 ]; then say "would remove the entry for $2 (user $3, an earlier bundle's) from $1"; rm -f "$tmp"; mark_changed "$1"; return 0; fi
  backup "$1"; backup "$1.db"; put_file "$tmp" "$1"; rm -f "$tmp"; postmap "hash:$1"; mark_changed "$1"
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

# plan_postfix_begin (preflight): a copy of main.cf and master.cf in a temp dir;
# until plan_postfix_end, set_main, flush_main and set_master change the copy
# (postconf -c), so the whole plan is known before the first change.
plan_postfix_begin() {
  PLAN_DIR=$(mktemp -d)
  for f in main.cf master.cf; do
    if [ -e "$POSTFIX_DIR/$f" ]; then cp -p "$POSTFIX_DIR/$f" "$PLAN_DIR/$f"; else : >"$PLAN_DIR/$f"; fi
  done
  PCF=$PLAN_DIR
}

# postconf_warnings DIR: what postconf says about the main.cf and master.cf in
# DIR (unused or undefined parameters, broken entries), DIR written as $POSTFIX_DIR.
postconf_warnings() {
  for opt in -n -M -P; do
    postconf -c "$1" "$opt" 2>&1 >/dev/null || printf 'postconf %s failed\n' "$opt"
  done | D=$1/ L=$POSTFIX_DIR/ awk '{ d = ENVIRON["D"]; s = $0; o = ""
    while ((i = index(s, d)) > 0) { o = o substr(s, 1, i - 1) ENVIRON["L"]; s = substr(s, i + length(d)) }
    print o s }' | sort -u
}

# plan_postfix_end (preflight): "postfix check" would also repair the live queue
# directory, so the copy is checked with postconf instead. A warning the live
# configuration does not already have is a conflict.
plan_postfix_end() {
  PCF=""
  postconf_warnings "$POSTFIX_DIR" >"$PLAN_DIR/live.warnings"
  postconf_warnings "$PLAN_DIR" | grep -vxF -f "$PLAN_DIR/live.warnings" >"$PLAN_DIR/new.warnings" || true
  while IFS= read -r w; do
    printf '  %s: with this bundle'\''s changes, postconf says "%s" (it does not now); to resolve: fix the setting it names by hand, or make the bundle again (sh apply.sh --dry-run shows main.cf and master.cf as they would be)\n' "$POSTFIX_DIR" "$w" >>"$CONFLICTS"
  done <"$PLAN_DIR/new.warnings"
}

# show_plan_diff FILE (dry run): FILE's whole change, once, from the plan's copy.
show_plan_diff() {
  [ "$DRY_RUN" = 1 ] && [ -n "$PLAN_DIR" ] || return 0
  case $PLAN_SHOWN in *" $1 "*) return 0 ;; esac
  PLAN_SHOWN="$PLAN_SHOWN$1 "
  live=$POSTFIX_DIR/$1; [ -e "$live" ] || live=/dev/null
  say "would change $POSTFIX_DIR/$1 (every change of this run):"
  diff -u --label "$POSTFIX_DIR/$1" --label "$POSTFIX_DIR/$1 (planned)" "$live" "$PLAN_DIR/$1" || true
}
