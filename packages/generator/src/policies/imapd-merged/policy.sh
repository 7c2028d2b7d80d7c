# --- policies/imapd-merged: an imapd.conf list we add our item to.

# add_imapd_list KEY ITEM: add ITEM to a space-separated imapd.conf list.
add_imapd_list() {
  cur=$(imapd_value "$1")
  if in_list "$cur" "$2"; then plan_entry unchanged "$IMAPD_CONF" "$1" "$cur" "$cur"; return 0; fi
  if [ -n "$cur" ]; then set_imapd "$1" "$cur $2"; else set_imapd "$1" "$2"; fi
}
