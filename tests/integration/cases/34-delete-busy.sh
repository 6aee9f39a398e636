# Delete refuses while processes other than the holder are inside: Busy
# (client exit status 7) naming them, and nothing changes; so do Delete
# calls sent together, which share one walk over the tasks.  --force ends them
# (SIGTERM, then SIGKILL after 2 s) and deletes, serving other clients
# while it waits, and finishing even if its own client goes away.

# in_set PID SET TYPE: PID is in SET's namespace of TYPE.
in_set() {
        [ "$(ns_id "/proc/$1/ns/$3" 2>/dev/null)" = "$(ns_id "/run/nsctl/ns/$2/$3")" ]
}

# bpf_used: a walk over the tasks (nsctl ps d1), and the daemon's log says
# it went through the BPF task iterator.
bpf_used() {
        nsctl ps d1 >/dev/null 2>&1
        grep -q 'Finding processes in namespaces with a BPF task iterator' "$LOG"
}

# ---- a net set with a process entered through nsctl exec -------------------------

expect_status 0 nsctl create d1
# Built with the iterator, the daemon loads it at the first walk (seconds
# under valgrind) and uses it; the cases below then run through it.
# (configure's record of a build with it defines HAVE_BPF.)
if grep -q -- '-DHAVE_BPF=1' "$builddir/config.status" 2>/dev/null && [[ " ${NSCTLD_EXTRA_ARGS:-} " != *" --no-bpf "* ]]; then
        wait_until 30 bpf_used || fail "the daemon, built with BPF, does not use the task iterator: $(grep -i bpf "$LOG")"
fi
nsctl exec d1 -- sleep 60 >/dev/null 2>&1 &
client1=$!
sleeper=$(wait_for_process sleep)
wait_until 5 in_set "$sleeper" d1 net || fail "the sleep started with nsctl exec d1 is not in d1's net namespace"
snapshot "$WORK/before"
show_before=$(set_field d1 "json.dumps(s, sort_keys=True)")

expect_error 7 nsctl delete d1
expect_stderr_contains "$sleeper"
vlcall io.nsctl.Namespace.Delete '{"name":"d1"}'
expect_reply_error io.nsctl.Namespace.Busy "p.get('name') == 'd1' and isinstance(p.get('pids'), list) and $sleeper in p['pids']"
# Every PID named is really inside (no holder: d1 has no pid namespace).
for pid in $(json_get "' '.join(str(x) for x in p['pids'])"); do
        in_set "$pid" d1 net || [ ! -e "/proc/$pid" ] || fail "Busy names pid $pid ($(cat /proc/$pid/comm)), which is not in d1"
done
expect_snapshot "$WORK/before" "after a refused delete of d1"
expect_eq "$(set_field d1 "json.dumps(s, sort_keys=True)")" "$show_before" "Show d1 after a refused delete"
process_gone "$sleeper" && fail "the sleep in d1 is gone after a refused delete"
expect_status 0 nsctl exec d1 -- true

# The same for a process that entered with ip netns exec.
ip netns exec d1 sleep 61 >/dev/null 2>&1 &
ipns=$!
wait_until 5 in_set "$ipns" d1 net || fail "ip netns exec d1 sleep 61 is not in d1"
vlcall io.nsctl.Namespace.Delete '{"name":"d1"}'
expect_reply_error io.nsctl.Namespace.Busy "$sleeper in p['pids'] and $ipns in p['pids']"
expect_snapshot "$WORK/before" "after a second refused delete of d1"

# --force: both end, the set goes.
start=$(date +%s%N)
expect_status 0 nsctl delete d1 --force
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
process_gone "$sleeper" || fail "the sleep in d1 still runs after delete --force"
process_gone "$ipns" || fail "the ip netns exec sleep in d1 still runs after delete --force"
[ "$elapsed_ms" -lt 1900 ] || fail "delete --force took ${elapsed_ms} ms although everything inside ends on SIGTERM"
[ ! -e /run/nsctl/ns/d1 ] && [ ! -e /run/netns/d1 ] || fail "delete --force d1 left files behind"
expect_error 4 nsctl show d1
rc=0
wait "$client1" || rc=$?
expect_eq "$rc" 143 "exit status of nsctl exec d1 -- sleep 60 after delete --force (SIGTERM)"
wait "$ipns" || true

