# Creating a name that exists fails with "already exists" and changes nothing.

expect_status 0 nsctl create lab1
expect_status 0 nsctl show lab1 --json
show_before=$OUT
snapshot "$WORK/before"

expect_error 5 nsctl create lab1
expect_stderr_contains lab1
expect_snapshot "$WORK/before" "after a duplicate create through the client"
expect_status 0 nsctl show lab1 --json
expect_eq "$OUT" "$show_before" "show lab1 after a duplicate create"

vlcall io.nsctl.Namespace.Create '{"name":"lab1"}'
expect_reply_error io.nsctl.Namespace.AlreadyExists "p == {'name': 'lab1'}"
expect_snapshot "$WORK/before" "after a duplicate create through the protocol"

# A network namespace made by `ip netns add` is not nsctl's, but its name
# is taken: create must refuse it and leave it alone.
expect_status 0 ip netns add foreign
foreign_inode=$(stat -L -c %i /run/netns/foreign)
snapshot "$WORK/before2"
expect_error 5 nsctl create foreign
vlcall io.nsctl.Namespace.Create '{"name":"foreign"}'
expect_reply_error io.nsctl.Namespace.AlreadyExists "p == {'name': 'foreign'}"
expect_snapshot "$WORK/before2" "after create of a name ip netns already has"
expect_eq "$(stat -L -c %i /run/netns/foreign)" "$foreign_inode" "inode of /run/netns/foreign"
# nsctl does not manage it either.
expect_error 4 nsctl delete foreign
[ -e /run/netns/foreign ] || fail "nsctl delete foreign removed a namespace it does not own"
expect_status 0 ip netns delete foreign

expect_status 0 nsctl delete lab1
