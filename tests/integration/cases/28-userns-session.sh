# Sessions in a set with a user namespace and a uid map that is not the
# identity: the command is root inside (id -u is 0) and uid 100000 seen
# from outside, with a network namespace owned by that user namespace,
# with the set's own mount namespace (u-mnt) and without one (u-net, entered
# as `ip netns exec` does: /sys is mounted before the user namespace is
# joined).

expect_status 0 nsctl create u-mnt --type user,net,mnt --uid-map 0:100000:65536 --gid-map 0:100000:65536
expect_status 0 nsctl create u-net --type user,net --uid-map 0:100000:65536 --gid-map 0:100000:65536

for s in u-mnt u-net; do
        expect_status 0 nsctl exec "$s" -- id -u
        expect_eq "$OUT" 0 "id -u inside $s"
        expect_status 0 nsctl exec "$s" -- id -g
        expect_eq "$OUT" 0 "id -g inside $s"
        expect_status 0 nsctl exec "$s" -- cat /proc/self/uid_map
        expect_eq "$(echo $OUT)" "0 100000 65536" "uid_map inside $s"

        # Root inside may configure the set's network namespace.
        expect_status 0 nsctl exec "$s" -- ip link set lo up
        expect_status 0 nsctl exec "$s" -- ip -o link show up
        expect_output_contains ": lo:"
        if [ "$s" = u-net ]; then
                # The view made for the session, mounted with the host's
                # privilege, is the set's.  (A set with its own mount
                # namespace keeps the /sys it was made with.)
                expect_status 0 nsctl exec "$s" -- ls /sys/class/net
                expect_eq "$(echo $OUT)" lo "/sys/class/net inside $s"
        fi

        # Seen from outside: uid and gid 100000, in the set's namespaces.
        "$NSCTL" exec "$s" -- sleep 30 </dev/null >/dev/null 2>&1 &
        client=$!
        sleeper=$(wait_for_process sleep)
        wait_until 5 eval 'test "$(ns_id "/proc/$sleeper/ns/user" 2>/dev/null)" = "$(ns_id "/run/nsctl/ns/$s/user")"' ||
                fail "the sleep started in $s (pid $sleeper) is not in its user namespace"
        expect_eq "$(ns_id "/proc/$sleeper/ns/net")" "$(ns_id "/run/nsctl/ns/$s/net")" "net namespace of the sleep in $s"
        expect_eq "$(ps -o uid= -p "$sleeper" | tr -d ' ')" 100000 "uid of root inside $s, by ps outside"
        expect_eq "$(awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$sleeper/status")" "100000 100000 100000 100000" \
                "real, effective, saved and fs uid of root inside $s (/proc/PID/status)"
        expect_eq "$(awk '/^Gid:/ { print $2 }' "/proc/$sleeper/status")" 100000 "gid of root inside $s (/proc/PID/status)"
        # Root inside has no privilege outside: it cannot signal the
        # sandbox's own processes.
        expect_status 1 nsctl exec "$s" -- kill -0 "$DAEMON_PID"
        kill -TERM "$client"
        wait "$client" || true
        wait_until 5 process_gone "$sleeper" || fail "the sleep in $s (pid $sleeper) outlived SIGTERM to its client"
done

# -u picks another user of the map: uid 1000 inside is 101000 outside.
expect_status 0 nsctl exec u-mnt -u 1000 -- id -u
expect_eq "$OUT" 1000 "id -u inside u-mnt with -u 1000"
"$NSCTL" exec u-mnt -u 1000 -- sleep 30 </dev/null >/dev/null 2>&1 &
client=$!
sleeper=$(wait_for_process sleep)
wait_until 5 eval 'test "$(ns_id "/proc/$sleeper/ns/user" 2>/dev/null)" = "$(ns_id /run/nsctl/ns/u-mnt/user)"' ||
        fail "the sleep started in u-mnt -u 1000 (pid $sleeper) is not in its user namespace"
expect_eq "$(ps -o uid= -p "$sleeper" | tr -d ' ')" 101000 "uid of uid 1000 inside u-mnt, by ps outside"
kill -TERM "$client"
wait "$client" || true
wait_until 5 process_gone "$sleeper" || fail "the sleep in u-mnt (pid $sleeper) outlived SIGTERM to its client"

expect_status 0 nsctl delete u-mnt
expect_status 0 nsctl delete u-net
expect_no_namespaces "at the end"
