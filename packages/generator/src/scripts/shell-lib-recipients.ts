// Shell functions for the recipient check (issue 11): an ordered restriction
// list, and the owned map of the domains whose recipients Cyrus is asked
// about. Static text; see shell-lib.ts for the rules.

/** Read by apply.sh and verify.sh alike. */
export const RECIPIENTS_COMMON = String.raw`
# restriction_state KEY ITEM ARG FINAL...: where "ITEM ARG" stands in the
# restriction list KEY (expanded, as smtpd reads it; of the plan's copy while
# PCF is set, see plan_postfix_begin). Prints "ours" when it
# comes before every FINAL item (one that decides for every recipient of our
# domains, so nothing after it runs), "after X" when a FINAL item X comes
# first, or when the list ends in warn_if_reject (which would turn our reject
# into a warning), and "absent" otherwise.
restriction_state() {
  rs_item=$2 rs_arg=$3 rs_prev="" rs_list=$(pcf -hx "$1" 2>/dev/null | tr ',' ' '); shift 3
  set -f
  for rs_w in $rs_list; do
    if [ "$rs_prev" = "$rs_item" ] && [ "$rs_w" = "$rs_arg" ]; then set +f; echo ours; return 0; fi
    for rs_t in "$@"; do [ "$rs_w" = "$rs_t" ] && { set +f; echo "after $rs_w"; return 0; }; done
    rs_prev=$rs_w
  done
  set +f
  if [ "$rs_prev" = warn_if_reject ]; then echo "after warn_if_reject"; else echo absent; fi
}

# local_domains: the domains of mydestination, expanded, one per line, in
# lower case. A lookup table or file in the list is printed as it stands.
local_domains() { postconf -hx mydestination 2>/dev/null | tr ', \t' '\n\n\n' | sed '/^$/d' | tr 'A-Z' 'a-z'; }
`;

export const RECIPIENTS_APPLY = String.raw`
# check_restriction_place KEY ITEM ARG HOW FINAL... (preflight): "ITEM ARG" is
# added at the end of KEY; a FINAL item already in the list would stop
# evaluation before it, so ours would never run. apply.sh never reorders an
# admin's list: that is a conflict.
check_restriction_place() {
  crp_key=$1 crp_item=$2 crp_arg=$3 crp_how=$4; shift 4
  crp=$(restriction_state "$crp_key" "$crp_item" "$crp_arg" "$@")
  case $crp in
    after*) conflict /etc/postfix/main.cf "$crp_key" "$(postconf -h "$crp_key")" "$crp_item $crp_arg ahead of ${"$"}{crp#after }" "$crp_how" "" "$crp_key" ;;
  esac
}

# add_main_restriction KEY ITEM ARG: appends "ITEM ARG" to the restriction list
# KEY when it is not there yet; the rest of the list stays as written.
add_main_restriction() {
  cur=$(pcf -h "$1" 2>/dev/null || true)
  if [ "$(restriction_state "$1" "$2" "$3")" = ours ]; then [ -z "${"$"}{PCF:-}" ] || plan_entry unchanged /etc/postfix/main.cf "$1" "$cur" "$cur"; return 0; fi
  if [ -n "$cur" ]; then set_main "$1" "$cur, $2 $3"; else set_main "$1" "$2 $3"; fi
}

# check_local_domains_listable HOW (preflight): every mydestination domain goes
# into our map, so each must be a name; a lookup table or file cannot be listed.
check_local_domains_listable() {
  for d in $(local_domains); do
    case $d in *:*|/*) conflict /etc/postfix/main.cf mydestination "$(postconf -h mydestination)" "domain names only" "$1" "" mydestination ;; esac
  done
}

# install_map_with_local_domains SRC MAP VALUE: installs SRC as MAP (0644), with
# "domain VALUE" added for each mydestination domain SRC does not list.
install_map_with_local_domains() {
  tmp=$(mktemp); cat "$1" >"$tmp"
  for d in $(local_domains); do
    case $d in *:*|/*) continue ;; esac
    [ -n "$(table_value "$tmp" "$d")" ] || printf '%s %s\n' "$d" "$3" >>"$tmp"
  done
  install_file "$tmp" "$2" 0644 root root; rm -f "$tmp"
}
`;

export const RECIPIENTS_VERIFY = String.raw`
# check_restriction KEY ITEM ARG FINAL...: "ITEM ARG" is in KEY, before every FINAL item.
check_restriction() {
  cr=$(restriction_state "$@")
  case $cr in
    ours) ok "main.cf $1 has \"$2 $3\" before any final item" ;;
    absent) bad "main.cf $1 does not contain \"$2 $3\" (re-run apply.sh)" ;;
    *) bad "main.cf $1: \"$2 $3\" comes ${"$"}{cr}, so it never acts; move it ahead of that item" ;;
  esac
}

# check_local_domains_in_map MAP VALUE: every mydestination domain resolves to
# VALUE in MAP; a domain added to mydestination later is not checked until
# apply.sh runs again.
check_local_domains_in_map() {
  missing=""
  for d in $(local_domains); do
    [ "$(postmap -q "$d" "hash:$1" 2>/dev/null)" = "$2" ] || missing="$missing $d"
  done
  if [ -z "$missing" ]; then ok "$1 covers every mydestination domain"
  else bad "$1 lacks the mydestination domain(s)$missing: their unknown recipients are accepted and bounced later (re-run apply.sh)"; fi
}
`;
