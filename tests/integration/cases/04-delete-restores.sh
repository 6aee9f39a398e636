# Create then delete leaves the mount table and `ip netns list` exactly as
# they were.

snapshot "$WORK/before"
before_mounts=$(mounts)

expect_status 0 nsctl create lab1
expect_status 0 nsctl create lab2
now=$(mounts)
[ "$now" != "$before_mounts" ] || fail "create changed nothing in /proc/self/mountinfo"
grep -q ' /run/netns/lab1 ' /proc/self/mountinfo || fail "no mount at /run/netns/lab1"
grep -q ' /run/nsctl/ns/lab2/net ' /proc/self/mountinfo || fail "no mount at /run/nsctl/ns/lab2/net"

expect_status 0 nsctl delete lab2
expect_status 0 nsctl delete lab1
expect_snapshot "$WORK/before" "after create lab1, lab2 and delete lab2, lab1"

# A second round the other way about.
expect_status 0 nsctl create lab1
expect_status 0 nsctl create lab2
expect_status 0 nsctl delete lab1
expect_status 0 nsctl delete lab2
expect_snapshot "$WORK/before" "after a second create/delete round"

# Delete while a process is still inside: the set goes, the process keeps
# its namespace until it exits.
expect_status 0 nsctl create lab3
inode=$(stat -L -c %i /run/netns/lab3)
nsctl exec lab3 -- sleep 30 >/dev/null 2>&1 &
inside=$!
for _ in $(seq 50); do
        pid=$(pgrep -x -P "$inside" sleep || pgrep -x sleep || true)
        [ -n "$pid" ] && break
        sleep 0.1
done
[ -n "$pid" ] || fail "nsctl exec lab3 -- sleep 30 did not start"
expect_status 0 nsctl delete lab3
expect_eq "$(stat -L -c %i /proc/$pid/ns/net)" "$inode" "net namespace of the process inside lab3 after delete"
expect_snapshot "$WORK/before" "after deleting a set a process is still in"
kill "$pid"
wait "$inside" || true
