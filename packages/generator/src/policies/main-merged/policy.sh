# --- policies/main-merged: a main.cf list we add our items to (policy merged).

# add_main_list KEY ITEM...: adds items missing from a main.cf list. An unset
# list whose default is not empty here (virtual_mailbox_domains defaults to
# $virtual_mailbox_maps) grows from the default's own text, so what it matched
# before it still matches; a default that is a compatibility_level expression
# is refused by check_main_list_default instead.
add_main_list() {
  key=$1; shift; cur=$(pcf -nh "$key" 2>/dev/null || true)
  [ -n "$cur" ] || cur=$(main_list_default "$key")
  new=$cur
  for item in "$@"; do
    in_list "$cur" "$item" && continue
    if [ -n "$new" ]; then new="$new, $item"; else new=$item; fi
  done
  if [ "$new" = "$cur" ]; then [ -z "${PCF:-}" ] || plan_entry unchanged /etc/postfix/main.cf "$key" "$cur" "$cur"
  else set_main "$key" "$new"; fi
}

# main_list_default KEY: the text of Postfix's default for KEY when main.cf
# does not set KEY and that default is not empty on this host; nothing otherwise.
main_list_default() {
  [ -z "$(pcf -n "$1" 2>/dev/null)" ] && [ -n "$(pcf -xh "$1" 2>/dev/null)" ] || return 0
  postconf -dh "$1"
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