# ---- a pid+mnt set; the process ignores SIGTERM ------------------------------------

expect_status 0 nsctl create d2 --type pid,mnt,net
holder=$(holder_of d2)
nsctl exec d2 -- sh -c 'trap "" TERM; exec sleep 62' >/dev/null 2>&1 &
client2=$!
wait_until 5 eval '[ -n "$(pgrep -x -f "sleep 62")" ]' || fail "sleep 62 did not start in d2"
stubborn=$(pgrep -x -f "sleep 62")
in_set "$stubborn" d2 pid || fail "sleep 62 (pid $stubborn) is not in d2's pid namespace"
snapshot "$WORK/before2"

expect_error 7 nsctl delete d2
expect_stderr_contains "$stubborn"
vlcall io.nsctl.Namespace.Delete '{"name":"d2"}'
expect_reply_error io.nsctl.Namespace.Busy "$stubborn in p['pids'] and $holder not in p['pids']"
expect_snapshot "$WORK/before2" "after a refused delete of d2"
expect_eq "$(set_field d2 "s['state']")" ok "state of d2 after a refused delete"
process_gone "$holder" && fail "d2's holder is gone after a refused delete"

# The holder alone does not make a set busy.
vlcall io.nsctl.Namespace.Processes '{"name":"d2"}'
expect_reply_ok "sorted(x['pid'] for x in p['processes'] if x['holder']) == [$holder]"

# The grace period is waited for in the daemon's event loop: other
# clients are answered meanwhile.
start=$(date +%s%N)
nsctl delete d2 --force >"$WORK/force.out" 2>&1 &
forcer=$!
wait_until 5 grep -q "Forced delete of d2: " "$LOG" || fail "the forced delete of d2 did not start waiting"
list_start=$(date +%s%N)
expect_status 0 nsctl list
list_ms=$((($(date +%s%N) - list_start) / 1000000))
[ "$list_ms" -lt 1000 ] || fail "a List during the forced delete's grace period took ${list_ms} ms"
process_gone "$stubborn" && fail "sleep 62 ended before its grace period was over"
rc=0
wait "$forcer" || rc=$?
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
expect_eq "$rc" 0 "exit status of nsctl delete d2 --force ($(cat "$WORK/force.out"))"
process_gone "$stubborn" || fail "sleep 62 (ignoring SIGTERM) still runs after delete --force"
process_gone "$holder" || fail "d2's holder still runs after delete --force"
[ "$elapsed_ms" -ge 1800 ] || fail "delete --force of a set with a process ignoring SIGTERM took only ${elapsed_ms} ms (SIGKILL should come after 2 s)"
[ "$elapsed_ms" -le 6000 ] || fail "delete --force took ${elapsed_ms} ms"
[ ! -e /run/nsctl/ns/d2 ] && [ ! -e /run/netns/d2 ] || fail "delete --force d2 left files behind"
rc=0
wait "$client2" || rc=$?
expect_eq "$rc" 137 "exit status of nsctl exec d2 -- sleep (ignoring SIGTERM) after delete --force"

# ---- the client of a forced delete goes away: the delete goes on -----------------

expect_status 0 nsctl create d4
nsctl exec d4 -- sh -c 'trap "" TERM; exec sleep 63' >/dev/null 2>&1 &
client4=$!
wait_until 5 eval '[ -n "$(pgrep -x -f "sleep 63")" ]' || fail "sleep 63 did not start in d4"
stubborn4=$(pgrep -x -f "sleep 63")
nsctl delete d4 --force >/dev/null 2>&1 &
forcer=$!
wait_until 5 grep -q "Forced delete of d4: " "$LOG" || fail "the forced delete of d4 did not start waiting"
kill -KILL "$forcer"
wait "$forcer" || true
wait_until 6 process_gone "$stubborn4" || fail "sleep 63 still runs after the forced delete's client went away"
wait_until 5 test ! -e /run/nsctl/ns/d4 || fail "d4 is still there after the forced delete's client went away"
expect_error 4 nsctl show d4
wait "$client4" || true

