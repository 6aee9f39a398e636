# timeout: 300
# Fault injection: strace, attached to the daemon (and its children) for
# one call at a time, makes the Nth call of a syscall fail
# (-e inject=SYSCALL:error=ERRNO:when=N), for every N from 1 to the number
# of such calls the operation makes.  The operations: Namespace.Create of a
# set of every type (unshare, mount in the holder; open_tree, move_mount in
# the daemon) and Topology.Apply of a small topology (unshare, setns,
# open_tree, move_mount, and sendmsg on the netlink sockets: the reply's
# sendmsg on the client's socket is left alone).  After each injected
# fault: the call got a named error (not a hang, not a crash), the daemon
# is alive, and the system is as before (no set, interface, mount, netns,
# journal or record).  Allocation (brk/mmap with ENOMEM) is injected too
# where the operation makes such calls; glibc's malloc mostly serves them
# from memory it already has, so the count is often zero.

command -v strace >/dev/null 2>&1 || skip "strace is not installed (scripts/deps.sh lists it)"

cat >"$WORK/small.json" <<'JSON'
{"name": "fi", "namespaces": [{"name": "fi1", "sysctls": {"net.ipv4.ip_forward": "1"}}, {"name": "fi2"}],
 "bridges": [{"name": "br-fi", "addresses": ["198.18.9.254/24"]}],
 "links": [{"a": {"namespace": "fi1", "ifname": "eth0", "addresses": ["198.18.9.1/24"]}, "b": {"bridge": "br-fi"}},
           {"a": {"namespace": "fi2", "ifname": "eth0", "addresses": ["198.18.9.2/24"]}, "b": {"bridge": "br-fi"}}],
 "routes": [{"namespace": "fi1", "to": "198.19.9.0/24", "via": "198.18.9.2"}]}
JSON
topo_params=$("$PYTHON" -c 'import json,sys; print(json.dumps({"topology": json.load(open(sys.argv[1]))}))' "$WORK/small.json")
create_params='{"name":"fiall","types":["net","uts","ipc","mnt","pid","user","cgroup","time"],"mapRootUser":true}'

snapshot "$WORK/before"

# strace_attach ARGS...: strace the daemon and its children, output in
# $WORK/strace.out; returns once strace has attached.
STRACE=
strace_attach() {
        : >"$WORK/strace.err"
        strace -f -qq -yy -o "$WORK/strace.out" "$@" -p "$DAEMON_PID" 2>"$WORK/strace.err" &
        STRACE=$!
        # Attached once the daemon shows a tracer.
        wait_until 10 eval '[ "$(awk "/^TracerPid:/ { print \$2 }" /proc/$DAEMON_PID/status)" = "$STRACE" ]' ||
                fail "strace did not attach to the daemon: $(cat "$WORK/strace.err")"
}
strace_detach() {
        kill -INT "$STRACE" 2>/dev/null || true
        wait "$STRACE" 2>/dev/null || true
        wait_until 10 eval '[ "$(awk "/^TracerPid:/ { print \$2 }" /proc/$DAEMON_PID/status)" = 0 ]' ||
                fail "strace did not detach from the daemon"
        STRACE=
}

# call OP: the operation, as one raw call (OUT holds the reply).
call() {
        case $1 in
        create) run timeout 20 "$PYTHON" "$VLRAW" --socket "$SOCK" --call io.nsctl.Namespace.Create --params "$create_params" ;;
        apply) run timeout 20 "$PYTHON" "$VLRAW" --socket "$SOCK" --call io.nsctl.Topology.Apply --params "$topo_params" ;;
        esac
}
undo() {
        case $1 in
        create) expect_status 0 nsctl delete fiall ;;
        apply) expect_status 0 nsctl topo destroy fi ;;
        esac
}

