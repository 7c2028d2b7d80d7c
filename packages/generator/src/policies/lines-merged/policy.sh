# --- policies/lines-merged: lines added to a shared file (hosts.allow, hosts.deny), and the rule above ours that would decide first.

# wrapper_shadow FILE LINE DAEMON: prints the first rule of a tcp-wrapper file
# that matches every client of DAEMON (daemon list ALL or DAEMON, client list
# ALL) and comes before LINE: hosts_access(5) stops at the first match, so LINE
# would never be read. Continuation lines are not followed.
wrapper_shadow() {
  [ -e "$1" ] || return 0
  L=$2 D=$3 awk '
    $0 == ENVIRON["L"] { exit }
    /^[ \t]*(#|$)/ || index($0, ":") == 0 { next }
    { split($0, f, ":"); nd = split(f[1], ds, /[ \t,]+/); nc = split(f[2], cs, /[ \t,]+/)
      m = 0; ex = 0
      for (i = 1; i <= nd; i++) { if (ds[i] == "EXCEPT") ex = 1; else if (ds[i] == "ALL" || ds[i] == ENVIRON["D"]) m = !ex }
      all = 0; for (i = 1; i <= nc; i++) { if (cs[i] == "EXCEPT") break; if (cs[i] == "ALL") all = 1 }
      if (m && all) { print; exit } }' "$1"
}

# check_wrapper_first FILE LINE DAEMON (preflight): apply.sh appends LINE, so a
# catch-all rule above it would decide first and LINE would never match.
check_wrapper_first() {
  hit=$(wrapper_shadow "$1" "$2" "$3")
  [ -z "$hit" ] ||
    conflict "$1" "the first rule for $3" "$hit" "$2" "move \"$2\" above that rule by hand (apply.sh appends and never reorders your rules), then run apply.sh again" "" "$2"
}

# append_line FILE LINE: add LINE when the file does not have it yet.
append_line() {
  if [ -e "$1" ] && grep -qxF "$2" "$1"; then plan_entry unchanged "$1" "$2" "$2" "$2"; return 0; fi
  plan_entry add "$1" "$2" "$2"
  add_line "$1" "$2"
}
