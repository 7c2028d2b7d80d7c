// Shell functions for the Postfix side's checks against what a server already
// has (issue 10). Static text; see shell-lib.ts for the rules.
export const POSTFIX_LIB = String.raw`
# check_main_free KEY WANTED OURS HOW (preflight): an exclusive main.cf setting
# must be unset or already WANTED. A value that routes through OURS, the
# master.cf service this bundle owns (an earlier bundle's route, or the classic
# "mailbox_transport = cyrus" pipe it replaces), is ours to change.
check_main_free() {
  [ -n "$(postconf -n "$1" 2>/dev/null)" ] || return 0
  cur=$(postconf -nh "$1")
  [ "$cur" = "$2" ] && return 0
  [ -n "$3" ] && [ "${"$"}{cur%%:*}" = "$3" ] && return 0
  conflict /etc/postfix/main.cf "$1" "$cur" "$2" "$4"
}

# check_table_key MAP KEY VALUE HOW (preflight): a shared lookup table may hold
# KEY only with VALUE; another value is someone else's route.
check_table_key() {
  cur=$(table_value "$1" "$2")
  [ -z "$cur" ] || [ "$cur" = "$3" ] || conflict "$1" "$2" "$cur" "$3" "$4"
}

# merge_table_key MAP KEY VALUE: adds "KEY VALUE" to a shared lookup table
# (created 0644 when missing) and keeps every other entry.
merge_table_key() {
  cur=$(table_value "$1" "$2")
  [ "$cur" = "$3" ] && return 0
  # a dry run goes on past a conflict; it is listed under CONFLICTS already
  if [ -n "$cur" ]; then [ "$DRY_RUN" = 1 ] && return 0; die "$1: $2 is \"$cur\", not \"$3\""; fi
  if [ "$DRY_RUN" != 1 ] && [ -s "$1" ] && [ -n "$(tail -c 1 "$1")" ]; then backup "$1"; printf '\n' >>"$1"; fi
  append_line "$1" "$2 $3"
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
  backup "$1"; backup "$1.db"; cat "$tmp" >"$1"; rm -f "$tmp"; postmap "hash:$1"; mark_changed "$1"
}
`;
