# --- tls-apply.sh: TLS on the remote LMTP hop, apply.sh's side.

# check_tls_pair CERT KEY SELF (preflight): SELF=1, both or neither must exist
# (a re-run keeps the pair); SELF=0, both must exist and cyrus must read KEY.
check_tls_pair() {
  if [ "$3" = 1 ]; then
    if [ -e "$1" ] && [ ! -e "$2" ]; then conflict "$2" "private key" "missing" "the key of $1" "remove $1 too, so that apply.sh makes a new pair"; fi
    if [ ! -e "$1" ] && [ -e "$2" ]; then conflict "$1" "certificate" "missing" "the certificate of $2" "remove $2 too, so that apply.sh makes a new pair"; fi
    return 0
  fi
  [ -r "$1" ] || conflict "$1" "certificate" "missing" "a PEM certificate" "put the store's certificate there, or answer tls.storeCert \"self-signed\""
  [ -e "$2" ] || conflict "$2" "private key" "missing" "a PEM private key" "put the key there, or answer tls.storeCert \"self-signed\""
  [ ! -e "$2" ] || runuser -u cyrus -- test -r "$2" ||
    conflict "$2" "private key" "not readable by cyrus" "readable by the cyrus user" "chown cyrus $2 (mode 0600), or give the cyrus user a group that reads it"
}

# ensure_tls_pair CERT KEY CN SAN: a self-signed pair made here (EC P-256,
# ten years); the key is cyrus's own, 0600, and never leaves this host. A
# re-run keeps the pair that is there.
ensure_tls_pair() {
  [ -e "$1" ] && [ -e "$2" ] && return 0
  if [ "$DRY_RUN" = 1 ]; then say "would make a self-signed certificate $1 and key $2 for $3"; mark_changed "$1"; return 0; fi
  dir=$(dirname "$1")
  if [ ! -d "$dir" ]; then
    add_undo undo-last "rmdir $(shell_word "$dir") 2>/dev/null || true"; mkdir -m 0755 "$dir"
  fi
  backup "$1"; backup "$2"
  old=$(umask); umask 077
  # made beside under temporary names and renamed once complete: a kill leaves no half pair
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -subj "/CN=$3" -addext "subjectAltName=$4" -keyout "$2.lmtp-wizard-new" -out "$1.lmtp-wizard-new" 2>/dev/null || { rm -f "$1.lmtp-wizard-new" "$2.lmtp-wizard-new"; die "openssl could not make the key pair"; }
  umask "$old"
  chown cyrus:mail "$2.lmtp-wizard-new"; chmod 0600 "$2.lmtp-wizard-new"; chmod 0644 "$1.lmtp-wizard-new"
  fsync "$1.lmtp-wizard-new" "$2.lmtp-wizard-new"; mv -f "$2.lmtp-wizard-new" "$2"; mv -f "$1.lmtp-wizard-new" "$1"; fsync "$dir"
  mark_changed "$1"; mark_changed "$2"
}

# tls_next_step CERT [SELF FRONTEND...]: the store's fingerprint and the exact
# next command for the Postfix host. On a Murder frontend SELF, the command
# names every FRONTEND, in order, this one's fingerprint filled in and
# FINGERPRINT-OF-<frontend> in place of each other's (its own apply.sh prints it).
tls_next_step() {
  if [ ! -e "$1" ]; then say "after a real run, apply.sh prints the certificate's SHA-256 fingerprint here"; return 0; fi
  fp=$(cert_sha256 "$1")
  if [ $# -lt 3 ]; then
    say "the store's certificate $1 has the SHA-256 fingerprint $fp"
    say "next, on the Postfix host, in its postfix-host folder: sh apply.sh --store-fingerprint $fp"
    return 0
  fi
  tns_self=$2 tns_cmd="sh apply.sh" tns_others=""; shift 2
  for h in "$@"; do
    if [ "$h" = "$tns_self" ]; then tns_cmd="$tns_cmd --store-fingerprint $h=$fp"
    else tns_cmd="$tns_cmd --store-fingerprint $h=FINGERPRINT-OF-$h"; tns_others="$tns_others frontend-$h/"; fi
  done
  say "this frontend's certificate $1 has the SHA-256 fingerprint $fp"
  [ -z "$tns_others" ] || say "the Postfix host pins every frontend at once: run the apply.sh of$tns_others first; each prints its own fingerprint, which goes in place of its FINGERPRINT-OF-<frontend>"
  say "next, on the Postfix host, in its postfix-host folder: $tns_cmd"
}

# pin_named ARG: ARG is "HOST=..." for one of the stores in STORE_HOSTS.
pin_named() {
  case $1 in *=*) ;; *) return 1 ;; esac
  case " $STORE_HOSTS " in *" ${1%%=*} "*) return 0 ;; esac
  return 1
}

# pin_for HOST COUNT: the fingerprint given for HOST, as typed: an argument
# "HOST=SHA256" of --store-fingerprint, or a bare one when COUNT (the number
# of stores) is 1; nothing when none was. PIN_ARGS holds the arguments, each
# ended by "|".
pin_for() {
  pf_ifs=$IFS; IFS='|'; set -f
  for pf in $PIN_ARGS; do
    case $pf in "$1="*) printf '%s' "${pf#*=}"; break ;; esac
    if [ "$2" = 1 ] && ! pin_named "$pf"; then printf '%s' "$pf"; break; fi
  done
  IFS=$pf_ifs; set +f
}

