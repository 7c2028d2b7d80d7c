# --- neighbours-common.sh: The plan's record of what apply.sh must leave as it was: the neighbours of
# every merged list and map (checked by verify.sh), and the runtime
# directories rollback.sh puts back. scripts/plan-state.ts writes the calls.
# A record is one line: KIND TAB WHERE TAB KEY TAB VALUE, e.g.
#   main  relay_domains  example.net          (an item of a main.cf list)
#   map  /etc/postfix/transport  example.net  smtp:[10.0.0.1]:25
#   secret-map  /etc/postfix/sasl_passwd  [relay]:587  sha256:...   (never the value)

# neighbour_keys KIND WHERE: every entry WHERE holds now, one per line.
neighbour_keys() {
  case $1 in
    main) postconf -nh "$2" 2>/dev/null | tr ', \t' '\n\n\n' | sed '/^$/d' ;;
    imapd) [ ! -e "$IMAPD_CONF" ] || imapd_value "$2" | tr ', \t' '\n\n\n' | sed '/^$/d' ;;
    map|secret-map) [ ! -e "$2" ] || awk '/^[ \t]*#/ || /^[ \t]*$/ || /^[ \t]/ { next } { print $1 }' "$2" ;;
    lines) [ ! -e "$2" ] || grep -v '^[[:space:]]*\(#\|$\)' "$2" | tr '\t' ' ' ;;
  esac
}

# neighbour_value KIND WHERE KEY: what KEY resolves to now (a map through
# postmap -q; a secret map as a sha256 of the value, which is never printed);
# false when WHERE no longer has KEY.
neighbour_value() {
  case $1 in
    main) in_list "$(postconf -h "$2" 2>/dev/null)" "$3" ;;
    imapd) in_list "$(imapd_value "$2")" "$3" ;;
    map) postmap -q "$3" "hash:$2" </dev/null 2>/dev/null ;;
    secret-map)
      v=$(postmap -q "$3" "hash:$2" </dev/null 2>/dev/null) || return 1
      printf 'sha256:%s\n' "$(printf '%s' "$v" | sha256sum | cut -c1-64)"; v="" ;;
    lines) [ -e "$2" ] && tr '\t' ' ' <"$2" | grep -qxF "$3" ;;
    *) return 1 ;;
  esac
}

# is_ours KIND KEY OURS...: KEY is one of this bundle's own items (map keys
# compare as postmap folds them, in lower case).
is_ours() {
  io_kind=$1 io_key=$2; shift 2
  case $io_kind in *map) io_key=$(printf '%s' "$io_key" | tr '[:upper:]' '[:lower:]') ;; esac
  for io_o in "$@"; do
    case $io_kind in *map) io_o=$(printf '%s' "$io_o" | tr '[:upper:]' '[:lower:]') ;; esac
    [ "$io_o" = "$io_key" ] && return 0
  done
  return 1
}
