# --- recipients-apply.sh: The recipient check, apply.sh's side.

# check_restriction_place KEY ITEM ARG HOW FINAL... (preflight): "ITEM ARG" is
# added at the end of KEY; a FINAL item already in the list would stop
# evaluation before it, so ours would never run. apply.sh never reorders an
# admin's list: that is a conflict.
check_restriction_place() {
  crp_key=$1 crp_item=$2 crp_arg=$3 crp_how=$4; shift 4
  crp=$(restriction_state "$crp_key" "$crp_item" "$crp_arg" "$@")
  case $crp in
    after*) conflict /etc/postfix/main.cf "$crp_key" "$(postconf -h "$crp_key")" "$crp_item $crp_arg ahead of ${crp#after }" "$crp_how" "" "$crp_key" ;;
  esac
}

# add_main_restriction KEY ITEM ARG: appends "ITEM ARG" to the restriction list
# KEY when it is not there yet; the rest of the list stays as written.
add_main_restriction() {
  cur=$(pcf -h "$1" 2>/dev/null || true)
  if [ "$(restriction_state "$1" "$2" "$3")" = ours ]; then [ -z "${PCF:-}" ] || plan_entry unchanged /etc/postfix/main.cf "$1" "$cur" "$cur"; return 0; fi
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
