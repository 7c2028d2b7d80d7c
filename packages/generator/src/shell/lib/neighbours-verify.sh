# --- neighbours-verify.sh: Neighbours, verify.sh's side: checking them.

neighbours_recorded() {
  [ -r "$1" ] && return 0
  note "no record of the neighbours ($1): apply.sh has not run here, so the other entries of the lists and maps it merges are not checked"
}

# check_neighbours FILE KIND WHERE OURS...: every entry of WHERE that apply.sh
# recorded before its first change still resolves as it did then.
check_neighbours() {
  [ -r "$1" ] || return 0
  file=$1 kind=$2 where=$3; shift 3
  recs=$(K=$kind W=$where awk -F '\t' '$1 == ENVIRON["K"] && $2 == ENVIRON["W"]' "$file")
  hint="restore it, or if it changed on purpose, delete its line from $file"
  while IFS= read -r rec; do
    [ -n "$rec" ] || continue
    key=$(printf '%s\n' "$rec" | cut -f3); want=$(printf '%s\n' "$rec" | cut -f4-)
    is_ours "$kind" "$key" "$@" && continue
    if got=$(neighbour_value "$kind" "$where" "$key"); then :; else got="<missing>"; fi
    case $kind in
      main|imapd)
        what=main.cf; [ "$kind" = main ] || what=imapd.conf
        if [ "$got" != "<missing>" ]; then ok "neighbour: $what $where still lists $key"
        else bad "neighbour: $what $where no longer lists $key, which it did before apply.sh ($hint)"; fi ;;
      map)
        if [ "$got" = "$want" ]; then ok "neighbour: $where: $key -> $want, as before apply.sh"
        else bad "neighbour: $where: $key resolves to \"$got\", before apply.sh to \"$want\" ($hint)"; fi ;;
      secret-map)
        if [ "$got" = "$want" ]; then ok "neighbour: $where: $key resolves to the same value as before apply.sh (compared by sha256)"
        elif [ "$got" = "<missing>" ]; then bad "neighbour: $where: $key no longer resolves ($hint)"
        else bad "neighbour: $where: $key resolves to another value than before apply.sh (compared by sha256; not shown) ($hint)"; fi ;;
      lines)
        if [ "$got" != "<missing>" ]; then ok "neighbour: $where still has \"$key\""
        else bad "neighbour: $where has lost the line \"$key\", which it had before apply.sh ($hint)"; fi ;;
    esac
  done <<EOF
$recs
EOF
}
