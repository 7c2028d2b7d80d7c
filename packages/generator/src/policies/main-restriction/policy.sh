# --- policies/main-restriction: our item at the end of an ordered restriction list (policy merged-restriction).

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
