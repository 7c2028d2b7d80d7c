# --- recipients-verify.sh: The recipient check, verify.sh's side.

# check_restriction KEY ITEM ARG FINAL...: "ITEM ARG" is in KEY, before every FINAL item.
check_restriction() {
  cr=$(restriction_state "$@")
  case $cr in
    ours) ok "main.cf $1 has \"$2 $3\" before any final item" ;;
    absent) bad "main.cf $1 does not contain \"$2 $3\" (re-run apply.sh)" ;;
    *) bad "main.cf $1: \"$2 $3\" comes ${cr}, so it never acts; move it ahead of that item" ;;
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
