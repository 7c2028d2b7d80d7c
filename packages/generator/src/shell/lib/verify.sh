# --- verify.sh: verify.sh's read-only checks: ok, bad, note and check, and one function per
# kind of entry. Values arrive quoted.

FAILED=0
ok() { printf 'ok    %s\n' "$*"; }
# shellcheck disable=SC2034 # FAILED is read by verify.sh, which sources this library, at its end
bad() { printf 'FAIL  %s\n' "$*"; FAILED=1; }
note() { printf 'note  %s\n' "$*"; }
check() { label=$1; shift; if "$@" >/dev/null 2>&1; then ok "$label"; else bad "$label"; fi; }

check_main() {
  got=$(postconf -h "$1" 2>/dev/null || echo '<unset>')
  if [ "$got" = "$2" ]; then ok "main.cf $1 = $2"; else bad "main.cf $1 is \"$got\", expected \"$2\" (re-run apply.sh)"; fi
}
check_main_list() {
  got=$(postconf -h "$1" 2>/dev/null || true)
  if in_list "$got" "$2"; then ok "main.cf $1 contains $2"; else bad "main.cf $1 does not contain $2"; fi
}
# check_table MAP KEY VALUE: postmap -q finds KEY with VALUE in the compiled map.
check_table() {
  got=$(postmap -q "$2" "hash:$1" 2>/dev/null || true)
  if [ "$got" = "$3" ]; then ok "$1: $2 -> $3"; else bad "$1: $2 resolves to \"$got\", expected \"$3\" (re-run apply.sh)"; fi
}
# check_table_entries MAP: every entry of the source, the admin's included,
# resolves with postmap -q to its source value (the compiled map is current).
check_table_entries() {
  n=0; wrong=""; set -f # a key may be a pattern such as "*"
  for key in $(awk '/^[ \t]*#/ || /^[ \t]*$/ || /^[ \t]/ { next } { print $1 }' "$1"); do
    n=$((n + 1))
    [ "$(postmap -q "$key" "hash:$1" 2>/dev/null)" = "$(table_value "$1" "$key")" ] || wrong="$wrong $key"
  done
  set +f
  if [ -z "$wrong" ]; then ok "$1: all $n entries resolve with postmap -q"; else bad "$1: entries that do not resolve as written:$wrong (run postmap $1)"; fi
}
check_master() {
  got=$(postconf -M "$1" 2>/dev/null | tr -s ' \t' '  ')
  # the pin in place stands for the placeholder; store_tls then checks it against the store
  case $2 in *STORE-SHA256-FINGERPRINT*)
    STORE_FP=$(postconf -P "${1%/*}/unix/lmtp_tls_fingerprint_cert_match" 2>/dev/null | sed 's/^[^=]*= *//') ;;
  esac
  set -- "$1" "$(fill_pin "$2")"
  if [ "$got" = "$2" ]; then ok "master.cf service $1"; else bad "master.cf service $1 is \"$got\", expected \"$2\""; fi
}
check_imapd() {
  got=$(imapd_value "$1")
  if [ "$got" = "$2" ]; then ok "imapd.conf $1: $2"; else bad "imapd.conf $1 is \"$got\", expected \"$2\""; fi
}
check_imapd_list() {
  if in_list "$(imapd_value "$1")" "$2"; then ok "imapd.conf $1 contains $2"; else bad "imapd.conf $1 does not contain $2 (Cyrus would refuse the LMTP login)"; fi
}
# check_imapd_if_known KEY VALUE: check_imapd, where this Cyrus has the key.
check_imapd_if_known() {
  if imapd_knows "$1"; then check_imapd "$1" "$2"; else ok "imapd.conf $1: not an option of this Cyrus, nothing to set"; fi
}
# check_wrapper_access DAEMON CLIENT WANT: tcpdmatch (package tcpd) judges
# hosts.allow and hosts.deny for DAEMON as libwrap would for a connection from
# CLIENT, so the rules are checked from that address's point of view. It names
# no matching line itself: on a failure, the rules that can apply are listed.
check_wrapper_access() {
  command -v tcpdmatch >/dev/null 2>&1 || { bad "tcpdmatch is missing (apt-get install tcpd), so the tcp wrappers for $2 cannot be judged"; return; }
  got=$(tcpdmatch "$1" "$2" 2>&1 | sed -n 's/^access:[[:space:]]*//p')
  if [ "$got" = "$3" ]; then ok "tcp wrappers: $1 from $2 is $3 (tcpdmatch)"; return; fi
  bad "tcp wrappers: $1 from $2 is ${got:-not judged}, expected $3 (tcpdmatch); the rules that apply to $1, in the order libwrap reads them:"
  for f in /etc/hosts.allow /etc/hosts.deny; do
    [ -e "$f" ] && D=$1 awk '/^[ \t]*(#|$)/ || index($0, ":") == 0 { next }
      { split($0, p, ":"); n = split(p[1], d, /[ \t,]+/); for (i = 1; i <= n; i++) if (d[i] == "ALL" || d[i] == ENVIRON["D"]) { printf "      %s line %d: %s\n", FILENAME, FNR, $0; next } }' "$f"
  done
}

