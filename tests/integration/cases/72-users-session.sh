# Multi-user labs, sessions without a terminal: `nsctl exec` by a user
# other than root has nsctld start the command in the user's set, as the
# user (uid, gid, groups), without capabilities, with no_new_privs and only
# descriptors 0-2, with the user's environment, directory and umask; the
# exit status, stdin, stdout, stderr and signals behave as in root
# sessions.  Others' sets, root as a target and other users are refused.

lab_users
restart_daemon
# A PATH the users can search (the harness's may hold root's directories).
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
fds_before=$(daemon_fd_baseline)

expect_status 0 user_nsctl labu1 create lab-a
expect_status 0 user_nsctl labu1 create lab-b --type net,uts,ipc,pid,mnt --hostname bee
expect_status 0 user_nsctl labu1 link add lab-a:p0 lab-b:p0 --addr-a 198.18.73.1/30 --addr-b 198.18.73.2/30

# ---- who, and where --------------------------------------------------------------------
expect_status 0 user_nsctl labu1 exec lab-a id -u
expect_eq "$OUT" "$labu1" "id -u in labu1's session"
expect_status 0 user_nsctl labu1 exec lab-a id -G
expect_eq "$OUT" "$labu1 $LAB_GROUP_GID" "id -G in labu1's session"
expect_status 0 user_nsctl labu1 exec lab-a ip -o link
expect_eq "$(awk -F': ' '{ print $2 }' "$WORK/out" | sed 's/@.*//' | tr '\n' ' ')" "lo p0 " "the interfaces in lab-a"
expect_output_contains "link-netns lab-b"
# A set without a mount namespace is seen as `ip netns exec` shows it.
expect_status 0 user_nsctl labu1 exec lab-a ls /sys/class/net
expect_eq "$(echo $OUT)" "lo p0" "/sys/class/net in lab-a"
expect_status 0 user_nsctl labu1 exec lab-b sh -c 'hostname; ip -o addr show p0'
expect_output_contains bee
expect_output_contains "198.18.73.2/30"
for t in net uts ipc pid mnt; do
        expect_status 0 user_nsctl labu1 exec lab-b readlink /proc/self/ns/$t
        expect_eq "$OUT" "$t:[$(stat -L -c %i /run/nsctl/ns/lab-b/$t)]" "the $t namespace of labu1's session in lab-b"
done
expect_status 0 user_nsctl labu1 exec --type uts lab-b sh -c 'hostname; readlink /proc/self/ns/net'
expect_eq "$OUT" "$(printf 'bee\n%s' "$(readlink /proc/self/ns/net)")" "--type uts: the set's uts, the host's net"

# ---- no privilege, nothing inherited --------------------------------------------------------
expect_status 0 user_nsctl labu1 exec lab-b grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):' /proc/self/status
expect_eq "$(awk '{ print $2 }' "$WORK/out" | tr '\n' ' ')" \
        "0000000000000000 0000000000000000 0000000000000000 0000000000000000 0000000000000000 1 " \
        "capabilities and no_new_privs of the session"
expect_status 0 user_nsctl labu1 exec lab-a sh -c 'ls /proc/$$/fd'
expect_eq "$(echo $OUT)" "0 1 2" "the descriptors of the session's shell"

# ---- exit status, stdio, environment, directory, umask ----------------------------------------
expect_status 3 user_nsctl labu1 exec lab-a sh -c 'exit 3'
expect_status 137 user_nsctl labu1 exec lab-a sh -c 'kill -KILL $$'
expect_error 127 user_nsctl labu1 exec lab-a no-such-command
expect_stderr_contains "no-such-command: No such file or directory"
expect_status 126 user_nsctl labu1 exec lab-a /etc/passwd
run sh -c "printf 'to stdin' | (cd '$WORK/home/labu1' && setpriv --reuid labu1 --regid labu1 --init-groups '$WORK/nsctl' exec lab-a cat)"
expect_eq "$OUT" "to stdin" "stdin passed through"
expect_status 0 user_nsctl labu1 exec lab-a sh -c 'echo to-stderr >&2'
expect_eq "$ERR" "to-stderr" "stderr passed through"
export FOO=from-env
expect_status 0 user_nsctl labu1 exec --env BAR=from-option lab-a sh -c 'echo $FOO $BAR $HOME; pwd'
unset FOO
expect_eq "$OUT" "$(printf 'from-env from-option %s\n%s' "$WORK/home/labu1" "$WORK/home/labu1")" "environment and directory"
expect_status 0 user_nsctl labu1 exec --cwd /tmp lab-b pwd
expect_eq "$OUT" /tmp "--cwd /tmp"
expect_error 1 user_nsctl labu1 exec --cwd /no/such/dir lab-a pwd
expect_stderr_contains "cannot change directory to /no/such/dir"
run sh -c "umask 027 && cd '$WORK/home/labu1' && setpriv --reuid labu1 --regid labu1 --init-groups '$WORK/nsctl' exec lab-a sh -c umask"
expect_eq "$OUT" 0027 "umask of the session"
# A login shell without a terminal reads its commands from stdin.
run sh -c "echo 'echo \$0 \$NSCTL_NAMESPACE; id -un' | (cd '$WORK/home/labu1' && setpriv --reuid labu1 --regid labu1 --init-groups '$WORK/nsctl' shell lab-a)"
expect_eq "$OUT" "$(printf -- '-bash lab-a\nlabu1')" "nsctl shell lab-a, fed by a pipe"

