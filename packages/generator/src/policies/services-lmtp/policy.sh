# --- policies/services-lmtp: the lmtp entry of /etc/services, merged by port.

lmtp_service_port() { awk '$1 == "lmtp" && $2 ~ /\/tcp$/ { print $2; exit }' /etc/services; }

# check_lmtp_service PORT (preflight): another lmtp entry is a conflict, since
# cyrmaster would listen on that port instead.
check_lmtp_service() {
  have=$(lmtp_service_port)
  [ -z "$have" ] || [ "$have" = "$1/tcp" ] ||
    conflict /etc/services lmtp "$have" "$1/tcp" "change that entry, or answer port ${have%/tcp} in the wizard" "" lmtp
}

ensure_lmtp_service() {
  have=$(lmtp_service_port)
  if [ -n "$have" ]; then plan_entry unchanged /etc/services lmtp "$have" "$have"; return 0; fi
  plan_entry add /etc/services lmtp "$1/tcp"
  add_line /etc/services "lmtp		$1/tcp"
}
