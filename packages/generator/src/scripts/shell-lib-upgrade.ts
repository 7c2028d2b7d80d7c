// Shell functions for a host that moves from Debian 12 to Debian 13 (issue
// 23): the read-only report of apply.sh --pre-upgrade (debian-12 bundle), and,
// in the debian-13 apply.sh, what an upgraded host needs before and after the
// usual steps. Static text; see shell-lib.ts for the rules. Kept apart from
// the restart library so that both can change without touching each other.

/** Both releases: which release's bundle was applied here last, and whether Postfix really runs. */
export const UPGRADE_COMMON_LIB = String.raw`
# earlier_release: the Debian major release of the bundle applied here last:
# the release its newest backup records (rollback.sh's guard), or, for a
# bundle made before backups recorded it, the header of a file it installed
# ("corrected for Debian 12"). Nothing when no bundle was applied.
earlier_release() {
  er_b=$(ls -d /var/backups/lmtp-wizard/*Z-"$HOST_ID"-[0-9]* 2>/dev/null | sort | tail -n 1)
  er=$(cat "$er_b/release" 2>/dev/null || true)
  [ -n "$er" ] || er=$(grep -ho 'corrected for Debian [0-9]*' /etc/tmpfiles.d/cyrus-imapd.conf /etc/postfix/* 2>/dev/null | head -n 1 | tr -dc 0-9)
  printf '%s' "$er"
}

# upgrade_master_pid: the pid of the running Postfix master, from its pid file.
upgrade_master_pid() {
  up=$(tr -dc 0-9 2>/dev/null <"$(postconf -h queue_directory 2>/dev/null)/pid/master.pid" || true)
  [ -n "$up" ] && [ -d "/proc/$up" ] && printf '%s' "$up"
}

# postfix_runs_current: true when a Postfix master runs and its program file
# is the installed one. After an upgrade without a reboot, the old master runs
# on from the deleted 3.7 binary, starts 3.10 children, and delivers nothing.
postfix_runs_current() {
  up=$(upgrade_master_pid) || return 1
  case $(readlink "/proc/$up/exe" 2>/dev/null || echo gone) in *' (deleted)'|gone) return 1 ;; esac
  postfix status >/dev/null 2>&1
}

# our_domains MAP: the domains of our recipient-check map (<transport>_verify).
our_domains() { awk '!/^[ \t]*(#|$)/ { print $1 }' "$1" 2>/dev/null | tr '\n' ' '; }

# old_postfix_instance: true when Debian 12's postfix@-.service is still active.
old_postfix_instance() { systemd_runs && systemctl is-active --quiet postfix@-.service 2>/dev/null; }

`;

/** Debian 12's apply.sh --pre-upgrade: read-only, one function per trap. */
export const PRE_UPGRADE_LIB = String.raw`
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
`;