# ---- refused ----------------------------------------------------------------------------------------
snapshot "$WORK/before"
expect_error 6 user_nsctl labu2 exec lab-a id
expect_stderr_contains "namespace set 'lab-a' belongs to labu1 (uid $labu1)"
expect_error 6 user_nsctl labu2 shell lab-a
expect_error 6 user_nsctl labu3 exec lab-a id
expect_stderr_contains "not a member of group nsctl"
expect_error 6 user_nsctl labu1 exec -u root lab-a id
expect_error 2 user_nsctl labu1 exec --type user lab-a id
expect_error 4 user_nsctl labu1 exec no-such-lab id
expect_snapshot "$WORK/before" "after refused sessions"
grep -q "Denied io.nsctl.Session.Start on lab-a to uid $labu2" "$LOG" || fail "the refused session is not in the log"
grep -q "Started a session in lab-a as uid $labu1: id (method=io.nsctl.Session.Start uid=$labu1)" "$LOG" ||
        fail "the session is not in the log"

# ---- signals sent to nsctl reach the command ------------------------------------------------------
for sig in TERM INT HUP QUIT; do
        : >"$WORK/sig.out"
        (cd "$WORK/home/labu1" && exec setpriv --reuid labu1 --regid labu1 --init-groups "$WORK/nsctl" exec lab-b \
                sh -c "trap 'echo got $sig; exit 42' $sig; echo ready; while :; do sleep 0.1; done") >"$WORK/sig.out" 2>&1 &
        client=$!
        wait_until 5 grep -q ready "$WORK/sig.out" || fail "the session did not start: $(cat "$WORK/sig.out")"
        kill -"$sig" "$client"
        rc=0
        wait "$client" || rc=$?
        expect_eq "$rc" 42 "exit status of nsctl exec after SIG$sig"
        grep -q "got $sig" "$WORK/sig.out" || fail "the command did not get SIG$sig: $(cat "$WORK/sig.out")"
done

# SIGTSTP stops the command, and nsctl with it; SIGCONT continues both.
stopped() {
        grep -q '^State:.*T (stopped)' "/proc/$1/status"
}
(cd "$WORK/home/labu1" && exec setpriv --reuid labu1 --regid labu1 --init-groups "$WORK/nsctl" exec lab-b sleep 1000) \
        >/dev/null 2>&1 </dev/null &
client=$!
sleeper=$(wait_for_process sleep)
kill -TSTP "$client"
wait_until 5 eval 'stopped $sleeper && stopped $client' || fail "SIGTSTP did not stop the command and nsctl"
kill -CONT "$client"
wait_until 5 eval '! stopped $sleeper && ! stopped $client' || fail "SIGCONT did not continue the command and nsctl"
kill -TERM "$client"
rc=0
wait "$client" || rc=$?
expect_eq "$rc" 143 "exit status of nsctl exec after SIGTSTP, SIGCONT, SIGTERM"

# ---- the client goes: so does the command; a command inside keeps the set busy ---------------------------------
(cd "$WORK/home/labu1" && exec setpriv --reuid labu1 --regid labu1 --init-groups "$WORK/nsctl" exec lab-b sleep 1000) &
client=$!
sleeper=$(wait_for_process sleep)
expect_eq "$(stat -c %u /proc/$sleeper)" "$labu1" "owner of the session's sleep"
expect_error 7 user_nsctl labu1 delete lab-b
kill -KILL "$client"
wait "$client" || true
wait_until 5 process_gone "$sleeper" || fail "the command (pid $sleeper) outlived its client"

(cd "$WORK/home/labu1" && exec setpriv --reuid labu1 --regid labu1 --init-groups "$WORK/nsctl" exec lab-b sleep 1000) &
client=$!
sleeper=$(wait_for_process sleep)
expect_status 0 user_nsctl labu1 delete --force lab-b
rc=0
wait "$client" || rc=$?
[ "$rc" -ge 128 ] || fail "nsctl exec ended with $rc when its set was deleted (expected a signal's status)"
wait_until 5 process_gone "$sleeper" || fail "the command (pid $sleeper) outlived its set"

expect_status 0 user_nsctl labu1 delete lab-a
expect_no_namespaces "at the end"
# No more than before: the first count can still include the harness's
# start-up check connection, which the daemon closes a moment later.
wait_until 5 eval '[ "$(daemon_fd_count)" -le "$fds_before" ]' ||
        fail "the daemon holds $(daemon_fd_count) descriptors, $fds_before before the sessions: $(ls -l /proc/$DAEMON_PID/fd)"
