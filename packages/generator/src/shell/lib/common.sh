# --- common.sh: Functions apply.sh and verify.sh both need: pins, postconf wrappers, process
# start times, the daemons' pids.

# fill_pin ROW: ROW with the placeholder STORE-SHA256-FINGERPRINT replaced by
# $STORE_FP (the store's certificate pin), when ROW has it.
fill_pin() {
  case $1 in
    *STORE-SHA256-FINGERPRINT*) [ -n "${STORE_FP:-}" ] || { printf '%s' "$1"; return 0; }
      printf '%s' "${1%%STORE-SHA256-FINGERPRINT*}$STORE_FP${1#*STORE-SHA256-FINGERPRINT}" ;;
    *) printf '%s' "$1" ;;
  esac
}
# pcf ARGS...: postconf, on the plan's copy of /etc/postfix while PCF is set
# (plan_postfix_begin), on the live one otherwise.
pcf() { postconf ${PCF:+-c "$PCF"} "$@"; }

in_list() { printf '%s\n' "$1" | tr ', \t' '\n\n\n' | grep -qxF "$2"; }

# imapd_value KEY: the value of KEY in imapd.conf (the last one wins, as in Cyrus).
imapd_value() {
  K=$1 awk '{ s = $0; sub(/^[ \t]+/, "", s); k = ENVIRON["K"] }
    index(s, k) == 1 && substr(s, length(k) + 1) ~ /^[ \t]*:/ { sub(/^[^:]*:[ \t]*/, "", s); v = s } END { print v }' "$IMAPD_CONF"
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
    is_cyrmaster "${d#/proc/}" || continue
    [ "$(readlink "$d/ns/pid" 2>/dev/null)" = "$ns" ] || continue
    pp=$(awk '$1 == "PPid:" { print $2 }' "$d/status" 2>/dev/null)
    [ "$(cat "/proc/$pp/comm" 2>/dev/null)" = cyrmaster ] || printf '%s\n' "${d#/proc/}"
  done
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
    name=${pair%%=*}; prog=${pair#*=}
    case $prog in /*) path=$prog ;; *) path=$CYRUS_BIN/$prog ;; esac
    [ -x "$path" ] || printf '%s=%s\n' "$name" "$prog"
  done
}

# newer_than TIME FILE...: prints the first FILE changed after TIME (seconds
# since the epoch, with decimals: proc_start), with 50 ms of slack for the
# clock ticks /proc counts in; false when none is.
newer_than() {
  nt_t=$1; shift
  for f in "$@"; do
    [ -e "$f" ] || continue
    T=$nt_t M=$(stat -Lc %.9Y "$f") awk 'BEGIN { exit !(ENVIRON["M"] > ENVIRON["T"] + 0.05) }' && { printf '%s' "$f"; return 0; }
  done
  return 1
}

# proc_start PID: when PID started, in seconds since the epoch to 1/100 s
# (now, less the uptime, plus field 22 of /proc/PID/stat in clock ticks).
proc_start() {
  ticks=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20)
  [ -n "$ticks" ] || return 1
  NOW=$(date +%s.%N) UP=$(cut -d' ' -f1 /proc/uptime) TK=$ticks HZ=$(getconf CLK_TCK) awk 'BEGIN { printf "%.2f", ENVIRON["NOW"] - ENVIRON["UP"] + ENVIRON["TK"] / ENVIRON["HZ"] }'
}

# later TIME TIME: the later of two times.
later() { A=$1 B=$2 awk 'BEGIN { print (ENVIRON["A"] + 0 > ENVIRON["B"] + 0) ? ENVIRON["A"] : ENVIRON["B"] }'; }

# exe_deleted PID: the process runs a binary that is gone (an upgrade replaced it).
exe_deleted() { case $(readlink "/proc/$1/exe" 2>/dev/null) in *' (deleted)') return 0 ;; esac; return 1; }

# postfix_master_pid: the pid the Postfix master's pid file names.
postfix_master_pid() { tr -dc 0-9 2>/dev/null <"$(postconf -h queue_directory)/pid/master.pid" || true; }
# postfix_live_master_pid: the same, when that process runs; false otherwise.
postfix_live_master_pid() {
  pl=$(postfix_master_pid 2>/dev/null)
  [ -n "$pl" ] && [ -d "/proc/$pl" ] && printf '%s' "$pl"
}

# postfix_read_at PID: when the master PID, or its queue manager (a reload
# starts a new one), last started: proc_start's time.
postfix_read_at() {
  pr_t=$(proc_start "$1" || echo 0)
  for pr_d in /proc/[0-9]*; do
    [ "$(cat "$pr_d/comm" 2>/dev/null)" = qmgr ] || continue
    [ "$(awk '$1 == "PPid:" { print $2 }' "$pr_d/status" 2>/dev/null)" = "$1" ] || continue
    pr_t=$(later "$pr_t" "$(proc_start "${pr_d#/proc/}" || echo 0)")
  done
  printf '%s' "$pr_t"
}

# postfix_serves NAME/TYPE: the running master listens on the service's socket
# (a unix service: private/NAME, or public/NAME when master.cf says so).
postfix_serves() {
  ps_row=$(postconf -M "$1" 2>/dev/null | head -n 1)
  [ -n "$ps_row" ] || return 1
  set -- $ps_row
  case $2 in unix|unix-dgram) ;; *) return 0 ;; esac
  ps_dir=private; [ "$3" != n ] || ps_dir=public
  perl -MIO::Socket::UNIX -e 'exit(IO::Socket::UNIX->new(Peer => $ARGV[0]) ? 0 : 1)' "$(postconf -h queue_directory)/$ps_dir/$1" 2>/dev/null
}

# apply.sh's note of when it last reloaded or restarted Postfix (in /run: a reboot starts Postfix afresh).
POSTFIX_STAMP=/run/lmtp-wizard/postfix-reloaded

# postfix_stale_file PID [loose]: prints a file of $POSTFIX_DIR changed after
# Postfix (master PID) last read its files; false when there is none. After
# apply.sh's own reload or restart (its stamp, later than the master's start)
# a file is stale when it is newer than the stamp; otherwise when it is newer
# than the start of the master or of its queue manager. "loose" (verify.sh)
# also takes a queue manager started after the change as proof of a reload
# someone else did.
postfix_stale_file() {
  ps_ms=$(proc_start "$1" || echo 0)
  if [ -e "$POSTFIX_STAMP" ] && [ "$(later "$(stat -c %.9Y "$POSTFIX_STAMP")" "$ps_ms")" != "$ps_ms" ]; then
    ps_f=$(find "$POSTFIX_DIR" -maxdepth 1 -type f -newer "$POSTFIX_STAMP" | while IFS= read -r f; do
      [ "${2:-}" = loose ] && ! newer_than "$(postfix_read_at "$1")" "$f" >/dev/null && continue
      printf '%s' "$f"; break
    done)
    [ -n "$ps_f" ] && { printf '%s' "$ps_f"; return 0; }
    return 1
  fi
  newer_than "$(postfix_read_at "$1")" "$POSTFIX_DIR"/*
}

