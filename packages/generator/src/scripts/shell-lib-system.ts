// Shell functions for system state outside config files: groups, packages
// and the /etc/services entry. Static text; see shell-lib.ts for the rules.
export const SYSTEM_LIB = String.raw`ensure_group() {
  getent group "$1" >/dev/null && return 0
  backup /etc/group; backup /etc/gshadow; run addgroup --system "$1"; mark_changed /etc/group
}

ensure_member() {
  id -nG "$1" | tr ' ' '\n' | grep -qxF "$2" && return 0
  backup /etc/group; backup /etc/gshadow; run adduser "$1" "$2"; mark_changed /etc/group
}

# require_ipv6 STORE: stop before any change when Postfix may not use IPv6.
require_ipv6() {
  postfix_has_ipv6 && return 0
  die "inet_protocols is \"$(postconf -h inet_protocols)\": Postfix would bounce all mail for the IPv6 store $1. Set inet_protocols = all (postconf -e, then postfix stop; postfix start) and run apply.sh again, or use a store name with an IPv4 address"
}

# require_release FILE MAJOR LABEL: stop, before any change, unless FILE
# (/etc/debian_version: "13.1", "12.11") starts with release MAJOR.
require_release() {
  have=$(cat "$1" 2>/dev/null || true)
  [ "${"$"}{have%%.*}" = "$2" ] && return 0
  die "this bundle is for $3, but $1 says \"${"$"}{have:-nothing}\"; nothing was changed. Make a bundle for this host's release in the wizard (its first step asks for it)"
}

# check_packages PKG... (preflight): apt can install each one that is
# missing, so that apply.sh never stops half-way for want of one (nor runs on
# without it).
check_packages() {
  for p in "$@"; do
    dpkg-query -W -f='${"$"}{Status}' "$p" 2>/dev/null | grep -q 'ok installed' && continue
    cand=$(apt-cache policy "$p" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
    [ -n "$cand" ] && [ "$cand" != "(none)" ] ||
      conflict "package $p" "its install candidate (apt-cache policy $p)" "${"$"}{cand:-none}" "a version apt can install" "make the Debian archive (main) reachable for apt and run apt-get update, then apply.sh again"
  done
}

ensure_packages() {
  need=""
  for p in "$@"; do
    dpkg-query -W -f='${"$"}{Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need="$need $p"
  done
  [ -n "$need" ] || return 0
  say "installing:$need"
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y $need
}
`;

// ensure_lmtp_service PORT: /etc/services needs "lmtp PORT/tcp" for listen="lmtp".
export const SERVICES_LIB = String.raw`
lmtp_service_port() { awk '$1 == "lmtp" && $2 ~ /\/tcp$/ { print $2; exit }' /etc/services; }

# check_lmtp_service PORT (preflight): another lmtp entry is a conflict, since
# cyrmaster would listen on that port instead.
check_lmtp_service() {
  have=$(lmtp_service_port)
  [ -z "$have" ] || [ "$have" = "$1/tcp" ] ||
    conflict /etc/services lmtp "$have" "$1/tcp" "change that entry, or answer port ${"$"}{have%/tcp} in the wizard" "" lmtp
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
`;