# check_store_pin TRANSPORT PORT FOLDER HOST... (preflight, Postfix host): one
# pin per store HOST (a Murder's frontends, in order): given with
# --store-fingerprint (HOST=SHA256, or a bare SHA256 when there is one HOST),
# or the pin our service already has that HOST presents; with neither, stop
# before any change. Each HOST must present its pin now. FOLDER names the
# bundle folder that prints a HOST's fingerprint (printf, %s is the HOST).
# STORE_FP becomes the pins, comma-separated, for our master.cf row.
check_store_pin() {
  csp_t=$1 csp_port=$2 csp_folder=$3; shift 3
  STORE_HOSTS="$*" PIN_ARGS=$STORE_FP STORE_FP="" csp_n=$# csp_list="" csp_unknown=""
  csp_old=$(postconf -P "$csp_t/unix/lmtp_tls_fingerprint_cert_match" 2>/dev/null | sed 's/^[^=]*= *//')
  pf_ifs=$IFS; IFS='|'; set -f
  for pf in $PIN_ARGS; do
    IFS=$pf_ifs
    [ -n "$pf" ] || continue
    if [ "$csp_n" -gt 1 ] && ! pin_named "$pf"; then
      die "--store-fingerprint $pf: name the frontend it belongs to, as HOST=SHA256, one for each of: $STORE_HOSTS; nothing was changed"
    fi
    [ -n "$(norm_fp "$pf")" ] || die "--store-fingerprint $pf is not a SHA-256 fingerprint (64 hex digits, AB:CD:...); nothing was changed"
  done
  IFS=$pf_ifs; set +f
  for h in "$@"; do
    # shellcheck disable=SC2059
    f=$(printf "$csp_folder" "$h")
    g=$(pin_for "$h" "$csp_n")
    if [ -n "$g" ]; then
      want=$(norm_fp "$g")
    elif [ -n "$csp_old" ]; then
      # the pins our service has: this store must present one of them
      if out=$(store_tls fingerprint "$h" "$csp_port" "$csp_old"); then csp_list="$csp_list${csp_list:+,}$(norm_fp "$(store_presented "$out")")"; continue; fi
      want=$csp_old
    else
      # A dry run may come before the store is done: it says what the real run needs.
      if [ "$DRY_RUN" = 1 ]; then csp_unknown="$csp_unknown $h ($f/apply.sh prints it)"; continue; fi
      if [ "$csp_n" = 1 ]; then
        conflict "$csp_t/unix" "the store's certificate fingerprint" "not given" "--store-fingerprint SHA256" "run $f/apply.sh on the store first; it prints the exact command for this host"
      else
        conflict "$csp_t/unix" "the certificate fingerprint of $h" "not given" "--store-fingerprint $h=SHA256" "run $f/apply.sh on $h first; it prints the exact command for this host"
      fi
      continue
    fi
    csp_list="$csp_list${csp_list:+,}$want"
    out=$(store_tls fingerprint "$h" "$csp_port" "$want") && continue
    got=$(store_presented "$out")
    if [ -n "$got" ]; then
      conflict "$h:$csp_port" "the store's certificate (SHA-256 fingerprint it presents)" "$got" "$want" "run $f/apply.sh on $h and give the fingerprint it prints"
    else
      conflict "$h:$csp_port" "STARTTLS" "$(printf '%s' "$out" | tail -n 1)" "a verified TLS connection" "run $f/apply.sh on $h first (lmtpd offers STARTTLS only once it has a certificate), and check that it answers this host on that port (a refused connection or a lost greeting is often the store's tcp wrappers: its hosts.allow must admit this host)"
    fi
  done
  if [ -n "$csp_unknown" ]; then
    if [ "$csp_n" = 1 ]; then say "the real run needs --store-fingerprint SHA256 ($f/apply.sh prints it), and checks the store's certificate against it"
    else say "the real run needs --store-fingerprint HOST=SHA256 for:$csp_unknown, and checks each frontend's certificate against its own"; fi
    return 0
  fi
  STORE_FP=$csp_list
}

# check_store_ca TRANSPORT HOST PORT NAME CAFILE (preflight, Postfix host, CA mode).
check_store_ca() {
  [ -r "$5" ] || { conflict "$5" "CA file" "missing" "the CA that signed the store's certificate" "copy the CA certificate there, or answer another tls.caFile"; return 0; }
  out=$(store_tls verify "$2" "$3" "$4" "$5") && return 0
  # A dry run may come before the store is done: no certificate yet is not a conflict then.
  if [ "$DRY_RUN" = 1 ] && [ -z "$(store_presented "$out")" ]; then
    say "the store presents no certificate yet: the real run needs cyrus-host/apply.sh done first, and checks that the store's certificate is signed by $5 for $4"; return 0
  fi
  conflict "$2:$3" "the store's certificate" "$(printf '%s' "$out" | grep -i 'verif\|match\|certificate\|STARTTLS' | head -n 1)" "signed by $5 for $4" "install a certificate for $4 from that CA on the store"
}
