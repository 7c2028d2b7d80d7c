# --- services.sh: the lmtp entry of /etc/services, the port, and the tcp-wrapper rule order.

lmtp_service_port() { awk '$1 == "lmtp" && $2 ~ /\/tcp$/ { print $2; exit }' /etc/services; }

# check_lmtp_service PORT (preflight): another lmtp entry is a conflict, since
# cyrmaster would listen on that port instead.
check_lmtp_service() {
  have=$(lmtp_service_port)
  [ -z "$have" ] || [ "$have" = "$1/tcp" ] ||
    conflict /etc/services lmtp "$have" "$1/tcp" "change that entry, or answer port ${have%/tcp} in the wizard" "" lmtp
}

# check_wrapper_first FILE LINE DAEMON (preflight): apply.sh appends LINE, so a
# catch-all rule above it would decide first and LINE would never match.
check_wrapper_first() {
  hit=$(wrapper_shadow "$1" "$2" "$3")
  [ -z "$hit" ] ||
    conflict "$1" "the first rule for $3" "$hit" "$2" "move \"$2\" above that rule by hand (apply.sh appends and never reorders your rules), then run apply.sh again" "" "$2"
}

# check_port_free NAME PORT... (preflight): another SERVICES entry whose listen
# takes one of our ports (by name or number, on any address) holds it, and
# cyrmaster could not bind ours: an earlier bundle's "lmtp" on listen="lmtp",
# say, once our service has a name of its own.
check_port_free() {
  n=$1; shift
  hit=$(N=$n P=" $* " awk '/^[ \t]*SERVICES[ \t]*\{/ { s = 1; next } s && /^[ \t]*\}/ { s = 0 }
    s && $1 != ENVIRON["N"] && $1 !~ /^#/ && match($0, /listen="[^"]*"/) {
      l = substr($0, RSTART + 8, RLENGTH - 9); p = l; sub(/.*:/, "", p)
      if (index(ENVIRON["P"], " " p " ")) { print $1 " listen=\"" l "\""; exit } }' "$CYRUS_CONF")
  [ -z "$hit" ] ||
    conflict "$CYRUS_CONF" "the port of service $n" "$hit" "$n" "that service already listens on the port, and cyrmaster could not bind ours: answer tcp.serviceName with its name (an earlier bundle's service is ours to replace), or remove it by hand" "" "$n"
}

ensure_lmtp_service() {
  have=$(lmtp_service_port)
  if [ -n "$have" ]; then plan_entry unchanged /etc/services lmtp "$have" "$have"; return 0; fi
  plan_entry add /etc/services lmtp "$1/tcp"
  add_line /etc/services "lmtp		$1/tcp"
}
