#!/bin/sh
# inspect.sh (lmtp-wizard): prints this host's Postfix and Cyrus configuration
# for the wizard's "Start from my current configuration". Run it on each host
# (the Postfix host and the store, or the one mail host):
#   sh inspect.sh >inspect.txt        (as root: the SASL maps are root's)
# and paste all of inspect.txt into the wizard. The wizard reads it in your
# browser; nothing is sent anywhere.
# Read-only: it changes nothing on this host. It never prints a password:
# a value whose key names a secret (*password*, *secret*, ldap_bind_pw and the
# like) is printed as "<hidden by inspect.sh>", and of the SASL password maps
# only the keys (host names) are printed, never the user:password values.
# Every line is escaped to printable ASCII (\t, \\, \xHH), and the last line
# carries a line count and a cksum, so the wizard notices a cut or edited copy.
set -u
PATH=/usr/sbin:/usr/bin:/sbin:/bin; export PATH
LC_ALL=C; export LC_ALL
SECRET='pass|secret|_pw$|_pw_|pwd|token|credential|api_?key|private'
MARK='<hidden by inspect.sh>'
POSTCONF_KEYS='myhostname mydestination virtual_mailbox_domains virtual_mailbox_maps virtual_transport relay_domains transport_maps smtpd_recipient_restrictions inet_protocols compatibility_level'
IMAPD_IF_KNOWN='master_pid_file'

# esc: each input line as "|" and the line, escaped: a backslash as \\, a tab
# as \t, any other control or non-ASCII byte and a trailing space as \xHH.
esc() {
  awk 'BEGIN { for (i = 1; i < 256; i++) if (i < 32 || i > 126) e[sprintf("%c", i)] = sprintf("\\x%02x", i)
      e["\t"] = "\\t"; e["\\"] = "\\\\" }
    { o = ""; n = length($0)
      for (i = 1; i <= n; i++) { c = substr($0, i, 1); o = o ((c in e) ? e[c] : c) }
      if (substr(o, length(o), 1) == " ") o = substr(o, 1, length(o) - 1) "\\x20"
      print "|" o }'
}