# check_cyrmaster PIDFILE: one cyrmaster runs, it started after the last change
# to imapd.conf and cyrus.conf (it reads them only then), and, without
# systemd, PIDFILE names it so that /etc/init.d/cyrus-imapd can stop it.
check_cyrmaster() {
  pids=$(cyrmaster_pid | tr '\n' ' ' | sed 's/ $//')
  case $pids in
    '') bad "no cyrmaster runs, so nothing delivers (start cyrus-imapd)"; return ;;
    *' '*) bad "more than one cyrmaster runs: $pids"; return ;;
  esac
  # the same judgement as apply.sh's converge_cyrus: proc_start, and newer_than's slack
  started=$(proc_start "$pids") || { bad "cannot read the start time of cyrmaster (pid $pids)"; return; }
  for f in "$IMAPD_CONF" "$CYRUS_CONF"; do
    if newer_than "$started" "$f" >/dev/null; then
      bad "cyrmaster (pid $pids) started $(date -d "@$started") and still runs with an older $f (changed $(date -d "@$(stat -c %Y "$f")")); restart cyrus-imapd"
    else ok "cyrmaster (pid $pids) started after the last change to $f"; fi
  done
  systemd_runs && return 0
  if [ "$(tr -dc 0-9 2>/dev/null <"$1")" = "$pids" ]; then ok "$1 names cyrmaster (pid $pids), so /etc/init.d/cyrus-imapd can stop and restart it"
  else bad "$1 does not name the running cyrmaster (pid $pids): /etc/init.d/cyrus-imapd restart would leave it running with its old configuration (re-run apply.sh)"; fi
}
check_service() {
  got=$(N=$1 awk '/^[ \t]*SERVICES[ \t]*\{/ { s = 1; next } s && /^[ \t]*\}/ { s = 0 } s && $1 == ENVIRON["N"]' "$CYRUS_CONF" | tr -s ' \t' '  ' | sed 's/^ //')
  want=$(printf '%s' "$2" | tr -s ' \t' '  ')
  if [ "$got" = "$want" ]; then ok "cyrus.conf service $1"; else case $want in *'cmd="lmtpd"'*) what="Cyrus will not listen for LMTP there" ;; *) what="cyrmaster will not run it as this bundle needs" ;; esac; bad "cyrus.conf has no service \"$1\" as generated (found: \"$got\"); $what"; fi
}
check_service_programs() {
  for pair in $(missing_programs); do
    bad "cyrus.conf service \"${pair%%=*}\" runs ${pair#*=}, which is not installed; cyrmaster will exit (install its package or comment the line out)"
  done
}
check_mode() {
  got=$(stat -c '%U:%G %a' "$1" 2>/dev/null || echo missing)
  if [ "$got" = "$2" ]; then ok "$1 is $2"; else bad "$1 is $got, expected $2"; fi
}
# lhlo unix PATH | lhlo inet HOST PORT: speaks LMTP and prints the LHLO reply.
# IO::Socket::IP (in perl-base) speaks IPv4 and IPv6; IO::Socket::INET is
# IPv4 only and fails on an IPv6 store with "Invalid argument".
LHLO_PL='use IO::Socket::UNIX; use IO::Socket::IP;
    my ($kind, $x, $y) = @ARGV;
    my $s = $kind eq "unix" ? IO::Socket::UNIX->new(Peer => $x)
      : IO::Socket::IP->new(PeerHost => $x, PeerPort => $y, Proto => "tcp", Timeout => 5);
    die "cannot connect: $!\n" unless $s;
    my $banner = <$s>; die "no LMTP greeting\n" unless defined $banner && $banner =~ /^220/;
    print $s "LHLO verify.lmtp-wizard.invalid\r\n";
    my @r; while (my $l = <$s>) { push @r, $l; last if $l =~ /^\d{3} /; }
    print $s "QUIT\r\n"; print @r; exit(@r && $r[-1] =~ /^250 / ? 0 : 1);'
