# --- policies/main-owned: set_main: the main.cf setting we own (policy owned, and the step of exclusive).

# set_main KEY VALUE: queues "KEY = VALUE" when main.cf holds something else;
# flush_main then writes the queue with ONE postconf -e. Postfix tools pause up
# to a second before reading a main.cf changed within the last second, so one
# write per key cost about 10 s per run (measured on the real daemons).
# With PCF set (plan_postfix_begin), these functions act on that copy instead.
set_main() {
  want="$1 = $2"; [ -n "$2" ] || want="$1 ="
  was=$(pcf -n "$1" 2>/dev/null || true)
  if [ -n "${PCF:-}" ]; then
    if [ "$was" = "$want" ]; then plan_entry unchanged /etc/postfix/main.cf "$1" "$2" "$2"
    elif [ -z "$was" ]; then plan_entry add /etc/postfix/main.cf "$1" "$2"
    else sm_old=${was#"$1 ="}; plan_entry merge /etc/postfix/main.cf "$1" "$2" "${sm_old# }"; fi
  fi
  [ "$was" = "$want" ] && return 0
  [ "$DRY_RUN" = 1 ] && [ -z "$PCF" ] && say "would change main.cf: ${was:-$1 (unset)}  ->  $want"
  printf '%s\n' "$want" >>"$MAIN_QUEUE"
}
