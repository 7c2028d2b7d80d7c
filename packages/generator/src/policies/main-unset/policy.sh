# --- policies/main-unset: a neighbour key that must stay unset (requiresUnset).

# check_main_unset KEY HOW (preflight): a neighbour of a setting we change must
# be unset (virtual_mailbox_maps beside the virtual_mailbox_domains we add to:
# Postfix would look our recipients up in it and refuse them). Not replaceable:
# emptying the admin's map would break the domains it serves.
check_main_unset() {
  cur=$(postconf -nh "$1" 2>/dev/null || true)
  [ -z "$cur" ] || conflict /etc/postfix/main.cf "$1" "$cur" "" "$2" "" "$1"
}
