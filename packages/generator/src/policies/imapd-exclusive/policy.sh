# --- policies/imapd-exclusive: an exclusive imapd.conf key: unset, already ours, or a conflict.

# check_imapd_exclusive KEY VALUE HOW (preflight): an exclusive key must be
# unset or already VALUE; anything else is a conflict.
check_imapd_exclusive() {
  cur=$(imapd_value "$1")
  [ -z "$cur" ] || [ "$cur" = "$2" ] || conflict "$IMAPD_CONF" "$1" "$cur" "$2" "$3" "$1" "$1"
}