# mask MODE: hides secret values. MODE colon: "key: value" (imapd.conf, commented
# lines too); eq: "key = value" (postconf -n, -P: the key is the part after the
# last "/"); words: "key=value" words (postconf -M, cyrus.conf). A secret key's
# value stays only when it names map files (type:/path) or parameters ($name).
mask() {
  S=$SECRET M=$MARK awk -v mode="$1" '
    function secret(k) { return tolower(k) ~ ENVIRON["S"] }
    function refs(v,   n, t, i) {
      n = split(v, t, /[ ,\t]+/)
      for (i = 1; i <= n; i++) if (t[i] != "" && t[i] !~ /^([a-z0-9]+:)+\/[^{}]*$/ && t[i] !~ /^\$\{?[a-z0-9_]+\}?$/) return 0
      return 1 }
    mode == "colon" { s = $0; sub(/^[ \t#]+/, "", s)
      if (match(s, /^[^: \t]+[ \t]*:/)) { k = substr(s, 1, RLENGTH); sub(/[ \t]*:$/, "", k)
        if (secret(k)) { print substr($0, 1, index($0, ":")) " " ENVIRON["M"]; next } }
      print; next }
    mode == "eq" { p = index($0, " = "); k = substr($0, 1, p - 1); sub(/.*\//, "", k)
      if (p > 0 && secret(k) && !refs(substr($0, p + 3))) { print substr($0, 1, p + 2) ENVIRON["M"]; next }
      print; next }
    mode == "words" { n = split($0, w, /[ \t]+/); hit = 0
      for (i = 1; i <= n; i++) { p = index(w[i], "="); if (p < 2) continue
        k = substr(w[i], 1, p - 1); sub(/^[^A-Za-z0-9_]+/, "", k); v = substr(w[i], p + 1); gsub(/"/, "", v)
        if (secret(k) && !refs(v)) { w[i] = substr(w[i], 1, p) ENVIRON["M"]; hit = 1 } }
      if (!hit) { print; next }
      o = w[1]; for (i = 2; i <= n; i++) o = o " " w[i]; print o; next }'
}

installed() { dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null | sed -n 's/^install ok installed //p'; }

package() {
  v=$(installed "$1")
  if [ -n "$v" ]; then printf '@package %s %s\n' "$1" "$v"; else printf '@package %s absent\n' "$1"; fi
}

# file_section NAME PATH [MASK]: the whole file, or @absent / @unreadable.
file_section() {
  if [ ! -e "$2" ]; then printf '@absent %s %s\n' "$1" "$2"; return 0; fi
  if [ ! -r "$2" ] || [ ! -f "$2" ]; then printf '@unreadable %s %s\n' "$1" "$2"; return 0; fi
  printf '@section %s %s\n' "$1" "$2"
  if [ -n "${3:-}" ]; then mask "$3" <"$2" | esc; else esc <"$2"; fi
}

# map_files VALUE...: the file of each map a postconf value names (type:/path).
map_files() {
  printf '%s\n' "$@" | tr ', \t' '\n\n\n' | sed -n 's/^\(proxy:\)\{0,1\}\(hash\|btree\|lmdb\|cdb\|dbm\|sdbm\|texthash\):\(\/[^{}]*\)$/\3/p'
}

postfix_part() {
  printf '@postconf-version %s\n' "$(postconf -h mail_version 2>/dev/null)"
  printf '@section postconf-n\n'; postconf -n 2>/dev/null | mask eq | esc
  printf '@section postconf-M\n'; postconf -M 2>/dev/null | mask words | esc
  printf '@section postconf-P\n'; postconf -P 2>/dev/null | mask eq | esc
  printf '@section postconf-h\n'; postconf $POSTCONF_KEYS 2>/dev/null | mask eq | esc
  printf '@section postconf-d\n'; postconf -d $POSTCONF_KEYS 2>/dev/null | mask eq | esc
  printf '@section postconf-x\n'; postconf -x $POSTCONF_KEYS 2>/dev/null | mask eq | esc
  # SASL password maps: keys only. A line with no value is printed as hidden.
  sasl=$( { map_files $(postconf -h smtp_sasl_password_maps lmtp_sasl_password_maps 2>/dev/null) \
      $(postconf -P 2>/dev/null | sed -n 's/^[^ ]*\/[a-z]*_sasl_password_maps = //p')
    ls -d /etc/postfix/sasl_passwd /etc/postfix/*_sasl_passwd 2>/dev/null; } | sort -u)
  for f in $sasl; do
    if [ ! -e "$f" ]; then printf '@absent sasl-map-keys %s\n' "$f"; continue; fi
    [ -r "$f" ] && [ -f "$f" ] || { printf '@unreadable sasl-map-keys %s\n' "$f"; continue; }
    printf '@section sasl-map-keys %s\n' "$f"
    M=$MARK awk '/^[ \t]*(#|$)/ || /^[ \t]/ { next } { print (NF > 1 ? $1 : ENVIRON["M"]) }' "$f" | esc
  done
  for f in $( { map_files $(postconf -h transport_maps 2>/dev/null); echo /etc/postfix/transport; } | sort -u); do
    file_section transport-map "$f"
  done
  if id postfix >/dev/null 2>&1; then printf '@section groups postfix\n'; id -nG postfix | esc; else printf '@absent groups postfix\n'; fi
}

cyrus_part() {
  file_section imapd.conf /etc/imapd.conf colon
  file_section cyrus.conf /etc/cyrus.conf words
  printf '@section imapd-known\n'
  for k in $IMAPD_IF_KNOWN; do /usr/lib/cyrus/bin/cyr_info conf-default 2>/dev/null | grep -q "^$k:" && printf '%s\n' "$k"; done | esc
  dirs=$( { echo /run/cyrus; echo /run/cyrus/socket
    [ ! -r /etc/imapd.conf ] || sed -n 's/^[ \t]*lmtpsocket[ \t]*:[ \t]*\(\/.*\)\/[^/]*$/\1/p' /etc/imapd.conf
    [ ! -r /etc/cyrus.conf ] || sed -n 's/.*listen="\(\/[^"]*\)\/[^/"]*".*/\1/p' /etc/cyrus.conf; } | sort -u)
  for d in $dirs; do
    if [ -d "$d" ]; then printf '@section dir %s\n' "$d"; stat -c '%U %G %a' "$d" | esc; else printf '@absent dir %s\n' "$d"; fi
  done
}

body() {
  printf '@debian_version %s\n' "$(head -n 1 /etc/debian_version 2>/dev/null | tr -dc '\041-\176')"
  printf '@hostname %s\n' "$(uname -n | tr -dc '\041-\176')"
  package postfix
  package cyrus-imapd
  if [ -n "$(installed postfix)" ] && command -v postconf >/dev/null; then postfix_part; fi
  if [ -n "$(installed cyrus-imapd)" ]; then cyrus_part; fi
  printf '@section services-lmtp /etc/services\n'
  [ ! -r /etc/services ] || awk '{ for (i = 1; i <= NF && $i !~ /^#/; i++) if ($i == "lmtp") { print; next } }' /etc/services | esc
  file_section hosts.allow /etc/hosts.allow
  file_section hosts.deny /etc/hosts.deny
}

out=$(body)
echo '=== lmtp-wizard inspect.sh begin format 1 ==='
printf '%s\n' "$out"
printf '=== lmtp-wizard inspect.sh end lines %s cksum %s ===\n' "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "$(printf '%s\n' "$out" | cksum | cut -d' ' -f1)"
