# A delete interrupted by SIGKILL while the set's holder is dying: the
# restarted daemon must not adopt a set whose holder has already been
# killed (it would be listed ok, then turn broken); once the holder is gone
# the daemon, the runtime directory, the mounts and the processes agree.
#
# The holder is held dying deterministically: a process in the set's pid
# namespace whose parent is outside it (nsenter) and stopped stays an
# unreaped zombie after delete --force ends it, and the kernel does not
# let PID 1 of a pid namespace finish exiting (nor its pidfd report it)
# until every task of the namespace has been reaped.  36-crash-loop hits
# the same window now and then by chance.

expect_status 0 nsctl create p1 --type pid,mnt
expect_status 0 nsctl create keep --type pid
holder=$(holder_of p1)
keep_holder=$(holder_of keep)

nsenter --pid=/run/nsctl/ns/p1/pid -- sleep 1000 >/dev/null 2>&1 &
parent=$!
in_p1() {
        local pid
        pid=$(pgrep -x -P "$parent" sleep) || return 1
        [ "$(ns_id "/proc/$pid/ns/pid")" = "$(ns_id /run/nsctl/ns/p1/pid)" ]
}
wait_until 5 in_p1 || fail "nsenter --pid did not start a sleep in p1"
trap 'kill -CONT "$parent" 2>/dev/null || true' EXIT
kill -STOP "$parent"

# PF_EXITING (0x4) in the flags of /proc/PID/stat: the holder got its
# SIGKILL and is exiting.
holder_exiting() {
        local stat flags
        read -r stat <"/proc/$holder/stat" || return 1
        stat=${stat##*) }
        flags=$(echo "$stat" | awk '{ print $7 }')
        [ $((flags & 4)) != 0 ]
}

"$NSCTL" delete p1 --force >"$WORK/delete.out" 2>&1 &
deleter=$!
wait_until 5 holder_exiting || fail "delete --force p1 did not kill p1's holder within 5 s"
kill_daemon KILL
rc=0
wait "$deleter" || rc=$?
expect_eq "$rc" 3 "exit status of nsctl delete --force p1 interrupted by SIGKILL of the daemon"
start_daemon || fail "the daemon did not start again"

# Whatever the new daemon made of p1, it must not present it as a whole
# set: its holder is dying.
vlcall io.nsctl.Namespace.List
expect_reply_ok "not any(s['name'] == 'p1' and s['state'] == 'ok' for s in p['namespaces'])"
expect_reply_ok "any(s['name'] == 'keep' and s['state'] == 'ok' and s['holderPid'] == $keep_holder for s in p['namespaces'])"

# Let the zombie be reaped: the holder finishes exiting.
kill -CONT "$parent"
wait "$parent" || true
wait_until 5 process_gone "$holder" || fail "p1's holder $holder still runs after its namespace was emptied"
expect_agreement "after the interrupted delete, once p1's holder is gone"
vlcall io.nsctl.Namespace.List
expect_reply_ok "[s['name'] for s in p['namespaces']] in (['keep'], ['keep', 'p1'])"

# Everything can be cleaned up.
run nsctl delete p1
[ "$STATUS" = 0 ] || [ "$STATUS" = 4 ] || fail "$(printf 'nsctl delete p1 after the interrupted delete: exit status %s\n%s' "$STATUS" "$(show_output)")"
expect_status 0 nsctl delete keep
expect_no_namespaces "at the end"
