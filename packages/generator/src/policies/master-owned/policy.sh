# --- policies/master-owned: a master.cf service we own.

# set_master NAME/TYPE ROW: one master.cf service through postconf -M.
# The placeholder STORE-SHA256-FINGERPRINT in ROW becomes the store's pin
# (check_store_pin sets STORE_FP before the first change).
set_master() {
  row=$(fill_pin "$2")
  cur=$(pcf -M "$1" 2>/dev/null | tr -s ' \t' '  ' || true)
  if [ -n "${PCF:-}" ]; then
    if [ "$cur" = "$row" ]; then plan_entry unchanged /etc/postfix/master.cf "$1" "$row" "$cur"
    elif [ -z "$cur" ]; then plan_entry add /etc/postfix/master.cf "$1" "$row"
    else plan_entry merge /etc/postfix/master.cf "$1" "$row" "$cur"; fi
  fi
  [ "$cur" = "$row" ] && return 0
  if [ -n "$PCF" ]; then postconf -c "$PCF" -M "$1=$row"; return 0; fi
  backup /etc/postfix/master.cf; run postconf -M "$1=$row"; mark_changed /etc/postfix/master.cf
  show_plan_diff master.cf
}