lhlo() { perl -e "$LHLO_PL" "$@"; }
# lhlo_as USER ...: the same, as USER, which proves USER may use the socket.
lhlo_as() { u=$1; shift; runuser -u "$u" -- perl -e "$LHLO_PL" "$@"; }

# check_postfix_flow SERVICE...: Postfix runs, from its installed binary, has
# read main.cf, master.cf and its tables since they last changed, and its
# master serves each of our master.cf SERVICEs (NAME/TYPE: its socket answers).
check_postfix_flow() {
  pid=$(postfix_master_pid)
  if [ -z "$pid" ] || ! postfix status >/dev/null 2>&1; then
    bad "Postfix is not running, so no mail moves (start it: systemctl start postfix, or run apply.sh again)"; return
  fi
  ok "Postfix runs (master pid $pid)"
  # after a release upgrade without a reboot the old unit keeps it (restart postfix fails there); apply.sh takes it over properly
  if exe_deleted "$pid"; then bad "the Postfix master (pid $pid) runs from a deleted program file (upgraded under it): it delivers nothing; reboot, or run apply.sh (it restarts Postfix properly)"
  else ok "the Postfix master runs its installed binary"; fi
  if f=$(postfix_stale_file "$pid" loose); then bad "Postfix last read its files before $f changed, so it still runs the older configuration; run postfix reload (or apply.sh again)"
  else ok "Postfix has read main.cf, master.cf and its tables since they last changed"; fi
  for s in "$@"; do
    if postfix_serves "$s"; then ok "the running Postfix master serves $s (its socket answers)"
    else bad "master.cf has $s, but the running Postfix master does not serve it: mail routed there waits (postfix reload, or apply.sh again)"; fi
  done
}

# check_cyrus_binary: cyrmaster runs its installed binary.
check_cyrus_binary() {
  pid=$(cyrmaster_pid | head -n 1)
  [ -n "$pid" ] || return 0
  if exe_deleted "$pid"; then bad "cyrmaster (pid $pid) runs a binary that has been replaced since it started (an upgrade); restart cyrus-imapd"
  else ok "cyrmaster runs its installed binary"; fi
}

