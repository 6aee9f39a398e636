# Two namespace sets on a bridge: apply builds it and they ping each other;
# applying the same file again changes nothing and says so; destroy leaves
# ip link, ip netns list, the mount table and the nftables ruleset as they
# were before apply.

snapshot "$WORK/before"
cat >"$WORK/lab.json" <<'JSON'
{
  "name": "lab",
  "namespaces": [ {"name": "h1"}, {"name": "h2", "types": ["net", "uts"], "hostname": "h2"} ],
  "bridges": [ {"name": "br0"} ],
  "links": [
    {"a": {"namespace": "h1", "ifname": "eth0", "addresses": ["198.18.1.1/24"]}, "b": {"bridge": "br0"}},
    {"a": {"namespace": "h2", "ifname": "eth0", "addresses": ["198.18.1.2/24"]}, "b": {"bridge": "br0"}}
  ]
}
JSON
expect_status 0 nsctl topo apply "$WORK/lab.json"
expect_output_contains "created"
expect_status 0 ip netns exec h1 ping -c 1 -W 2 198.18.1.2
expect_status 0 nsctl exec h2 -- ping -c 1 -W 2 198.18.1.1
# The bridge ports are in the host, enslaved and up.
expect_status 0 ip -o link show master br0
expect_eq "$(echo "$OUT" | grep -c 'state UP')" 2 "bridge ports up"
expect_status 0 nsctl exec h1 -- ip -o link show lo
expect_output_contains "UP"

# Again: no change, and nothing is touched (same namespace inodes).
id_before=$(ns_id /run/netns/h1)
expect_status 0 nsctl topo apply "$WORK/lab.json"
expect_output_contains "no change"
expect_eq "$(ns_id /run/netns/h1)" "$id_before" "h1 kept across a no-change apply"
expect_status 0 nsctl --json topo apply "$WORK/lab.json"
expect_json "j['changed'] is False and j['changes']['created'] == 0"

expect_status 0 nsctl topo list
expect_output_contains "lab"
expect_status 0 nsctl --json topo show lab
expect_json "j['name'] == 'lab' and any(o['key'].startswith('link|') for o in j['objects'])"
expect_status 0 nsctl topo show lab
expect_output_contains "Owner: root"
expect_status 0 nsctl topo graph lab
expect_output_contains 'graph "lab"'
expect_output_contains '"ns:h1" -- "br:/br0"'

expect_status 0 nsctl topo destroy lab
expect_output_contains "destroyed"
expect_snapshot_soon "$WORK/before" "after destroy"
expect_error 4 nsctl topo destroy lab
expect_error 4 nsctl topo show lab
