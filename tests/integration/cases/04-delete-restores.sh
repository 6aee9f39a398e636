# Create then delete leaves the mount table and `ip netns list` exactly as
# they were.

snapshot "$WORK/before"
before_mounts=$(mounts)

expect_status 0 nsctl create lab1
expect_status 0 nsctl create lab2
now=$(mounts)
[ "$now" != "$before_mounts" ] || fail "create changed nothing in /proc/self/mountinfo"
grep -q ' /run/netns/lab1 ' /proc/self/mountinfo || fail "no mount at /run/netns/lab1"
# The net namespace is mounted once, where `ip netns` looks; the set's own
# net file leads there.
expect_eq "$(readlink /run/nsctl/ns/lab2/net)" /run/netns/lab2 "the symlink /run/nsctl/ns/lab2/net"
expect_eq "$(grep -c -E ' /run/(netns/lab2|nsctl/ns/lab2/net) ' /proc/self/mountinfo)" 1 "mounts of lab2's net namespace"

expect_status 0 nsctl delete lab2
expect_status 0 nsctl delete lab1
expect_snapshot "$WORK/before" "after create lab1, lab2 and delete lab2, lab1"

# A second round the other way about.
expect_status 0 nsctl create lab1
expect_status 0 nsctl create lab2
expect_status 0 nsctl delete lab1
expect_status 0 nsctl delete lab2
expect_snapshot "$WORK/before" "after a second create/delete round"

# Delete while a process is still inside is refused (Busy, exit status 7)
# and changes nothing; once the process has ended, delete restores
# everything.  (34-delete-busy tests Busy and --force in depth.)
expect_status 0 nsctl create lab3
inode=$(stat -L -c %i /run/netns/lab3)
nsctl exec lab3 -- sleep 30 >/dev/null 2>&1 &
inside=$!
pid=
for _ in $(seq 50); do
        pid=$(pgrep -x sleep || true)
        [ -n "$pid" ] && [ "$(stat -L -c %i /proc/$pid/ns/net 2>/dev/null)" = "$inode" ] && break
        sleep 0.1
done
[ -n "$pid" ] || fail "nsctl exec lab3 -- sleep 30 did not start"
snapshot "$WORK/busy"
expect_error 7 nsctl delete lab3
expect_snapshot "$WORK/busy" "after a delete refused because a process is inside"
expect_eq "$(stat -L -c %i /proc/$pid/ns/net)" "$inode" "net namespace of the process inside lab3 after the refused delete"
kill "$pid"
wait "$inside" || true
expect_status 0 nsctl delete lab3
expect_snapshot "$WORK/before" "after deleting a set once the process inside had ended"
