// Shell functions that apply.sh and verify.sh both need, so each script
// stays self-contained while the logic is written once. Static text.
export const COMMON_LIB = String.raw`
in_list() { printf '%s\n' "$1" | tr ', \t' '\n\n\n' | grep -qxF "$2"; }

# imapd_value KEY: the value of KEY in imapd.conf (the last one wins, as in Cyrus).
imapd_value() {
  K=$1 awk '{ s = $0; sub(/^[ \t]+/, "", s); k = ENVIRON["K"] }
    index(s, k) == 1 && substr(s, length(k) + 1) ~ /^[ \t]*:/ { sub(/^[^:]*:[ \t]*/, "", s); v = s } END { print v }' "$IMAPD_CONF"
}

# postfix_has_ipv6: true when inet_protocols lets Postfix use IPv6 ("all" or "ipv6").
postfix_has_ipv6() {
  p=$(postconf -h inet_protocols 2>/dev/null || true)
  in_list "$p" all || in_list "$p" ipv6
}

# missing_programs: names of active SERVICES entries whose program is not installed.
missing_programs() {
  for pair in $(awk '/^[ \t]*SERVICES[ \t]*\{/ { s = 1; next } s && /^[ \t]*\}/ { s = 0 }
      s && $1 !~ /^#/ && match($0, /cmd="[^" ]+/) { print $1 "=" substr($0, RSTART + 5, RLENGTH - 5) }' "$CYRUS_CONF"); do
    name=${"$"}{pair%%=*}; prog=${"$"}{pair#*=}
    case $prog in /*) path=$prog ;; *) path=$CYRUS_BIN/$prog ;; esac
    [ -x "$path" ] || printf '%s=%s\n' "$name" "$prog"
  done
}
`;