# ---- the daemon stops during a forced delete: the set stays, and is adopted ------

expect_status 0 nsctl create d5
nsctl exec d5 -- sh -c 'trap "" TERM; exec sleep 64' >/dev/null 2>&1 &
client5=$!
wait_until 5 eval '[ -n "$(pgrep -x -f "sleep 64")" ]' || fail "sleep 64 did not start in d5"
stubborn5=$(pgrep -x -f "sleep 64")
nsctl delete d5 --force >"$WORK/force5.out" 2>&1 &
forcer=$!
wait_until 5 grep -q "Forced delete of d5: " "$LOG" || fail "the forced delete of d5 did not start waiting"
restart_daemon
rc=0
wait "$forcer" || rc=$?
[ "$rc" != 0 ] || fail "nsctl delete d5 --force succeeded although the daemon stopped before the delete"
expect_status 0 nsctl show d5
process_gone "$stubborn5" && fail "sleep 64 is gone although the delete of d5 never happened"
expect_status 0 nsctl delete d5 --force
process_gone "$stubborn5" || fail "sleep 64 still runs after the second delete --force of d5"
wait "$client5" || true

# ---- Delete calls sent together: one walk over the tasks, each set its own answer --
# The daemon reads them at once and their busy checks share a walk; the
# first (a net set) walks the net namespaces only, so b3's check (busy in
# its uts namespace only) must walk again for the type it lacks.  The
# Create between ends the sharing, and the Delete after it looks afresh.

expect_status 0 nsctl create b1
expect_status 0 nsctl create b2
expect_status 0 nsctl create b3 --type uts,ipc
expect_status 0 nsctl create b4 --all --map-root-user
expect_status 0 nsctl create b5
ip netns exec b2 sleep 65 >/dev/null 2>&1 &
in_b2=$!
nsenter --uts=/run/nsctl/ns/b3/uts sleep 66 >/dev/null 2>&1 &
in_b3=$!
wait_until 5 in_set "$in_b2" b2 net || fail "ip netns exec b2 sleep 65 is not in b2"
wait_until 5 in_set "$in_b3" b3 uts || fail "nsenter --uts sleep 66 is not in b3's uts namespace"
holder4=$(holder_of b4)
run vlraw \
        -m '{"method":"io.nsctl.Namespace.Delete","parameters":{"name":"b1"}}' \
        -m '{"method":"io.nsctl.Namespace.Delete","parameters":{"name":"b2"}}' \
        -m '{"method":"io.nsctl.Namespace.Delete","parameters":{"name":"b3"}}' \
        -m '{"method":"io.nsctl.Namespace.Delete","parameters":{"name":"b4"}}' \
        -m '{"method":"io.nsctl.Namespace.Delete","parameters":{"name":"b5"}}' \
        -m '{"method":"io.nsctl.Namespace.Create","parameters":{"name":"b1"}}' \
        -m '{"method":"io.nsctl.Namespace.Delete","parameters":{"name":"b1"}}' \
        -m '{"method":"io.nsctl.Namespace.Delete","parameters":{"name":"b2"}}'
expect_eq "$STATUS" 0 "vlraw status (eight calls sent together)"
expect_eq "$(reply_count)" 8 "replies to eight calls sent together"
expect_reply 0 ok
expect_reply 1 io.nsctl.Namespace.Busy "p['name'] == 'b2' and p['pids'] == [$in_b2]"
expect_reply 2 io.nsctl.Namespace.Busy "p['name'] == 'b3' and p['pids'] == [$in_b3]"
expect_reply 3 ok
expect_reply 4 ok
expect_reply 5 ok
expect_reply 6 ok
expect_reply 7 io.nsctl.Namespace.Busy "p['name'] == 'b2' and p['pids'] == [$in_b2]"
ns_names >"$WORK/left"
expect_eq "$(tr '\n' ' ' <"$WORK/left")" "b2 b3 " "the sets left after the calls sent together"
wait_until 5 process_gone "$holder4" || fail "b4's holder still runs after b4 was deleted"
expect_status 0 nsctl exec b2 -- true
expect_eq "$(set_field b3 "s['state']")" ok "state of b3 after a refused delete"
kill "$in_b2" "$in_b3"
wait "$in_b2" "$in_b3" || true
expect_status 0 nsctl delete b2
expect_status 0 nsctl delete b3

