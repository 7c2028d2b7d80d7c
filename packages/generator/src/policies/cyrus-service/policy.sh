# --- policies/cyrus-service: a cyrus.conf SERVICES entry: ours by name, exclusive by its listen address and port.

# set_service NAME LINE: the SERVICES entry NAME in cyrus.conf becomes LINE.
set_service() {
  grep -q '^[[:space:]]*SERVICES[[:space:]]*{' "$CYRUS_CONF" || die "$CYRUS_CONF has no SERVICES section"
  ss_old=$(N=$1 awk '/^[ \t]*SERVICES[ \t]*\{/ { s = 1; next } s && /^[ \t]*\}/ { s = 0 }
    s && $1 == ENVIRON["N"] { sub(/^[ \t]+/, ""); sub(/[ \t]+$/, ""); print; exit }' "$CYRUS_CONF")
  if [ "$ss_old" = "$2" ]; then plan_entry unchanged "$CYRUS_CONF" "$1" "$2" "$ss_old"
  elif [ -z "$ss_old" ]; then plan_entry add "$CYRUS_CONF" "$1" "$2"
  else plan_entry merge "$CYRUS_CONF" "$1" "$2" "$ss_old"; fi
  tmp=$(mktemp); N=$1 L=$2 awk '
    BEGIN { n = ENVIRON["N"]; line = "\t" ENVIRON["L"] }
    /^[ \t]*SERVICES[ \t]*\{/ { insvc = 1; print; next }
    insvc && /^[ \t]*\}/ { if (!done) print line; done = 1; insvc = 0; print; next }
    insvc && $1 == n { if (!done) print line; done = 1; next }
    { print }' "$CYRUS_CONF" >"$tmp"
  replace_content "$tmp" "$CYRUS_CONF"
}

# check_service_listen NAME LISTEN HOW (preflight): a SERVICES entry NAME that
# listens elsewhere serves someone else (a content filter's re-injection on
# 127.0.0.1:2004, say); replacing it would drop that listener or widen it.
check_service_listen() {
  cur=$(N=$1 awk '/^[ \t]*SERVICES[ \t]*\{/ { s = 1; next } s && /^[ \t]*\}/ { s = 0 }
    s && $1 == ENVIRON["N"] && match($0, /listen="[^"]*"/) { print substr($0, RSTART + 8, RLENGTH - 9); exit }' "$CYRUS_CONF")
  [ -z "$cur" ] || [ "$cur" = "$2" ] ||
    conflict "$CYRUS_CONF" "service $1 listen" "$cur" "$2" "$3" "cyrus.conf:$1" "$1"
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
