// Issue 25: Cyrus's mailbox list exported into a Postfix table on a single
// host, so that a recipient Cyrus already knows skips the probe (and its 3 s
// poll). Static text; see shell-lib.ts for the rules. The table is an
// accelerator only: a known address maps to DUNNO (no further lookup in that
// table, the admin's later restrictions still run), each of our domains to
// reject_unverified_recipient (the probe), so an address the export does not
// hold (yet) is probed as before.

/**
 * The exporter apply.sh installs as EXPORT_BIN. Run as root by the .path and
 * .timer units and by apply.sh:  EXPORT_BIN [--check] TYPE MAP OUT
 * MAP is our owned map of domains (its keys are our domains), OUT the table
 * it writes (text, and OUT compiled with postmap TYPE). --check writes nothing
 * and exits 1 when OUT is not what an export now would write.
 */
export const EXPORTER_SCRIPT = String.raw`#!/bin/sh
# lmtp-wizard: Cyrus's mailbox list as a Postfix access table (issue 25).
# Installed by apply.sh; rollback.sh removes it. Usage: [--check] TYPE MAP OUT
set -eu
check=0; [ "$1" != --check ] || { check=1; shift; }
type=$1 map=$2 out=$3
bin=/usr/lib/cyrus/bin
dir=$(dirname "$out")
# --check (verify.sh) writes nothing beside the table
list=$(mktemp); if [ "$check" = 1 ]; then new=$(mktemp); else new=$(mktemp "$dir/.lmtp-wizard-recipients.XXXXXX"); fi
trap 'rm -f "$list" "$new" "$new.db" "$new.lmdb"' EXIT
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
`;

export const EXPORT_BIN = '/usr/local/sbin/lmtp-wizard-cyrus-recipients';
export const EXPORT_UNIT = 'lmtp-wizard-cyrus-recipients';
export const UNIT_DIR = '/etc/systemd/system';

