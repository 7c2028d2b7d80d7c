# --- recipient-export-apply.sh: Cyrus's mailbox list exported into a Postfix table on a
# single host (issue 25), apply.sh's side: the exporter (in its here-document) and its units.

# install_recipient_export TYPE MAP OUT: installs the exporter of Cyrus's
# mailbox list (issue 25) and, under systemd, its units (.path: when
# mailboxes.db changes; .timer: every 5 minutes as a backstop), then exports
# once, so that OUT exists before main.cf names it. rollback.sh stops and
# disables the units, and removes them, the exporter and OUT.
install_recipient_export() {
  # undone only by the rollback.sh of the run that first installed it: a later run's rollback
  # puts back a main.cf that still names OUT
  ire_new=0; [ -e /usr/local/sbin/lmtp-wizard-cyrus-recipients ] || ire_new=1
  ire_tmp=$(mktemp)
  cat >"$ire_tmp" <<'LWZ_EXPORTER'
#!/bin/sh
# lmtp-wizard: Cyrus's mailbox list as a Postfix access table (issue 25).
# Installed by apply.sh; rollback.sh removes it. Usage: [--check] TYPE MAP OUT
set -eu
check=0; [ "$1" != --check ] || { check=1; shift; }
type=$1 map=$2 out=$3
bin=/usr/lib/cyrus/bin
dir=$(dirname "$out")
# rolled back meanwhile (the map or the table's folder is gone): nothing to export, nothing to write
if [ "$check" = 0 ] && { [ ! -e "$map" ] || [ ! -d "$dir" ]; }; then exit 0; fi
# --check (verify.sh) writes nothing beside the table
list=$(mktemp); if [ "$check" = 1 ]; then new=$(mktemp); else new=$(mktemp "$dir/.lmtp-wizard-recipients.XXXXXX"); fi
trap 'rm -f "$list" "$new" "$new.db" "$new.lmdb"' EXIT
# stopped (rollback.sh stops a run in progress): the EXIT trap above still removes the temporary files
trap 'exit 143' TERM INT HUP
conf() { "$bin"/cyr_info conf 2>/dev/null | awk -v k="$1" -F': ' '$1 == k { v = $2 } END { print v }'; }
vd=$(conf virtdomains)
# one mailbox a line: "<internal name>": {"name": ..., "mbtype": "e", ...} (Cyrus 3.6 and 3.10)
runuser -u cyrus -- "$bin"/ctl_mboxlist -d >"$list"
{
  # our domains, from the owned map: an address not listed below takes the probe
  awk '/^[ \t]*#/ || /^[ \t]*$/ { next } { print tolower($1) " reject_unverified_recipient" }' "$map"
  VD=$vd awk 'NR == FNR { if (!/^[ \t]*#/ && !/^[ \t]*$/) dom[tolower($1)] = 1; next }
    /^"/ {
      name = $0; sub(/^"/, "", name); sub(/".*/, "", name)
      t = $0; if (!match(t, /"mbtype": "[^"]*"/)) next
      t = substr(t, RSTART + 10, RLENGTH - 11); gsub(/"/, "", t)
      # deleted, remote, moving, reserved, intermediate entries are no mailbox to deliver to
      if (t ~ /[dmrRi]/) next
      d = ""; if (index(name, "!")) { d = substr(name, 1, index(name, "!") - 1); name = substr(name, index(name, "!") + 1) }
      if (name !~ /^user\.[^.]+$/) next
      u = substr(name, 6); gsub(/\^/, ".", u); u = tolower(u)
      if (ENVIRON["VD"] == "off" || ENVIRON["VD"] == "") {
        if (d != "") next
        for (k in dom) print u "@" k " DUNNO"
      } else if (d != "" && (tolower(d) in dom)) print u "@" tolower(d) " DUNNO"
    }' "$map" "$list"
} | LC_ALL=C sort -u >"$new"
if cmp -s "$new" "$out" && { [ -e "$out.db" ] || [ -e "$out.lmdb" ]; }; then exit 0; fi
[ "$check" = 0 ] || { echo "$out is not the current mailbox list" >&2; exit 1; }
chmod 0644 "$new"
postmap "$type:$new"
# the compiled table first, then its text: each is renamed in place (the old or the new, never a part)
for s in db lmdb; do [ ! -e "$new.$s" ] || mv -f "$new.$s" "$out.$s"; done
mv -f "$new" "$out"

LWZ_EXPORTER
  install_file "$ire_tmp" /usr/local/sbin/lmtp-wizard-cyrus-recipients 0755 root root
  ire_db=$(imapd_value configdirectory); ire_db=$(printf '%s' "${ire_db:-/var/lib/cyrus}")/mailboxes.db
  if [ -d /run/systemd/system ]; then
    # no start limit: the .path unit starts it once per burst of changes (the second's pause merges them)
    printf '%s\n' '[Unit]' "Description=lmtp-wizard: export Cyrus's mailbox list for Postfix's recipient check" 'After=cyrus-imapd.service' 'StartLimitIntervalSec=0' '' \
      '[Service]' 'Type=oneshot' 'ExecStartPre=/bin/sleep 1' "ExecStart=/usr/local/sbin/lmtp-wizard-cyrus-recipients $1 $2 $3" >"$ire_tmp"
    install_file "$ire_tmp" /etc/systemd/system/lmtp-wizard-cyrus-recipients.service 0644 root root
    printf '%s\n' '[Unit]' "Description=lmtp-wizard: export Cyrus's mailbox list when it changes" '' \
      '[Path]' "PathModified=$ire_db" 'Unit=lmtp-wizard-cyrus-recipients.service' 'TriggerLimitIntervalSec=0' '' '[Install]' 'WantedBy=multi-user.target' >"$ire_tmp"
    install_file "$ire_tmp" /etc/systemd/system/lmtp-wizard-cyrus-recipients.path 0644 root root
    printf '%s\n' '[Unit]' "Description=lmtp-wizard: export Cyrus's mailbox list every 5 minutes" '' \
      '[Timer]' 'OnBootSec=1min' 'OnUnitActiveSec=5min' 'Unit=lmtp-wizard-cyrus-recipients.service' '' '[Install]' 'WantedBy=timers.target' >"$ire_tmp"
    install_file "$ire_tmp" /etc/systemd/system/lmtp-wizard-cyrus-recipients.timer 0644 root root
  fi
  rm -f "$ire_tmp"
  if [ "$DRY_RUN" = 1 ]; then say "would export Cyrus's mailbox list into $3"; return 0; fi
  if [ "$ire_new" = 1 ]; then
    # the units first, then an export they may have started (it would write the table again, or
    # leave its temporary file in the folder rollback.sh removes), then the table
    add_undo undo "systemctl disable --now lmtp-wizard-cyrus-recipients.path lmtp-wizard-cyrus-recipients.timer >/dev/null 2>&1 || true; systemctl stop lmtp-wizard-cyrus-recipients.service >/dev/null 2>&1 || true; rm -f $(shell_word "$3") $(shell_word "$3.db") $(shell_word "$3.lmdb") $(shell_word "$(dirname "$3")")/.lmtp-wizard-recipients.*"
    add_undo undo-last "systemctl daemon-reload >/dev/null 2>&1 || true"
  fi
  ire_dir=$(dirname "$3")
  if [ ! -d "$ire_dir" ]; then add_undo undo-last "rmdir $(shell_word "$ire_dir") 2>/dev/null || true"; mkdir -p "$(dirname "$ire_dir")"; mkdir -m 0755 "$ire_dir"; fi
  if [ -d /run/systemd/system ]; then
    run systemctl daemon-reload
    systemctl is-enabled --quiet lmtp-wizard-cyrus-recipients.path 2>/dev/null && systemctl is-active --quiet lmtp-wizard-cyrus-recipients.path || run systemctl enable --now lmtp-wizard-cyrus-recipients.path
    systemctl is-enabled --quiet lmtp-wizard-cyrus-recipients.timer 2>/dev/null && systemctl is-active --quiet lmtp-wizard-cyrus-recipients.timer || run systemctl enable --now lmtp-wizard-cyrus-recipients.timer
  fi
  # the first export: without it main.cf would name a table that is not there
  if ! /usr/local/sbin/lmtp-wizard-cyrus-recipients "$1" "$2" "$3"; then
    [ -e "$3" ] || die "could not export Cyrus's mailbox list into $3 (ctl_mboxlist -d failed)"
    say "warning: could not export Cyrus's mailbox list again; $3 keeps the last export"
  fi
}
