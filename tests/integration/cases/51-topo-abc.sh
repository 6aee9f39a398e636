# The A-B-C lab: A reaches B, B reaches C, and A cannot reach C because B
# does not forward.  Then a router lab: with net.ipv4.ip_forward=1 in the
# router and routes both ways, A reaches C through it.

snapshot "$WORK/before"
sandbox_forwarding=$(cat /proc/sys/net/ipv4/ip_forward)
cat >"$WORK/abc.json" <<'JSON'
{
  "name": "abc",
  "namespaces": [ {"name": "a"}, {"name": "b"}, {"name": "c"} ],
  "links": [
    {"a": {"namespace": "a", "ifname": "eth0", "addresses": ["198.18.10.1/24"]},
     "b": {"namespace": "b", "ifname": "eth0", "addresses": ["198.18.10.2/24"]}},
    {"a": {"namespace": "b", "ifname": "eth1", "addresses": ["198.18.11.1/24"]},
     "b": {"namespace": "c", "ifname": "eth0", "addresses": ["198.18.11.2/24"]}}
  ],
  "routes": [
    {"namespace": "a", "to": "198.18.11.0/24", "via": "198.18.10.2"},
    {"namespace": "c", "to": "198.18.10.0/24", "via": "198.18.11.1"}
  ]
}
JSON
expect_status 0 nsctl topo apply "$WORK/abc.json"
expect_status 0 ip netns exec a ping -c 1 -W 2 198.18.10.2
expect_status 0 ip netns exec b ping -c 1 -W 2 198.18.11.2
expect_status 1 ip netns exec a ping -c 1 -W 1 198.18.11.2
expect_status 0 ip netns exec b cat /proc/sys/net/ipv4/ip_forward
expect_eq "$OUT" 0 "forwarding in b"

# Changing the file: b becomes a router.  Only the difference is made: the
# sets and links stay (same inodes).
id_a=$(ns_id /run/netns/a)
sed 's/{"name": "b"}/{"name": "b", "sysctls": {"net.ipv4.ip_forward": "1"}}/' "$WORK/abc.json" >"$WORK/router.json"
expect_status 0 nsctl --json topo apply "$WORK/router.json"
expect_json "j['changed'] is True and j['changes']['created'] == 1 and j['changes']['removed'] == 0"
expect_eq "$(ns_id /run/netns/a)" "$id_a" "set a kept across the change"
expect_status 0 ip netns exec b cat /proc/sys/net/ipv4/ip_forward
expect_eq "$OUT" 1 "forwarding in b after the change"
expect_status 0 ip netns exec a ping -c 1 -W 2 198.18.11.2
# Only in b: the sandbox's own forwarding is untouched.
expect_eq "$(cat /proc/sys/net/ipv4/ip_forward)" "$sandbox_forwarding" "forwarding outside b"

# And back: the sysctl is put back as it was.
expect_status 0 nsctl --json topo apply "$WORK/abc.json"
expect_json "j['changes']['removed'] == 1 and j['changes']['created'] == 0"
expect_status 0 ip netns exec b cat /proc/sys/net/ipv4/ip_forward
expect_eq "$OUT" 0 "forwarding in b after going back"
expect_status 1 ip netns exec a ping -c 1 -W 1 198.18.11.2

# Processes inside the topology's sets end with it (found for all sets in
# one pass over /proc): one goes on SIGTERM, one ignores it and gets SIGKILL
# after the grace period; a process outside the sets is left alone.
ip netns exec a sleep 1000 &
in_a=$!
ip netns exec c sh -c 'trap "" TERM; while :; do sleep 0.2; done' &
in_c=$!
sleep 1000 &
outside=$!
started() { [ -n "$(ip netns pids a)" ] && [ -n "$(ip netns pids c)" ]; }
wait_until 5 started || fail "the processes did not start in a and c"
expect_status 0 nsctl topo destroy abc
# A child of this shell that has exited is a zombie until waited for.
exited() { [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null || echo Z)" = Z ]; }
wait_until 5 exited "$in_a" || fail "the process in a is still running after the destroy"
wait_until 5 exited "$in_c" || fail "the process in c is still running after the destroy"
status=0
wait "$in_a" || status=$?
expect_eq "$status" 143 "exit status of the process in a (SIGTERM)"
status=0
wait "$in_c" || status=$?
expect_eq "$status" 137 "exit status of the process in c that ignores SIGTERM (SIGKILL)"
kill -0 "$outside" || fail "the process outside the topology was signalled"
kill "$outside"
wait "$outside" || true
expect_snapshot_soon "$WORK/before" "after destroy"
