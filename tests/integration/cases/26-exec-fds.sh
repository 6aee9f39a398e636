# nsctl exec passes on exactly descriptors 0, 1 and 2, whatever the caller
# has open (here 7 and 9, and a descriptor of a namespace file), for a
# net-only set (entered as `ip netns exec` does) and for a set of every
# type (pid namespace with its holder as init, user namespace, own /proc).
# The command's exit status comes back in both (03-exec-status checks the
# statuses on a net-only set only).

expect_status 0 nsctl create f-net
expect_status 0 nsctl create f-all --all --map-root-user

: >"$WORK/x"
for s in f-net f-all; do
        # ls opens the directory it lists: 0 1 2 and that one (3).
        run bash -c 'exec 7</dev/null 9>"$WORK/x" 5</run/nsctl/ns/'"$s"'/net; "$NSCTL" exec '"$s"' -- ls /proc/self/fd'
        expect_eq "$STATUS" 0 "status of nsctl exec $s -- ls /proc/self/fd (caller with fds 5, 7, 9 open)"
        expect_eq "$(echo $OUT)" "0 1 2 3" "descriptors of ls /proc/self/fd inside $s"

        # The same seen from outside, on a command that opens nothing.
        bash -c 'exec 7</dev/null 9>"$WORK/x"; exec "$NSCTL" exec '"$s"' -- sleep 30' </dev/null >/dev/null 2>&1 &
        client=$!
        sleeper=$(wait_for_process sleep)
        wait_until 5 eval 'test "$(ns_id "/proc/$sleeper/ns/net" 2>/dev/null)" = "$(ns_id "/run/nsctl/ns/$s/net")"' ||
                fail "the sleep started in $s (pid $sleeper) is not in its net namespace"
        fds=$(ls "/proc/$sleeper/fd" | sort -n | tr '\n' ' ')
        expect_eq "$fds" "0 1 2 " "descriptors of a sleep inside $s, seen from outside"
        # The client itself still has its caller's 7 and 9.
        [ -e "/proc/$client/fd/7" ] && [ -e "/proc/$client/fd/9" ] ||
                fail "the client (pid $client) does not have the caller's fds 7 and 9: $(ls "/proc/$client/fd" | tr '\n' ' ')"
        kill -TERM "$client"
        rc=0
        wait "$client" || rc=$?
        expect_eq "$rc" 143 "status of nsctl exec $s -- sleep after SIGTERM to the client"
        wait_until 5 process_gone "$sleeper" || fail "the sleep in $s (pid $sleeper) outlived SIGTERM to its client"
done

# Exit statuses through a pid namespace (the command is not its init, so
# it can be killed by its own SIGTERM) and a user namespace.
expect_status 0 nsctl exec f-all -- true
expect_status 3 nsctl exec f-all -- sh -c 'exit 3'
expect_status 127 nsctl exec f-all -- no-such-command-nsctl-test
printf 'echo hi\n' >"$WORK/not-executable"
chmod 0644 "$WORK/not-executable"
expect_status 126 nsctl exec f-all -- "$WORK/not-executable"
expect_status 143 nsctl exec f-all -- sh -c 'kill -TERM $$'
expect_status 0 nsctl exec f-all -- sh -c 'echo $$'
[ "$OUT" != 1 ] || fail "the command run in f-all is PID 1 of its pid namespace (the holder should be)"

expect_status 0 nsctl delete f-net
expect_status 0 nsctl delete f-all
expect_no_namespaces "at the end"
