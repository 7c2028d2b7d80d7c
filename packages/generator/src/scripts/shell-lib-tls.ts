// Shell functions for TLS on the remote LMTP hop (issue 11). Static text;
// see shell-lib.ts for the rules. Shared by apply.sh and verify.sh.
export const TLS_COMMON_LIB = String.raw`
# cert_sha256 CERT: the certificate's SHA-256 fingerprint, AB:CD:... (openssl).
cert_sha256() { openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/^[^=]*=//'; }

# norm_fp TEXT: a SHA-256 fingerprint as AB:CD:..., from "sha256 Fingerprint=ab:cd:..."
# or bare hex; empty when TEXT is not one.
norm_fp() {
  f=$(printf '%s' "$1" | sed 's/^.*=//' | tr -d ': \t' | tr a-f A-F)
  case $f in *[!0-9A-F]*|'') return 0 ;; esac
  [ ${"$"}{#f} = 64 ] || return 0
  printf '%s' "$f" | sed 's/../&:/g; s/:$//'
}

# store_tls LEVEL HOST PORT MATCH [CAFILE]: posttls-finger (postfix package)
# speaks LMTP to the store, does STARTTLS and judges its certificate as our
# service would (LEVEL fingerprint: MATCH is the SHA-256 pin; verify: MATCH is
# the name, CAFILE the trust). Prints its output; true on a verified match.
store_tls() {
  case $2 in *:*) dest="inet:[ipv6:$2]:$3" ;; *) dest="inet:[$2]:$3" ;; esac
  if [ "$1" = fingerprint ]; then
    out=$(posttls-finger -S -c -t 10 -h native -l fingerprint -d sha256 "$dest" "$4" 2>&1)
  else
    out=$(posttls-finger -S -c -t 10 -h native -l verify -F "$5" "$dest" "$4" 2>&1)
  fi
  printf '%s\n' "$out"
  printf '%s' "$out" | grep -q 'Verified TLS connection established'
}

# store_presented OUTPUT: the certificate fingerprint posttls-finger saw, if
# any: the one openssl x509 -fingerprint gives, not the public key's. Postfix
# 3.7 logs "..., fingerprint=CERT, pkey_fingerprint=PKEY", 3.10 logs
# "..., cert fingerprint=CERT, pkey fingerprint=PKEY".
store_presented() { printf '%s\n' "$1" | sed -n 's/.*, \(cert \)\{0,1\}fingerprint=\([0-9A-Fa-f:]*\).*/\2/p' | head -n 1; }
`;

export const TLS_APPLY_LIB = String.raw`
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

# tls_next_step CERT TRANSPORT: the store's fingerprint and the exact next
# command for the Postfix host.
tls_next_step() {
  if [ ! -e "$1" ]; then say "after a real run, apply.sh prints the certificate's SHA-256 fingerprint here"; return 0; fi
  fp=$(cert_sha256 "$1")
  say "the store's certificate $1 has the SHA-256 fingerprint $fp"
  say "next, on the Postfix host, in its postfix-host folder: sh apply.sh --store-fingerprint $fp"
}

# check_store_pin TRANSPORT HOST PORT (preflight, Postfix host): the pin is
# --store-fingerprint, or the one our service already has; without either,
# stop before any change. The store must present exactly that certificate.
check_store_pin() {
  if [ -n "$STORE_FP" ]; then
    want=$(norm_fp "$STORE_FP")
    [ -n "$want" ] || die "--store-fingerprint $STORE_FP is not a SHA-256 fingerprint (64 hex digits, AB:CD:...); nothing was changed"
  else
    want=$(postconf -P "$1/unix/lmtp_tls_fingerprint_cert_match" 2>/dev/null | sed 's/^[^=]*= *//')
    if [ -z "$want" ]; then
      # A dry run may come before the store is done: it says what the real run needs.
      if [ "$DRY_RUN" = 1 ]; then say "the real run needs --store-fingerprint SHA256 (cyrus-host/apply.sh prints it), and checks the store's certificate against it"; return 0; fi
      conflict "$1/unix" "the store's certificate fingerprint" "not given" "--store-fingerprint SHA256" "run cyrus-host/apply.sh on the store first; it prints the exact command for this host"
      return 0
    fi
  fi
  STORE_FP=$want
  out=$(store_tls fingerprint "$2" "$3" "$want") && return 0
  got=$(store_presented "$out")
  if [ -n "$got" ]; then
    conflict "$2:$3" "the store's certificate (SHA-256 fingerprint it presents)" "$got" "$want" "run cyrus-host/apply.sh on the store and give the fingerprint it prints"
  else
    conflict "$2:$3" "STARTTLS" "$(printf '%s' "$out" | tail -n 1)" "a verified TLS connection" "run cyrus-host/apply.sh on the store first (lmtpd offers STARTTLS only once it has a certificate), and check that it answers this host on that port (a refused connection or a lost greeting is often the store's tcp wrappers: its hosts.allow must admit this host)"
  fi
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
`;
