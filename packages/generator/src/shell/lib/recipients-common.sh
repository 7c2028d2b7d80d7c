# --- recipients-common.sh: The recipient check (issue 11): an ordered restriction list, and the owned
# map of the domains whose recipients Cyrus is asked about. Read by apply.sh
# and verify.sh alike.

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

# local_domains: the domains of mydestination, expanded, one per line, in
# lower case. A lookup table or file in the list is printed as it stands.
local_domains() { postconf -hx mydestination 2>/dev/null | tr ', \t' '\n\n\n' | sed '/^$/d' | tr 'A-Z' 'a-z'; }
