# --- postfix.sh: The Postfix side's checks against what a server already has (issue 10).

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
