# --- policies/imapd-owned: an imapd.conf key we own.

# set_imapd KEY VALUE: replace the key's line in imapd.conf, or append it.
set_imapd() {
  si_old=$(imapd_value "$1")
  if [ "$si_old" = "$2" ]; then plan_entry unchanged "$IMAPD_CONF" "$1" "$2" "$2"
  elif [ -z "$si_old" ]; then plan_entry add "$IMAPD_CONF" "$1" "$2"
  else plan_entry merge "$IMAPD_CONF" "$1" "$2" "$si_old"; fi
  tmp=$(mktemp); K=$1 V=$2 awk '
    BEGIN { k = ENVIRON["K"]; line = k ": " ENVIRON["V"] }
    { s = $0; sub(/^[ \t]+/, "", s) }
    index(s, k) == 1 && substr(s, length(k) + 1) ~ /^[ \t]*:/ { if (!done) print line; done = 1; next }
    { print }
    END { if (!done) print line }' "$IMAPD_CONF" >"$tmp"
  replace_content "$tmp" "$IMAPD_CONF"
}

# set_imapd_if_known KEY VALUE: set_imapd, where this Cyrus has the key at all.
set_imapd_if_known() { imapd_knows "$1" || return 0; set_imapd "$1" "$2"; }
