# --- policies/main-exclusive: an exclusive main.cf setting: unset, already ours, or a conflict.

# check_main_free KEY WANTED OURS HOW (preflight): an exclusive main.cf setting
# must be unset or already WANTED. A value that routes through OURS, the
# master.cf service this bundle owns (an earlier bundle's route, or the classic
# "mailbox_transport = cyrus" pipe it replaces), is ours to change.
check_main_free() {
  [ -n "$(postconf -n "$1" 2>/dev/null)" ] || return 0
  cur=$(postconf -nh "$1")
  [ "$cur" = "$2" ] && return 0
  [ -n "$3" ] && [ "${cur%%:*}" = "$3" ] && return 0
  conflict /etc/postfix/main.cf "$1" "$cur" "$2" "$4" "$1" "$1"
}
