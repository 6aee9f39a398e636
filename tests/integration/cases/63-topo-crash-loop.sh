# timeout: 300
# Crash consistency of topologies: NSCTL_TOPO_CRASH_ITERATIONS times
# (default 60; an iteration takes 1-3 s with the suite loading both cores),
# apply a topology of 40 sets (a bridge, a link and an address each, a
# route and a sysctl) or, every other time, destroy it, SIGKILL the daemon
# at a random moment within the measured duration of that operation, and start
# it again.  After each restart the topology is either fully there (topo
# show works, every set of its record exists, two sets ping each other, a
# second apply of the same file is "no change") or fully gone (the system
# is as in the snapshot taken before it was first applied), and the runtime
# directory holds no journal.  Enough kills must land in the middle of an
# operation (a journal present right after the kill).

ITERATIONS=${NSCTL_TOPO_CRASH_ITERATIONS:-60}
N=40
seed=${NSCTL_CRASH_SEED:-$((10#$(date +%N) % 32768))}
RANDOM=$seed
note "$ITERATIONS iterations, $N sets, NSCTL_CRASH_SEED=$seed"

"$PYTHON" - "$N" >"$WORK/t.json" <<'PY'
import json, sys
n = int(sys.argv[1])
doc = {"name": "cl", "namespaces": [], "bridges": [{"name": "br-cl", "addresses": ["198.18.0.254/16"]}],
       "links": [], "routes": []}
for i in range(n):
    ns = {"name": "cl%d" % i}
    if i == 0:
        ns["sysctls"] = {"net.ipv4.ip_forward": "1"}
    doc["namespaces"].append(ns)
    doc["links"].append({"a": {"namespace": "cl%d" % i, "ifname": "eth0",
                               "addresses": ["198.18.1.%d/16" % (i + 1)]},
                         "b": {"bridge": "br-cl"}})
doc["routes"].append({"namespace": "cl1", "to": "198.19.0.0/24", "via": "198.18.1.1"})
print(json.dumps(doc))
PY

snapshot "$WORK/before"

# Fully there: the record, every set of it, the route and sysctl, a ping,
# and nothing left to do.
expect_there() {
        local what=$1 s
        expect_status 0 nsctl --json topo show cl
        json_get "'\n'.join(o['key'][3:] for o in j['objects'] if o['key'].startswith('ns|'))" >"$WORK/sets"
        [ "$(grep -c '' "$WORK/sets")" = "$N" ] || fail "$what: the record lists $(grep -c '' "$WORK/sets") sets, not $N"
        ns_names >"$WORK/listed"
        while read -r s; do
                grep -qx "$s" "$WORK/listed" || fail "$what: set $s of the record does not exist"
                [ -e "/run/netns/$s" ] || fail "$what: /run/netns/$s is missing"
        done <"$WORK/sets"
        expect_status 0 ip netns exec cl0 ping -c 1 -W 2 198.18.1.$N
        expect_status 0 ip netns exec cl1 ip route show 198.19.0.0/24
        expect_output_contains "via 198.18.1.1"
        expect_eq "$(ip netns exec cl0 cat /proc/sys/net/ipv4/ip_forward)" 1 "$what: the sysctl of cl0"
        expect_status 0 nsctl topo apply "$WORK/t.json"
        expect_output_contains "no change"
}

expect_gone() {
        expect_status 4 nsctl topo show cl
        expect_snapshot_soon "$WORK/before" "$1"
}

# The durations of an apply and of a destroy, in microseconds.
now_us() {
        local t
        t=$(date +%s%N)
        echo $((t / 1000))
}
t0=$(now_us)
expect_status 0 nsctl topo apply "$WORK/t.json"
t1=$(now_us)
expect_there "after a first apply"
t2=$(now_us)
expect_status 0 nsctl topo destroy cl
t3=$(now_us)
expect_gone "after a first destroy"
apply_us=$((t1 - t0))
destroy_us=$((t3 - t2))
note "an apply takes $((apply_us / 1000)) ms, a destroy $((destroy_us / 1000)) ms"

there=no
midway=0
midway_apply=0
midway_destroy=0
ended_there=0
ended_gone=0
start=$(date +%s)
for i in $(seq "$ITERATIONS"); do
        # Every other iteration a destroy; a topology that an interrupted
        # apply took away is applied again first (without a kill).
        if [ $((i % 2)) = 0 ] && [ "$there" = no ]; then
                expect_status 0 nsctl topo apply "$WORK/t.json"
                there=yes
        fi
        if [ $((i % 2)) = 0 ]; then
                op=destroy
                dur=$destroy_us
        else
                op=apply
                dur=$apply_us
        fi
        # Uniform within the measured duration of the operation.
        delay_us=$(((RANDOM * 32768 + RANDOM) % (dur + 1)))
        delay=$(printf '%d.%06d' $((delay_us / 1000000)) $((delay_us % 1000000)))
        echo "#### iteration $i: topo $op, SIGKILL after $delay s" >>"$LOG"
        if [ "$op" = apply ] && [ "$there" = yes ]; then
                # A destroy killed before it began left it there.
                expect_status 0 nsctl topo destroy cl
                expect_gone "iteration $i: before the apply"
                there=no
        fi
        if [ "$op" = apply ]; then
                timeout 20 "$NSCTL" topo apply "$WORK/t.json" >"$WORK/crash.out" 2>&1 &
        else
                timeout 20 "$NSCTL" topo destroy cl >"$WORK/crash.out" 2>&1 &
        fi
        client=$!
        sleep "$delay"
        kill_daemon KILL
        if [ -e /run/nsctl/topo/cl.journal ]; then
                midway=$((midway + 1))
                [ "$op" = apply ] && midway_apply=$((midway_apply + 1)) || midway_destroy=$((midway_destroy + 1))
        fi
        rc=0
        wait "$client" || rc=$?
        [ "$rc" != 124 ] || fail "iteration $i: topo $op hung after the daemon was killed"
        start_daemon || fail "$(printf 'iteration %s: the daemon did not start again\n%s' "$i" "$(tail -n 40 "$LOG")")"
        [ ! -e /run/nsctl/topo/cl.journal ] || fail "iteration $i: the journal is still there after reconcile"
        what="iteration $i (topo $op killed after $delay s, client status $rc)"
        if [ -e /run/nsctl/topo/cl.json ] || "$NSCTL" topo show cl >/dev/null 2>&1; then
                # An acknowledged destroy must have stuck.
                [ "$op" = destroy ] && [ "$rc" = 0 ] && fail "$what: the destroy succeeded, but the topology is back"
                expect_there "$what"
                there=yes
                ended_there=$((ended_there + 1))
        else
                [ "$op" = apply ] && [ "$rc" = 0 ] && fail "$what: the apply succeeded, but the topology is gone"
                expect_gone "$what"
                there=no
                ended_gone=$((ended_gone + 1))
        fi
done
note "$midway of $ITERATIONS kills landed mid-operation ($midway_apply applies, $midway_destroy destroys); ended fully there $ended_there times, fully gone $ended_gone times, in $(($(date +%s) - start)) s"
# A kill that lands before the request arrives or after the reply finds no
# journal; most should land in the middle.
[ "$midway" -ge $((ITERATIONS / 3)) ] || fail "only $midway of $ITERATIONS kills landed in the middle of an operation"
[ "$midway_apply" -gt 0 ] && [ "$midway_destroy" -gt 0 ] || fail "kills mid-apply: $midway_apply, mid-destroy: $midway_destroy; both must happen"

if [ "$there" = yes ]; then
        expect_status 0 nsctl topo destroy cl
fi
expect_gone "at the end"
