# NAT for a bridge: its own nftables table with a masquerade rule for the
# bridge's subnet, forwarding on; destroy removes exactly that table and
# puts forwarding back.

command -v nft >/dev/null 2>&1 || skip "nft is not installed"
nft list ruleset >/dev/null 2>&1 || skip "nftables is not usable here"
echo 0 >/proc/sys/net/ipv4/ip_forward
snapshot "$WORK/before"
cat >"$WORK/nat.json" <<'JSON'
{
  "name": "natlab",
  "namespaces": [ {"name": "n1"} ],
  "bridges": [ {"name": "brn", "addresses": ["198.18.7.1/24"], "nat": true} ],
  "links": [ {"a": {"namespace": "n1", "ifname": "eth0", "addresses": ["198.18.7.2/24"]}, "b": "brn"} ],
  "routes": [ {"namespace": "n1", "to": "default", "via": "198.18.7.1"} ]
}
JSON
expect_status 0 nsctl topo apply "$WORK/nat.json"
expect_status 0 nft list ruleset
expect_output_contains "ip saddr 198.18.7.0/24 oifname != \"brn\" masquerade"
expect_eq "$(cat /proc/sys/net/ipv4/ip_forward)" 1 "forwarding with NAT"
expect_status 0 ip netns exec n1 ping -c 1 -W 2 198.18.7.1
expect_status 0 ip netns exec n1 ip route show default
expect_output_contains "via 198.18.7.1"
# A second topology with NAT: forwarding stays on until the last NAT goes,
# whichever order they are destroyed in, and then is put back.
sed 's/natlab/natlab2/; s/"n1"/"n2"/g; s/brn/brm/g; s/198.18.7/198.18.17/g' "$WORK/nat.json" >"$WORK/nat2.json"
expect_status 0 nsctl topo apply "$WORK/nat2.json"
expect_status 0 nsctl topo destroy natlab
expect_eq "$(cat /proc/sys/net/ipv4/ip_forward)" 1 "forwarding while the second NAT is in place"
expect_status 0 nft list ruleset
expect_output_contains "198.18.17.0/24"
expect_output_not_contains "198.18.7.0/24"
expect_status 0 nsctl topo destroy natlab2
expect_eq "$(cat /proc/sys/net/ipv4/ip_forward)" 0 "forwarding after destroy"

# The same by hand: bridge add --nat, and bridge del takes the NAT away.
expect_error 2 nsctl bridge add brx --nat
expect_status 0 nsctl bridge add brx --addr 198.18.27.1/24 --nat
expect_status 0 nft list ruleset
expect_output_contains "ip saddr 198.18.27.0/24 oifname != \"brx\" masquerade"
expect_eq "$(cat /proc/sys/net/ipv4/ip_forward)" 1 "forwarding with bridge add --nat"
expect_status 0 nsctl bridge del brx
expect_eq "$(cat /proc/sys/net/ipv4/ip_forward)" 0 "forwarding after bridge del"
expect_snapshot_soon "$WORK/before" "after destroy"