# points OP SYSCALLS: the values of N for when=N that make OP fail a call
# of SYSCALLS.  strace counts calls per process and per syscall, so these
# are 1 up to the most calls of one syscall any one process of the daemon
# makes during OP; but for sendmsg, only those on netlink sockets (not the
# reply to the client), and for setns, only those into a set's namespace:
# when the daemon cannot return to its own namespace it stops (abort(),
# by design: see nsstore.c), which is not a fault to roll back from.
points() {
        local op=$1 scs=$2
        strace_attach -e trace="$scs"
        call "$op"
        strace_detach
        [ "$STATUS" = 0 ] || fail "$op without a fault: status $STATUS$(printf '\n%s' "$(show_output)")"
        expect_reply_ok
        undo "$op"
        expect_snapshot_soon "$WORK/before" "after $op and its undoing, without faults"
        "$PYTHON" - "$WORK/strace.out" "$scs" "$(readlink "/proc/$DAEMON_PID/ns/net")" <<'PY'
import re, sys
path, scs, home = sys.argv[1], sys.argv[2].split(","), sys.argv[3]
per = {}
ok = set()
for line in open(path, errors="replace"):
    m = re.match(r"(\d+)\s+(\w+)\((.*)", line)
    if not m or m.group(2) not in scs:
        continue
    key = (m.group(1), m.group(2))
    per[key] = per.get(key, 0) + 1
    first = m.group(3).split(",")[0]
    if m.group(2) == "sendmsg" and "NETLINK" not in first:
        continue
    if m.group(2) == "setns" and home in first:
        continue
    ok.add(per[key])
print(" ".join(str(n) for n in sorted(ok)))
PY
}

injected=0
summary=
# inject OP SYSCALLS ERRNO: for each N of points, fail the Nth call.
inject() {
        local op=$1 scs=$2 errno=$3 n ns k what
        k=0
        ns=$(points "$op" "$scs")
        note "$op, $scs: N in $ns"
        cp "$WORK/strace.out" "$WORK/strace.count"
        for n in $ns; do
                what="$op with call $n of $scs failing ($errno)"
                strace_attach -e trace="$scs" -e inject="$scs:error=$errno:when=$n"
                call "$op"
                strace_detach
                expect_daemon_alive "$what"
                [ "$STATUS" != 124 ] || fail "$what: the call hung"
                [ "$STATUS" = 0 ] || fail "$what: no reply (vlraw status $STATUS)$(printf '\n%s' "$(show_output)")"
                # A fault on a netlink socket's sendmsg that the daemon does
                # not depend on (a lookup it retries) may let it succeed;
                # then it must be complete, and is undone.
                if py_json check "'error' not in r[0]" 2>/dev/null; then
                        if ! grep -q "(INJECTED)" "$WORK/strace.out"; then
                                note "$what: no call was made that far, nothing injected"
                                k=$((k - 1))
                        fi
                        note "$what: succeeded all the same"
                        undo "$op"
                else
                        expect_json "re.match(r'^io\\.nsctl\\.[A-Za-z.]+$', r[0]['error']) is not None"
                fi
                expect_snapshot_soon "$WORK/before" "$what"
                [ -z "$(ls -A /run/nsctl/topo 2>/dev/null)" ] || fail "$what: /run/nsctl/topo is not empty: $(ls -A /run/nsctl/topo)"
                k=$((k + 1))
        done
        injected=$((injected + k))
        summary="$summary $op/$scs:$k"
}

inject create unshare EINVAL
inject create mount EPERM
inject create open_tree ENOMEM
inject create move_mount EPERM
# Under ASan or valgrind the checker's allocator makes the brk/mmap calls
# and stops the daemon when they fail: no allocation faults there.
memtool=$(memory_tool)
if [ "$memtool" = none ]; then
        inject create brk,mmap ENOMEM
else
        note "under $memtool: no brk/mmap injection"
fi
inject apply unshare ENOMEM
inject apply setns EINVAL
inject apply open_tree ENOMEM
inject apply move_mount EPERM
# A failed netlink send: libnl's sequence numbers fall out of step on that
# socket, so the rollback must go on with fresh sockets.
inject apply sendmsg ENOBUFS
[ "$memtool" = none ] && inject apply brk,mmap ENOMEM
note "faults injected:$summary ($injected in all)"
[ "$injected" -ge 20 ] || fail "only $injected faults were injected"
