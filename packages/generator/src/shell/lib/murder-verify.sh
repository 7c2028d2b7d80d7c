# --- murder-verify.sh: verify.sh on a Murder host (issue 15): the mupdate connection and the
# backends' mailboxes as a frontend sees them.

# mupdate_banner HOST PORT: prints mupdate's greeting; true when it ends in "* OK".
MUPDATE_PL='use IO::Socket::IP;
    my $s = IO::Socket::IP->new(PeerHost => $ARGV[0], PeerPort => $ARGV[1], Proto => "tcp", Timeout => 5);
    die "cannot connect: $!\n" unless $s;
    my @r; while (my $l = <$s>) { push @r, $l; last if $l =~ /^\* (OK|BYE|NO)/ || @r > 20; }
    print @r; exit(@r && $r[-1] =~ /^\* OK/ ? 0 : 1);'
mupdate_banner() { perl -e "$MUPDATE_PL" "$@"; }
# murder_mailboxes SERVER: how many entries of this host's mailbox list live on SERVER.
murder_mailboxes() { runuser -u cyrus -- "$CYRUS_BIN"/ctl_mboxlist -d 2>/dev/null | grep -c -F "$1" || true; }
