# Shaping: a 50 ms netem delay on one end shows in ping times; changing
# it to a rate only replaces the qdisc; the host-to-namespace veth works.
# Kernels built without netem (CONFIG_NET_SCH_NETEM) refuse the delay: then
# that refusal must be a clean, named failure, and the rate part still runs.

snapshot "$WORK/before"
netem=yes
ip link add nsctl-probe type dummy && tc qdisc add dev nsctl-probe root netem delay 1ms 2>/dev/null || netem=no
ip link del nsctl-probe 2>/dev/null || true
snapshot "$WORK/before"
cat >"$WORK/shaped.json" <<'JSON'
{
  "name": "shaped",
  "namespaces": [ {"name": "s1"} ],
  "links": [
    {"a": {"namespace": "s1", "ifname": "eth0", "addresses": ["198.18.2.2/30"], "shaping": {"delay": "50ms"}},
     "b": {"host": true, "ifname": "veth-s1", "addresses": ["198.18.2.1/30"]}}
  ]
}
JSON
if [ $netem = yes ]; then
        expect_status 0 nsctl topo apply "$WORK/shaped.json"
        expect_status 0 ping -c 3 -i 0.2 -W 2 198.18.2.2
        rtt=$(echo "$OUT" | sed -n 's|.*= [0-9.]*/\([0-9.]*\)/.*|\1|p')
        [ -n "$rtt" ] || fail "no rtt in: $OUT"
        awk -v r="$rtt" 'BEGIN { exit !(r >= 50 && r < 500) }' || fail "average rtt $rtt ms, expected >= 50 ms"
        expect_status 0 ip netns exec s1 tc qdisc show dev eth0
        expect_output_contains "netem"
else
        note "this kernel has no netem: checking that the delay is refused cleanly"
        expect_error 1 nsctl topo apply "$WORK/shaped.json"
        expect_stderr_contains "links[0].a.shaping"
        expect_snapshot_soon "$WORK/before" "after a refused netem delay"
fi

sed 's/"delay": "50ms"/"rate": "10mbit"/' "$WORK/shaped.json" >"$WORK/rate.json"
expect_status 0 nsctl topo apply "$WORK/rate.json"
expect_status 0 ip netns exec s1 tc qdisc show dev eth0
expect_output_contains "tbf"
expect_output_not_contains "netem"
expect_status 0 ping -c 3 -i 0.2 -W 2 198.18.2.2
rtt=$(echo "$OUT" | sed -n 's|.*= [0-9.]*/\([0-9.]*\)/.*|\1|p')
awk -v r="$rtt" 'BEGIN { exit !(r < 40) }' || fail "average rtt $rtt ms after the delay went"

expect_status 0 nsctl topo destroy shaped
expect_snapshot_soon "$WORK/before" "after destroy"
