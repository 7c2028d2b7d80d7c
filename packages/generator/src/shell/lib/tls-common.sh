# --- tls-common.sh: TLS on the remote LMTP hop (issue 11), apply.sh and verify.sh.

# cert_sha256 CERT: the certificate's SHA-256 fingerprint, AB:CD:... (openssl).
cert_sha256() { openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/^[^=]*=//'; }

# norm_fp TEXT: a SHA-256 fingerprint as AB:CD:..., from "sha256 Fingerprint=ab:cd:..."
# or bare hex; empty when TEXT is not one.
norm_fp() {
  f=$(printf '%s' "$1" | sed 's/^.*=//' | tr -d ': \t' | tr a-f A-F)
  case $f in *[!0-9A-F]*|'') return 0 ;; esac
  [ ${#f} = 64 ] || return 0
  printf '%s' "$f" | sed 's/../&:/g; s/:$//'
}

# store_tls LEVEL HOST PORT MATCH [CAFILE]: posttls-finger (postfix package)
# speaks LMTP to the store, does STARTTLS and judges its certificate as our
# service would (LEVEL fingerprint: MATCH is the SHA-256 pin, or several,
# comma-separated, as in our master.cf row; verify: MATCH is the name, CAFILE
# the trust). Prints its output; true on a verified match.
store_tls() {
  case $2 in *:*) dest="inet:[ipv6:$2]:$3" ;; *) dest="inet:[$2]:$3" ;; esac
  if [ "$1" = fingerprint ]; then
    # one match argument per pin (hex digits and colons: safe to split)
    # shellcheck disable=SC2046
    out=$(posttls-finger -S -c -t 10 -h native -l fingerprint -d sha256 "$dest" $(printf '%s' "$4" | tr ',' ' ') 2>&1)
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
