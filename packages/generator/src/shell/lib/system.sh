# --- system.sh: system state outside configuration files: groups, the release, packages.

ensure_group() {
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
  [ "${have%%.*}" = "$2" ] && return 0
  die "this bundle is for $3, but $1 says \"${have:-nothing}\"; nothing was changed. Make a bundle for this host's release in the wizard (its first step asks for it)"
}

# check_packages PKG... (preflight): apt can install each one that is
# missing, so that apply.sh never stops half-way for want of one (nor runs on
# without it).
check_packages() {
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' && continue
    cand=$(apt-cache policy "$p" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
    [ -n "$cand" ] && [ "$cand" != "(none)" ] ||
      conflict "package $p" "its install candidate (apt-cache policy $p)" "${cand:-none}" "a version apt can install" "make the Debian archive (main) reachable for apt and run apt-get update, then apply.sh again"
  done
}

ensure_packages() {
  need=""
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need="$need $p"
  done
  [ -n "$need" ] || return 0
  say "installing:$need"
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y $need
}
