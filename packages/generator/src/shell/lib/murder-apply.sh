# --- murder-apply.sh: A Murder host's passwords (issue 15): MURDER_SECRETS, which imapd.conf includes.

# install_murder_secrets DEST KEY FILE [KEY FILE]...: DEST holds one
# "KEY: <content of FILE>" line per pair, owned by cyrus, mode 0600.
install_murder_secrets() {
  ims_dest=$1; shift; ims_tmp=$(mktemp)
  while [ $# -ge 2 ]; do printf '%s: %s\n' "$1" "$(cat "$2")" >>"$ims_tmp"; shift 2; done
  install_file "$ims_tmp" "$ims_dest" 0600 cyrus mail; rm -f "$ims_tmp"
}

# ensure_imapd_include FILE: the line "@include: FILE" in imapd.conf.
ensure_imapd_include() {
  grep -qxF "@include: $1" "$IMAPD_CONF" && return 0
  if [ "$DRY_RUN" = 1 ]; then say "would add \"@include: $1\" to $IMAPD_CONF"; mark_changed "$IMAPD_CONF"; return 0; fi
  backup "$IMAPD_CONF"; append_text "$IMAPD_CONF" "@include: $1"; mark_changed "$IMAPD_CONF"
}
