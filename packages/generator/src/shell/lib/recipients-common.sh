# --- recipients-common.sh: The recipient check (issue 11): an ordered restriction list, and the owned
# map of the domains whose recipients Cyrus is asked about. Read by apply.sh
# and verify.sh alike.

# local_domains: the domains of mydestination, expanded, one per line, in
# lower case. A lookup table or file in the list is printed as it stands.
local_domains() { postconf -hx mydestination 2>/dev/null | tr ', \t' '\n\n\n' | sed '/^$/d' | tr 'A-Z' 'a-z'; }
