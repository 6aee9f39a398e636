# timeout: 120
# The daemon killed (SIGKILL) in the middle of an apply: the next daemon
# rolls the interrupted apply back, so nothing of it is left.  Killed in
# the middle of a destroy: the next daemon finishes the destroy.

snapshot "$WORK/before"
gen() {
        "$PYTHON" - "$1" "$2" <<'PY'
import json, sys
name, n = sys.argv[1], int(sys.argv[2])
doc = {"name": name, "namespaces": [], "bridges": [{"name": "br-" + name}], "links": []}
for i in range(n):
    doc["namespaces"].append({"name": "%s%d" % (name, i)})
    doc["links"].append({"a": {"namespace": "%s%d" % (name, i), "ifname": "eth0",
                               "addresses": ["198.18.%d.%d/16" % (20 + i // 250, 1 + i % 250)]},
                         "b": {"bridge": "br-" + name}})
print(json.dumps(doc))
PY
}
gen k 400 >"$WORK/k.json"
midway=0
for attempt in 1 2 3 4; do
        "$NSCTL" topo apply "$WORK/k.json" >/dev/null 2>&1 &
        client=$!
        # Kill once the apply is under way (its journal exists).
        wait_until 10 test -e /run/nsctl/topo/k.journal || fail "the apply did not start"
        [ "$attempt" -gt 1 ] && sleep "0.0$attempt"
        kill_daemon
        # A journal left behind: the daemon died in the middle.
        [ -e /run/nsctl/topo/k.journal ] && midway=$((midway + 1))
        wait $client || true
        start_daemon || fail "the daemon did not start again"
        expect_daemon_alive
        expect_status 4 nsctl topo show k
        expect_snapshot_soon "$WORK/before" "after a killed apply (attempt $attempt)"
        [ -e /run/nsctl/topo/k.journal ] && fail "the journal is still there after reconcile"
done
[ "$midway" -gt 0 ] || fail "no kill landed in the middle of an apply"
note "$midway of 4 kills landed in the middle of an apply"

expect_status 0 nsctl topo apply "$WORK/k.json"
"$NSCTL" topo destroy k >/dev/null 2>&1 &
client=$!
wait_until 10 test -e /run/nsctl/topo/k.journal || fail "the destroy did not start"
kill_daemon
wait $client || true
start_daemon || fail "the daemon did not start again"
expect_status 4 nsctl topo show k
expect_snapshot_soon "$WORK/before" "after a killed destroy"

# Killed between creating the journal and writing its first line: the
# journal is empty, nothing was done, and the next daemon just removes it
# (the topology stays as it was).
expect_status 0 nsctl topo apply "$WORK/k.json"
kill_daemon
: >/run/nsctl/topo/k.journal
start_daemon || fail "the daemon did not start again"
[ -e /run/nsctl/topo/k.journal ] && fail "an empty journal is still there after reconcile"
expect_status 0 nsctl topo apply "$WORK/k.json"
expect_output_contains "no change"
expect_status 0 nsctl topo destroy k
expect_snapshot_soon "$WORK/before" "after the last destroy"
