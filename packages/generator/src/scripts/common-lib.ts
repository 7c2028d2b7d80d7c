// Shell functions that apply.sh and verify.sh both need, so each script
// stays self-contained while the logic is written once. Static text.
export const COMMON_LIB = String.raw`
# fill_pin ROW: ROW with the placeholder STORE-SHA256-FINGERPRINT replaced by
# $STORE_FP (the store's certificate pin), when ROW has it.
fill_pin() {
  case $1 in
    *STORE-SHA256-FINGERPRINT*) [ -n "${"$"}{STORE_FP:-}" ] || { printf '%s' "$1"; return 0; }
      printf '%s' "${"$"}{1%%STORE-SHA256-FINGERPRINT*}$STORE_FP${"$"}{1#*STORE-SHA256-FINGERPRINT}" ;;
    *) printf '%s' "$1" ;;
  esac
}
# pcf ARGS...: postconf, on the plan's copy of /etc/postfix while PCF is set
# (plan_postfix_begin), on the live one otherwise.
pcf() { postconf ${"$"}{PCF:+-c "$PCF"} "$@"; }

# table_value MAP KEY: KEY's value in a Postfix lookup table source, or nothing.
# Comments, blank lines and continuation lines (leading whitespace) are skipped;
# keys compare as postmap folds them, in lower case; the first match wins.
table_value() {
  [ -e "$1" ] || return 0
  K=$2 awk 'BEGIN { k = tolower(ENVIRON["K"]) } /^[ \t]*#/ || /^[ \t]*$/ || /^[ \t]/ { next }
    tolower($1) == k { sub(/^[^ \t]+[ \t]+/, ""); sub(/[ \t]+$/, ""); print; exit }' "$1"
}

in_list() { printf '%s\n' "$1" | tr ', \t' '\n\n\n' | grep -qxF "$2"; }

# imapd_value KEY: the value of KEY in imapd.conf (the last one wins, as in Cyrus).
imapd_value() {
  K=$1 awk '{ s = $0; sub(/^[ \t]+/, "", s); k = ENVIRON["K"] }
    index(s, k) == 1 && substr(s, length(k) + 1) ~ /^[ \t]*:/ { sub(/^[^:]*:[ \t]*/, "", s); v = s } END { print v }' "$IMAPD_CONF"
}

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

# systemd_runs: true when systemd is the init system (sd_booted's test).
systemd_runs() { [ -d /run/systemd/system ]; }

# imapd_knows KEY: true when the installed Cyrus has the imapd.conf option KEY.
imapd_knows() { "$CYRUS_BIN"/cyr_info conf-default 2>/dev/null | grep -q "^$1:"; }

# is_cyrmaster PID: PID is a live process (not a zombie) named cyrmaster.
is_cyrmaster() {
  [ "$(cat "/proc/$1/comm" 2>/dev/null)" = cyrmaster ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

# cyrmaster_pid: the pid of each running cyrmaster in this pid namespace (not
# its forked children), found through /proc rather than a pid file, since the
# pid file is what may be wrong. Prints nothing when none runs.
cyrmaster_pid() {
  ns=$(readlink /proc/self/ns/pid)
  for d in /proc/[0-9]*; do
    is_cyrmaster "${"$"}{d#/proc/}" || continue
    [ "$(readlink "$d/ns/pid" 2>/dev/null)" = "$ns" ] || continue
    pp=$(awk '$1 == "PPid:" { print $2 }' "$d/status" 2>/dev/null)
    [ "$(cat "/proc/$pp/comm" 2>/dev/null)" = cyrmaster ] || printf '%s\n' "${"$"}{d#/proc/}"
  done
}

# proc_started PID: when PID started, in seconds since the epoch (boot time
# plus field 22 of /proc/PID/stat, in clock ticks). Needs no ps.
proc_started() {
  ticks=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20)
  [ -n "$ticks" ] || return 1
  echo $(( $(awk '$1 == "btime" { print $2 }' /proc/stat) + ticks / $(getconf CLK_TCK) ))
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