/** Debian 13's apply.sh: an upgraded host, before the first change and at the end. */
export const UPGRADE_APPLY_LIB = String.raw`
UPGRADE_FROM=""

# release_changes_begin MAJOR (preflight): says when an earlier release's
# bundle configured this host; the release_change_* lines then label entries.
release_changes_begin() {
  THIS_MAJOR=$1 UPGRADE_FROM=$(earlier_release)
  if [ -z "$UPGRADE_FROM" ] || [ "$UPGRADE_FROM" = "$1" ]; then UPGRADE_FROM=""; return 0; fi
  say "this host carries an earlier bundle for Debian $UPGRADE_FROM and now runs $(cat /etc/debian_version 2>/dev/null); entries marked 'release change' come from the new release, not from your answers"
}

# release_change_imapd KEY VALUE REASON / release_change_master SVC/TYPE PARAM VALUE REASON
release_change_imapd() {
  [ -n "$UPGRADE_FROM" ] || return 0
  [ "$(imapd_value "$1")" = "$2" ] && return 0
  say "release change (Debian $UPGRADE_FROM -> $THIS_MAJOR): $IMAPD_CONF $1: $2. $3"
}
release_change_master() {
  [ -n "$UPGRADE_FROM" ] || return 0
  [ "$(postconf -P "$1/$2" 2>/dev/null | sed 's/^[^=]*= *//')" = "$3" ] && return 0
  say "release change (Debian $UPGRADE_FROM -> $THIS_MAJOR): master.cf $1 -o $2=$3. $4"
}

# take_over_postfix (before the first change, Postfix hosts): a postfix@-.service
# left running by Debian 12 makes every restart of postfix.service fail. Stop
# it, start postfix.service, and check that the new master runs; otherwise
# stop and ask for a reboot, before anything is changed.
take_over_postfix() {
  systemd_runs || { upgrade_init_restart; return 0; }
  if ! old_postfix_instance; then
    postfix_runs_current || [ -z "$(upgrade_master_pid)" ] || die "the Postfix master (pid $(upgrade_master_pid)) runs from a deleted program file (the packages were upgraded under it), so it delivers nothing; reboot this host, then run apply.sh again. Nothing was changed"
    return 0
  fi
  if [ "$DRY_RUN" = 1 ]; then say "would stop postfix@-.service (Debian 12's unit, still running the old master) and start postfix.service"; return 0; fi
  say "postfix@-.service from Debian 12 still runs the old Postfix master; stopping it and starting postfix.service"
  old=$(upgrade_master_pid || true)
  systemctl stop postfix@-.service 2>/dev/null || true
  if [ -n "$old" ] && [ -d "/proc/$old" ]; then postfix stop >/dev/null 2>&1 || true; sleep 2; fi
  [ -z "$old" ] || [ ! -d "/proc/$old" ] || die "the old Postfix master (pid $old) survived systemctl stop postfix@-.service and postfix stop; reboot this host, then run apply.sh again. Nothing was changed"
  systemctl reset-failed postfix@-.service 2>/dev/null || true
  # Debian 12's postfix.service was a oneshot that stays "active (exited)":
  # start alone would do nothing, so stop it first (seen on the real upgrade).
  systemctl stop postfix.service 2>/dev/null || true
  systemctl start postfix.service || die "postfix.service did not start after postfix@-.service was stopped; reboot this host, then run apply.sh again. Nothing was changed"
  upgrade_wait_postfix || die "no current Postfix master runs after starting postfix.service; reboot this host, then run apply.sh again. Nothing was changed"
  say "postfix.service runs: master pid $(upgrade_master_pid)"
}

# Without systemd the package's init script restarts Postfix itself; a master
# from a deleted binary is restarted here.
upgrade_init_restart() {
  [ -n "$(upgrade_master_pid)" ] && ! postfix_runs_current || return 0
  run /etc/init.d/postfix restart
  [ "$DRY_RUN" = 1 ] || upgrade_wait_postfix || die "Postfix does not run after /etc/init.d/postfix restart; nothing was changed"
}

upgrade_wait_postfix() {
  i=0
  while [ "$i" -lt 20 ]; do postfix_runs_current && return 0; sleep 0.5; i=$((i + 1)); done
  return 1
}

# postfix_must_run (after the restart step): the reload or restart left a
# master that runs the installed program.
postfix_must_run() {
  [ "$DRY_RUN" = 1 ] || [ "$RESTART" = 0 ] && return 0
  upgrade_wait_postfix && return 0
  die "Postfix is not running (or runs from a deleted program file) after the reload or restart, so no mail is delivered; see the mail log, reboot if Postfix was upgraded under it, and run sh verify.sh. $BACKUP/rollback.sh restores the previous files"
}

# verify_failures MAP DOMAIN...: the keys of MAP (the verify cache) in one of
# DOMAIN whose last probe was deferred (status 1), e.g. during the outage.
# Exit 124 when the map stayed locked (verify(8) may hold it while it runs).
verify_failures() {
  m=$1; shift
  vf_d=$(printf ' %s' "$@" | tr 'A-Z' 'a-z')
  vf_rc=0; vf_dump=$(timeout 10 postmap -s "$m" 2>/dev/null) || vf_rc=$?
  [ "$vf_rc" != 124 ] || return 124
  printf '%s\n' "$vf_dump" | D="$vf_d " awk -v FS='\t' '
    { k = tolower($1); d = k; sub(/^[^@]*@/, "", d)
      if (index(k, "@") && index(ENVIRON["D"], " " d " ") && $2 ~ /^1:/) print $1 }'
}

postfix_stop_for_edit() { if systemd_runs; then systemctl stop postfix; else postfix stop; fi; }
postfix_start_after_edit() { if systemd_runs; then systemctl start postfix; else postfix start; fi; postfix_must_run; }

# flush_verify_failures MAP (Postfix hosts, at the end): entries of the domains in MAP (ours) that
# remember a failed probe keep answering 450 "unverified address" after the
# hop is back. The edit needs Postfix stopped (verify(8) holds the cache), so
# that happens only when there is something to remove.
flush_verify_failures() {
  [ "$DRY_RUN" = 1 ] || [ "$RESTART" = 0 ] && return 0
  # only on a host that an earlier release's bundle configured (the upgrade):
  # a read of the cache may wait for verify(8)'s lock, and no other run needs it
  [ -n "$UPGRADE_FROM" ] || return 0
  m=$(postconf -xh address_verify_map 2>/dev/null || true)
  [ -n "$m" ] || return 0
  found=""; for f in "${"$"}{m#*:}" "${"$"}{m#*:}".*; do [ -e "$f" ] && found=1; done
  [ -n "$found" ] || return 0
  # shellcheck disable=SC2046
  set -- $(our_domains "$1")
  [ $# -gt 0 ] || return 0
  stopped=0 keys=""
  if keys=$(verify_failures "$m" "$@"); then :
  else
    # locked by verify(8): look with Postfix stopped
    postfix_stop_for_edit; stopped=1
    keys=$(verify_failures "$m" "$@" || true)
  fi
  if [ -z "$keys" ]; then [ "$stopped" = 0 ] || postfix_start_after_edit; return 0; fi
  [ "$stopped" = 1 ] || postfix_stop_for_edit
  for k in $keys; do postmap -d "$k" "$m" || true; done
  say "address verification: removed the failed probes of $(printf '%s\n' $keys | wc -l) recipient(s) of our domains from $m, so they are probed again now that the hop works"
  postfix_start_after_edit
}

# flush_queue (Postfix hosts, last): mail deferred while the hop was down goes now, not at the next queue run.
flush_queue() {
  [ "$DRY_RUN" = 1 ] || [ "$RESTART" = 0 ] && return 0
  n=$(postqueue -j 2>/dev/null | grep -c . || true)
  run postqueue -f
  say "postqueue -f: asked Postfix to send the $n message(s) in its queue now"
}

`;

/** verify.sh, Postfix hosts: Postfix runs, from the installed program. */
export const UPGRADE_VERIFY_CHECK = String.raw`if postfix_runs_current; then ok "the Postfix master runs (pid $(upgrade_master_pid)) from the installed program"; elif up=$(upgrade_master_pid); then bad "the Postfix master (pid $up) runs from a deleted program file (upgraded under it): it delivers nothing; reboot, or run apply.sh (it restarts Postfix properly)"; else bad "Postfix is not running: nothing is delivered"; fi`;
