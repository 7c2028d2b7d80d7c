// A stand-in for postconf(1), as a POSIX sh function, for tests that run the
// shell library's main.cf and master.cf functions without Postfix. It reads
// and edits the files of a directory (-c DIR, else $POSTFIX_DIR): main.cf as
// "key = value" lines (the last line of a key wins; "key =" is set and
// empty), master.cf as one row per line, and Postfix's defaults from the file
// $POSTCONF_DEFAULTS (the same "key = value" lines). -x is the identity: the
// values a test writes must not rely on $name expansion. Its own variables
// start with pc_, so that it never changes one of the library's.
//
//   postconf -n KEY | -nh KEY | -h KEY | -hx KEY | -xh KEY | -dh KEY
//   postconf -e "KEY = VALUE"...
//   postconf -M NAME/TYPE | -M NAME/TYPE=ROW
export const POSTCONF_STAND_IN = String.raw`
pc_get() {
  [ -e "$1" ] || return 1
  K=$2 awk 'BEGIN { k = ENVIRON["K"] }
    { i = index($0, " ="); if (i > 1 && substr($0, 1, i - 1) == k) { v = substr($0, i + 2); sub(/^ /, "", v); f = 1; val = v } }
    END { if (f) print "=" val; else exit 1 }' "$1"
}
postconf() {
  pc_d=$POSTFIX_DIR; if [ "$1" = -c ]; then pc_d=$2; shift 2; fi
  pc_o=$1; shift
  case $pc_o in
    -e)
      for pc_kv; do
        K=${'$'}{pc_kv%% =*} awk 'BEGIN { k = ENVIRON["K"] } { i = index($0, " ="); if (i > 1 && substr($0, 1, i - 1) == k) next; print }' "$pc_d/main.cf" >"$pc_d/.pc-new"
        printf '%s\n' "$pc_kv" >>"$pc_d/.pc-new"; mv "$pc_d/.pc-new" "$pc_d/main.cf"
      done ;;
    -M)
      case $1 in
        *=*) N=${'$'}{1%%=*} awk 'BEGIN { n = ENVIRON["N"] } $1 "/" $2 != n { print }' "$pc_d/master.cf" >"$pc_d/.pc-new"
          printf '%s\n' "${'$'}{1#*=}" >>"$pc_d/.pc-new"; mv "$pc_d/.pc-new" "$pc_d/master.cf" ;;
        *) N=$1 awk 'BEGIN { n = ENVIRON["N"] } $1 "/" $2 == n { print; exit }' "$pc_d/master.cf" ;;
      esac ;;
    -n|-nh|-h|-hx|-xh|-dh)
      pc_v=
      case $pc_o in
        -dh) pc_v=$(pc_get "$POSTCONF_DEFAULTS" "$1") || return 0 ;;
        -n|-nh) pc_v=$(pc_get "$pc_d/main.cf" "$1") || return 0 ;;
        *) pc_v=$(pc_get "$pc_d/main.cf" "$1") || pc_v=$(pc_get "$POSTCONF_DEFAULTS" "$1") || pc_v="=" ;;
      esac
      pc_v=${'$'}{pc_v#=}
      if [ "$pc_o" = -n ]; then
        if [ -n "$pc_v" ]; then printf '%s = %s\n' "$1" "$pc_v"; else printf '%s =\n' "$1"; fi
      else printf '%s\n' "$pc_v"; fi ;;
    *) echo "postconf stand-in: $pc_o is not modelled" >&2; return 2 ;;
  esac
}`;
