# --- pre-upgrade.sh: apply.sh --pre-upgrade (Debian 12 bundles): the read-only report.

PU_N=0
# trap TITLE TEXT...: one numbered finding of the report.
pu_trap() { PU_N=$((PU_N + 1)); t=$1; shift; say "pre-upgrade $PU_N. $t"; for l in "$@"; do say "    $l"; done; }

pu_postfix_instance() {
  if old_postfix_instance; then
    pu_trap "Postfix runs as postfix@-.service (Debian 12's instance unit)" \
      "Debian 13's postfix.service conflicts with it, so after the packages are upgraded 'systemctl restart postfix' fails with 'conflicting jobs', while the old master keeps running from the deleted 3.7 binary and delivers nothing (port 25 still accepts mail)." \
      "Either reboot after the upgrade, or run the debian-13 apply.sh right away: it stops postfix@-.service, starts postfix.service, and checks that the master runs the new binary."
  elif systemd_runs; then say "pre-upgrade: postfix@-.service is not active; nothing to do for it"
  fi
}

pu_queue() {
  n=$(postqueue -j 2>/dev/null | grep -c . || true)
  if [ "$n" -gt 0 ]; then
    pu_trap "$n message(s) in the Postfix queue" \
      "They stay in /var/spool/postfix across the upgrade and are not lost; the debian-13 apply.sh ends with postqueue -f, which sends them." \
      "Mail that arrives while the hop is down waits in the queue too (never bounced: the store defers)."
  else say "pre-upgrade: the Postfix queue is empty"
  fi
}

# pu_verify_cache MAP: probes that fail during the upgrade are remembered.
pu_verify_cache() {
  [ -s "$1" ] || return 0
  pu_trap "address verification (reject_unverified_recipient) for $(our_domains "$1")" \
    "While the hop to Cyrus is down, a new recipient's probe fails and Postfix answers 450 'unverified address' (the sender retries); it keeps answering so from its verify cache after the hop is back." \
    "The debian-13 apply.sh removes those failed entries of these domains from $(postconf -h address_verify_map 2>/dev/null) when it runs."
}

# pu_pin TRANSPORT: the Postfix host of a store pinned by fingerprint.
pu_pin() {
  fp=$(postconf -P "$1/unix/lmtp_tls_fingerprint_cert_match" 2>/dev/null | sed 's/^[^=]*= *//')
  [ -n "$fp" ] || return 0
  pu_trap "the store's certificate is pinned ($fp)" \
    "The upgrade keeps the store's key pair (our own directory, not a package's), so the pin stays valid: the debian-13 apply.sh here reuses it without --store-fingerprint." \
    "If the store's certificate was renewed, give the new fingerprint that the store's debian-13 apply.sh prints."
}

# pu_starttls SERVICE: Cyrus 3.10 keeps STARTTLS off unless told.
pu_starttls() {
  [ -n "$(imapd_value "$1_tls_server_cert")" ] || return 0
  pu_trap "STARTTLS on the LMTP service $1" \
    "Cyrus 3.6 offers STARTTLS as soon as a certificate is set; Cyrus 3.10 offers it only with $1_allowstarttls: on, which 3.6 does not know. From the moment this store runs 3.10 until its debian-13 apply.sh has run, every Postfix host defers its mail with 'TLS is required, but was not offered' (nothing is lost or bounced)." \
    "So upgrade the store first, and run its debian-13 apply.sh right after the packages, before anything else; or run sh apply.sh --prepare-upgrade here now, which writes $1_allowstarttls: on (Cyrus 3.6 ignores it), and the hop stays up."
}

# pu_services PORT: our /etc/services line and netbase's conffile prompt.
pu_services() {
  grep -q "^lmtp[[:space:]]*$1/tcp" /etc/services || return 0
  pu_trap "/etc/services has our line 'lmtp $1/tcp'" \
    "It is a conffile of netbase. At the upgrade's prompt for /etc/services answer N (keep your version); apt-get -o Dpkg::Options::=--force-confold does that by itself. Taking the maintainer's version drops the line, and cyrmaster then opens no LMTP port." \
    "If it happened anyway, the debian-13 apply.sh adds the line again."
}

pu_conffiles() {
  pu_trap "conffile prompts for $*" \
    "Keep your version (N, or --force-confold) for each: the debian-13 apply.sh adds what the new release needs and labels those entries 'release change' in its plan."
}

pu_cyrus() {
  pu_trap "Cyrus databases and mailboxes" \
    "Debian's 3.10 package converts nothing when it is installed. Cyrus 3.10 reads 3.6's databases and mailboxes as they are (the mailboxes keep their index version, 17 here: $(pu_index_version))." \
    "reconstruct -V max (as cyrus) would bring each mailbox to the newest index version; it is optional and can run any time later." \
    "Back up first, with cyrus-imapd stopped: tar -C / -czf /var/backups/cyrus-before-13.tar.gz var/lib/cyrus \$(cd / && find var/spool/cyrus -name 'cyrus.*' -type f)" \
    "(/var/lib/cyrus holds the mailbox list and the other databases; the cyrus.* files in the spool are each mailbox's header, index and cache; the messages themselves are not in it)."
}

pu_index_version() {
  f=$(find /var/spool/cyrus -name cyrus.index -type f 2>/dev/null | head -n 1)
  [ -n "$f" ] || { echo "no mailbox yet"; return 0; }
  # the minor version is the 32-bit big-endian word at offset 8 of cyrus.index
  od -An -tu1 -j8 -N4 "$f" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }'
}
