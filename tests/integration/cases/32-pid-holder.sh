# A set with a pid namespace has a holder, nsctl-init, that is PID 1 inside;
# with a mount namespace too, the set has its own /proc, so ps inside shows
# only the set's processes.  `nsctl ps` and Processes list the holder.

expect_status 0 nsctl create p1 --type pid,mnt
holder=$(holder_of p1)
[ -n "$holder" ] || fail "p1 has no holderPid"
expect_eq "$(cat /proc/$holder/comm)" nsctl-init "comm of p1's holder (pid $holder)"
expect_eq "$(ns_id /proc/$holder/ns/pid)" "$(ns_id /run/nsctl/ns/p1/pid)" "pid namespace of p1's holder"
expect_eq "$(ns_id /proc/$holder/ns/mnt)" "$(ns_id /run/nsctl/ns/p1/mnt)" "mount namespace of p1's holder"
# PID 1 inside: NSpid ends with 1.
expect_eq "$(awk '/^NSpid:/ { print $NF }' /proc/$holder/status)" 1 "p1's holder's PID inside (NSpid in /proc/$holder/status)"

# ps inside: the holder is PID 1, and it is the set's /proc (a handful of
# processes, none of the sandbox's).
expect_status 0 nsctl exec p1 -- ps -e -o pid=,comm=
procs=$OUT
expect_eq "$(echo "$procs" | awk '$1 == 1 { print $2 }')" nsctl-init "PID 1 in \`ps -e\` inside p1"
n=$(echo "$procs" | grep -c '')
[ "$n" -le 3 ] || fail "$(printf '`ps -e` inside p1 shows %s processes, expected the holder, ps and at most its parent:\n%s' "$n" "$procs")"
echo "$procs" | grep -q -w nsctld && fail "ps inside p1 shows the daemon: $procs"
expect_status 0 nsctl exec p1 -- sh -c 'ls -d /proc/[0-9]* | wc -l; echo $$'
[ "$(sed -n 1p "$WORK/out")" -le 4 ] || fail "/proc inside p1 has $(sed -n 1p "$WORK/out") processes"
[ "$(sed -n 2p "$WORK/out")" -gt 1 ] || fail "a process started in p1 is PID $(sed -n 2p "$WORK/out") inside"

# The /proc inside p1 is a proc mount of p1's pid namespace, and it is not
# seen outside.
expect_status 0 nsctl exec p1 -- readlink /proc/1/ns/pid
expect_eq "$OUT" "pid:[$(stat -L -c %i /run/nsctl/ns/p1/pid)]" "/proc/1/ns/pid inside p1"
expect_eq "$(readlink /proc/1/ns/pid)" "$(readlink /proc/self/ns/pid)" "the sandbox's own /proc after creating p1"

# nsctl ps and Processes list the holder, marked as such.
expect_status 0 nsctl ps p1 --json
expect_json "(lambda ps: len(ps) == 1 and ps[0]['pid'] == $holder and ps[0]['holder'] is True and ps[0]['uid'] == 0)(j if isinstance(j, list) else j['processes'])"
expect_status 0 nsctl ps p1
expect_output_contains "$holder"
vlcall io.nsctl.Namespace.Processes '{"name":"p1"}'
expect_reply_ok "[(x['pid'], x['holder']) for x in p['processes']] == [($holder, True)]"

# A process started inside is listed too, not as the holder, and its
# parent inside is the holder once its own parent is gone.
nsctl exec p1 -- sh -c 'sleep 60 & echo $! >/dev/null; exit 0' >/dev/null 2>&1
sleeper=$(wait_for_process sleep)
expect_eq "$(ns_id /proc/$sleeper/ns/pid)" "$(ns_id /run/nsctl/ns/p1/pid)" "pid namespace of the orphaned sleep"
expect_eq "$(awk '/^PPid:/ { print $2 }' /proc/$sleeper/status)" "$holder" "parent of the orphaned sleep in p1 (the holder reaps orphans)"
vlcall io.nsctl.Namespace.Processes '{"name":"p1"}'
expect_reply_ok "sorted((x['pid'], x['holder']) for x in p['processes']) == sorted([($holder, True), ($sleeper, False)])"
kill "$sleeper"
wait_until 5 process_gone "$sleeper" || fail "the sleep in p1 did not end on SIGTERM"
# The holder reaped it: no zombie stays.
wait_until 5 test ! -e "/proc/$sleeper" || fail "the orphaned sleep in p1 stays a zombie: the holder does not reap"

# A pid namespace alone: the holder is there too, PID 1 inside.
expect_status 0 nsctl create p2 --type pid
holder2=$(holder_of p2)
[ -n "$holder2" ] && [ "$holder2" != "$holder" ] || fail "p2's holderPid is '$holder2' (p1's is $holder)"
expect_eq "$(cat /proc/$holder2/comm)" nsctl-init "comm of p2's holder"
expect_status 0 nsctl exec p2 -- sh -c 'echo $$'
[ "$OUT" -gt 1 ] || fail "a process started in p2 is PID $OUT inside"
# Without a mount namespace of its own, the holder shares the sandbox's
# mount namespace: it must not have mounted anything there.
expect_eq "$(ns_id /proc/$holder2/ns/mnt)" "$(ns_id /proc/self/ns/mnt)" "mount namespace of p2's holder"

# Sets without pid have no holder.
expect_status 0 nsctl create n1 --type net,uts,ipc,mnt
expect_status 0 nsctl show n1 --json
expect_json "'holderPid' not in j.get('namespace', j)"
expect_status 0 nsctl ps n1 --json
expect_json "(j if isinstance(j, list) else j['processes']) == []"

expect_agreement "p1, p2 and n1"

# The holders go with their sets.
expect_status 0 nsctl delete p1
wait_until 5 process_gone "$holder" || fail "p1's holder $holder still runs after delete"
expect_status 0 nsctl delete p2
wait_until 5 process_gone "$holder2" || fail "p2's holder $holder2 still runs after delete"
expect_status 0 nsctl delete n1
expect_no_namespaces "at the end"