# ---- one call at a time: each delete looks afresh ---------------------------------
# A walk shared by calls read together is not kept for later calls: a
# process that entered a set after the last delete's walk is seen.

expect_status 0 nsctl create g1
expect_status 0 nsctl create g2
expect_status 0 nsctl create g3
expect_status 0 nsctl create p1 --type pid
expect_status 0 nsctl delete g1
ip netns exec g2 sleep 67 >/dev/null 2>&1 &
in_g2=$!
wait_until 5 in_set "$in_g2" g2 net || fail "ip netns exec g2 sleep 67 is not in g2"
vlcall io.nsctl.Namespace.Delete '{"name":"g2"}'
expect_reply_error io.nsctl.Namespace.Busy "p['pids'] == [$in_g2]"

# A PID namespace is entered at a fork, with no move of the task that
# forks (a cache of walks kept while no task calls setns or unshare would
# miss it): setns(2) to p1's PID namespace first, then, after a walk by
# the delete of g3, which sees that task outside p1, a fork into it.
cat >"$WORK/forker.py" <<'PY'
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
fd = os.open(sys.argv[1], os.O_RDONLY)
if libc.setns(fd, 0x20000000) != 0:  # CLONE_NEWPID: for the children
    sys.exit("setns: " + os.strerror(ctypes.get_errno()))
print("ready", flush=True)
with open(sys.argv[2]) as go:
    go.readline()
pid = os.fork()
if pid == 0:
    os.execvp("sleep", ["sleep", "68"])
print(pid, flush=True)
os.waitpid(pid, 0)
PY
mkfifo "$WORK/go"
"$PYTHON" "$WORK/forker.py" /run/nsctl/ns/p1/pid "$WORK/go" >"$WORK/forker.out" 2>&1 &
forker=$!
wait_until 5 grep -qx ready "$WORK/forker.out" || fail "forker.py did not enter p1's PID namespace: $(cat "$WORK/forker.out")"
expect_status 0 nsctl delete g3
echo go >"$WORK/go"
wait_until 5 eval '[ -n "$(sed -n 2p "$WORK/forker.out")" ]' || fail "forker.py did not fork: $(cat "$WORK/forker.out")"
in_p1=$(sed -n 2p "$WORK/forker.out")
wait_until 5 in_set "$in_p1" p1 pid || fail "the child of forker.py (pid $in_p1) is not in p1's PID namespace"
vlcall io.nsctl.Namespace.Delete '{"name":"p1"}'
expect_reply_error io.nsctl.Namespace.Busy "p['pids'] == [$in_p1]"
kill "$in_g2" "$in_p1"
wait "$in_g2" "$forker" || true
expect_status 0 nsctl delete g2
expect_status 0 nsctl delete p1

# ---- force on an idle set, and on one that does not exist ------------------------

expect_status 0 nsctl create d3 --type uts
start=$(date +%s%N)
expect_status 0 nsctl delete d3 --force
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
[ "$elapsed_ms" -lt 1000 ] || fail "delete --force of an idle set took ${elapsed_ms} ms"
expect_error 4 nsctl delete d3 --force
vlcall io.nsctl.Namespace.Delete '{"name":"d3","force":true}'
expect_reply_error io.nsctl.Namespace.NotFound "p == {'name': 'd3'}"
vlcall io.nsctl.Namespace.Delete '{"name":"d3","force":"yes"}'
expect_reply_error org.varlink.service.InvalidParameter "p.get('parameter') == 'force'"

expect_no_namespaces "at the end"