export const RECIPIENT_EXPORT_APPLY = String.raw`
# install_recipient_export TYPE MAP OUT: installs the exporter of Cyrus's
# mailbox list (issue 25) and, under systemd, its units (.path: when
# mailboxes.db changes; .timer: every 5 minutes as a backstop), then exports
# once, so that OUT exists before main.cf names it. rollback.sh stops and
# disables the units, and removes them, the exporter and OUT.
install_recipient_export() {
  # undone only by the rollback.sh of the run that first installed it: a later run's rollback
  # puts back a main.cf that still names OUT
  ire_new=0; [ -e __BIN__ ] || ire_new=1
  ire_tmp=$(mktemp)
  cat >"$ire_tmp" <<'LWZ_EXPORTER'
__EXPORTER__
LWZ_EXPORTER
  install_file "$ire_tmp" __BIN__ 0755 root root
  ire_db=$(imapd_value configdirectory); ire_db=$(printf '%s' "${"$"}{ire_db:-/var/lib/cyrus}")/mailboxes.db
  if [ -d /run/systemd/system ]; then
    # no start limit: the .path unit starts it once per burst of changes (the second's pause merges them)
    printf '%s\n' '[Unit]' "Description=lmtp-wizard: export Cyrus's mailbox list for Postfix's recipient check" 'After=cyrus-imapd.service' 'StartLimitIntervalSec=0' '' \
      '[Service]' 'Type=oneshot' 'ExecStartPre=/bin/sleep 1' "ExecStart=__BIN__ $1 $2 $3" >"$ire_tmp"
    install_file "$ire_tmp" __UNITS__.service 0644 root root
    printf '%s\n' '[Unit]' "Description=lmtp-wizard: export Cyrus's mailbox list when it changes" '' \
      '[Path]' "PathModified=$ire_db" 'Unit=__UNIT__.service' 'TriggerLimitIntervalSec=0' '' '[Install]' 'WantedBy=multi-user.target' >"$ire_tmp"
    install_file "$ire_tmp" __UNITS__.path 0644 root root
    printf '%s\n' '[Unit]' "Description=lmtp-wizard: export Cyrus's mailbox list every 5 minutes" '' \
      '[Timer]' 'OnBootSec=1min' 'OnUnitActiveSec=5min' 'Unit=__UNIT__.service' '' '[Install]' 'WantedBy=timers.target' >"$ire_tmp"
    install_file "$ire_tmp" __UNITS__.timer 0644 root root
  fi
  rm -f "$ire_tmp"
  if [ "$DRY_RUN" = 1 ]; then say "would export Cyrus's mailbox list into $3"; return 0; fi
  if [ "$ire_new" = 1 ]; then
    add_undo undo "systemctl disable --now __UNIT__.path __UNIT__.timer >/dev/null 2>&1 || true; rm -f $(shell_word "$3") $(shell_word "$3.db") $(shell_word "$3.lmdb")"
    add_undo undo-last "systemctl daemon-reload >/dev/null 2>&1 || true"
  fi
  ire_dir=$(dirname "$3")
  if [ ! -d "$ire_dir" ]; then add_undo undo-last "rmdir $(shell_word "$ire_dir") 2>/dev/null || true"; mkdir -p -m 0755 "$ire_dir"; fi
  if [ -d /run/systemd/system ]; then
    run systemctl daemon-reload
    systemctl is-enabled --quiet __UNIT__.path 2>/dev/null && systemctl is-active --quiet __UNIT__.path || run systemctl enable --now __UNIT__.path
    systemctl is-enabled --quiet __UNIT__.timer 2>/dev/null && systemctl is-active --quiet __UNIT__.timer || run systemctl enable --now __UNIT__.timer
  fi
  # the first export: without it main.cf would name a table that is not there
  if ! __BIN__ "$1" "$2" "$3"; then
    [ -e "$3" ] || die "could not export Cyrus's mailbox list into $3 (ctl_mboxlist -d failed)"
    say "warning: could not export Cyrus's mailbox list again; $3 keeps the last export"
  fi
}
`.replaceAll('__BIN__', EXPORT_BIN).replaceAll('__UNITS__', `${UNIT_DIR}/${EXPORT_UNIT}`).replaceAll('__UNIT__', EXPORT_UNIT).replace('__EXPORTER__', () => EXPORTER_SCRIPT);

export const RECIPIENT_EXPORT_VERIFY = String.raw`
# check_recipient_export TYPE MAP OUT: OUT holds what an export of Cyrus's
# mailbox list now gives (no mailbox created since is missing), and the units
# that keep it so are active.
check_recipient_export() {
  if [ ! -x __BIN__ ]; then bad "__BIN__ is missing (re-run apply.sh)"; return 0; fi
  # a mailbox created a moment ago: the .path unit's export is on its way (a second's pause, then the run)
  cre_n=0
  while ! __BIN__ --check "$1" "$2" "$3" 2>/dev/null && [ -d /run/systemd/system ] && [ "$cre_n" -lt 10 ]; do sleep 1; cre_n=$((cre_n + 1)); done
  if __BIN__ --check "$1" "$2" "$3" 2>/dev/null; then ok "$3 holds Cyrus's current mailbox list"
  elif [ -d /run/systemd/system ]; then bad "$3 is older than Cyrus's mailbox list 10 s after the check began: mailboxes created since take the probe (3 s each) until __BIN__ $1 $2 $3 runs"
  # without systemd nothing of ours runs it again: the admin's cron does, or the probe answers (slower, as strict)
  else note "$3 is older than Cyrus's mailbox list (no systemd here: run __BIN__ $1 $2 $3 from cron); mailboxes created since take the probe"; fi
  if [ -d /run/systemd/system ]; then
    for u in __UNIT__.path __UNIT__.timer; do
      if systemctl is-active --quiet "$u"; then ok "$u is active"; else bad "$u is not active (systemctl enable --now $u)"; fi
    done
  fi
}
`.replaceAll('__BIN__', EXPORT_BIN).replaceAll('__UNIT__', EXPORT_UNIT);