# check_deferred MINUTES DOMAIN...: no message to one of DOMAIN has waited in
# the deferred queue longer than MINUTES (LMTP_WIZARD_DEFERRED_MINUTES
# overrides it); each one that has is listed with Postfix's reason.
check_deferred() {
  cd_min=${LMTP_WIZARD_DEFERRED_MINUTES:-$1}; shift
  cd_out=$(postqueue -j 2>/dev/null | D=" $* " M=$cd_min N=$(date +%s) perl -ne '
    next unless /"queue_name": *"deferred"/; my ($id) = /"queue_id": *"([^"]*)"/; my ($t) = /"arrival_time": *(\d+)/;
    next unless defined $t && $ENV{N} - $t >= 60 * $ENV{M};
    while (/"address": *"([^"]*)"(?:[^{}]*?"delay_reason": *"((?:[^"\\]|\\.)*)")?/g) {
      my ($a, $why) = ($1, $2 // ""); my ($d) = $a =~ /\@([^@]+)$/;
      next unless defined $d && index(lc $ENV{D}, " " . lc($d) . " ") >= 0;
      printf "      %s to %s, queued %d min ago: %s\n", $id, $a, ($ENV{N} - $t) / 60, $why }')
  if [ -z "$cd_out" ]; then ok "no message to $* has waited in the deferred queue $cd_min min or longer"
  else bad "messages to our domains have waited in the deferred queue $cd_min min or longer (postqueue -p lists them; once fixed, postqueue -f sends them):"; printf '%s\n' "$cd_out"; fi
}

# check_probe ADDRESS: Postfix's own address verification (the verify(8)
# service, which smtpd's recipient check asks) sends a probe to ADDRESS along
# the route main.cf gives it, our transport to Cyrus, and waits for the
# answer. Cyrus's answer passes: 250 for a mailbox, or 550 for an unknown one
# (the default ADDRESS is made up anew at each run, so no cached result is
# shown). A deferral, or no answer, fails. No message is delivered.
VRFY_PL='use IO::Socket::UNIX; use IO::Select;
  my ($path, $addr) = @ARGV;
  my $s = IO::Socket::UNIX->new(Peer => $path) or die "cannot connect to $path: $!\n";
  my $sel = IO::Select->new($s); my $buf = "";
  sub endpos { my $p = 0; while (1) { my $n = index($buf, "\0", $p); return -1 if $n < 0; return $n if $n == $p;
    my $v = index($buf, "\0", $n + 1); return -1 if $v < 0; $p = $v + 1; } }
  sub attrs { my ($wait) = @_; while (1) { my $e = endpos(); if ($e >= 0) { my $l = substr($buf, 0, $e + 1, "");
      my %a; my @t = split /\0/, $l, -1; while (@t >= 2 && $t[0] ne "") { my $k = shift @t; $a{$k} = shift @t; } return \%a; }
    return undef unless $sel->can_read($wait); my $n = sysread($s, my $c, 4096); return undef unless $n; $buf .= $c; } }
  attrs(0.5);
  for my $try (1 .. 30) {
    syswrite($s, "request\0query\0address\0$addr\0\0");
    my $r; do { $r = attrs(10) or die "no answer from the verify service\n" } while (exists $r->{protocol});
    my $st = $r->{recipient_status} // ""; my $why = $r->{reason} // "";
    if ($st ne "3") { print "$st\t$why\n"; exit 0; }
    sleep 1;
  }
  print "3\tno result after 30 s (the probe is still under way)\n";'
check_probe() {
  cp_sock="$(postconf -h queue_directory)/private/$(postconf -h address_verify_service_name)"
  cp_out=$(perl -e "$VRFY_PL" "$cp_sock" "$1" 2>&1) || { bad "no answer from Postfix's address verification ($cp_sock): $cp_out"; return; }
  cp_st=${cp_out%%	*}; cp_why=${cp_out#*	}
  case $cp_st in
    0) ok "a probe to $1 went along main.cf's route to Cyrus: deliverable ($cp_why)" ;;
    2) case $cp_why in
         *said:*) ok "a probe to $1 went along main.cf's route to Cyrus, which answered: $cp_why" ;;
         *) bad "a probe to $1 was refused before it reached Cyrus: $cp_why" ;;
       esac ;;
    *) bad "a probe to $1 did not reach Cyrus, so mail to it waits: $cp_why" ;;
  esac
}

# check_lmtp_rcpt USER PATH ADDRESS: one LMTP transaction up to RCPT on the
# socket, as USER (the Postfix user), with the answer shown; no message is
# sent. Cyrus answers 250 for a mailbox and 550 for an unknown one: either
# shows that lmtpd looked it up. A 4xx or no answer fails.
RCPT_PL='use IO::Socket::UNIX;
    my ($path, $rcpt) = @ARGV;
    my $s = IO::Socket::UNIX->new(Peer => $path) or die "cannot connect: $!\n";
    sub reply { my @r; while (my $l = <$s>) { push @r, $l; last if $l =~ /^\d{3} /; } die "no answer\n" unless @r; $r[-1] =~ s/\r?\n$//; return $r[-1]; }
    my $b = reply(); die "no LMTP greeting: $b\n" unless $b =~ /^220/;
    print $s "LHLO verify.lmtp-wizard.invalid\r\n"; reply();
    print $s "MAIL FROM:<>\r\n"; my $m = reply(); die "MAIL FROM: $m\n" unless $m =~ /^250/;
    print $s "RCPT TO:<$rcpt>\r\n"; my $r = reply();
    print $s "RSET\r\n"; reply(); print $s "QUIT\r\n";
    print "$r\n"; exit($r =~ /^[25]\d\d/ ? 0 : 1);'
check_lmtp_rcpt() {
  if out=$(runuser -u "$1" -- perl -e "$RCPT_PL" "$2" "$3" 2>&1); then ok "LMTP RCPT TO:<$3> on $2 as $1: Cyrus answered \"$out\""
  else bad "LMTP RCPT TO:<$3> on $2 as $1 got no 250 or 550: $out"; fi
}
