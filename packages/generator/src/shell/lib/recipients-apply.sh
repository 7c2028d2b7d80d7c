# --- recipients-apply.sh: The recipient check, apply.sh's side.

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
