# A created set's net namespace is usable with `ip netns`.

expect_status 0 nsctl create lab1
expect_status 0 ip netns list
expect_output_contains lab1
expect_eq "$(ip netns list | awk '{print $1}')" lab1 "ip netns list"

expect_status 0 ip netns exec lab1 ip -o link
expect_eq "$(grep -c '' "$WORK/out")" 1 "number of interfaces in lab1 (ip netns exec lab1 ip -o link)"
expect_output_contains ": lo:"

# It is the same namespace the daemon reports.
inode=$(stat -L -c %i /run/netns/lab1)
expect_status 0 ip netns exec lab1 stat -L -c %i /proc/self/ns/net
expect_eq "$OUT" "$inode" "inode of the namespace ip netns exec entered"
expect_status 0 nsctl show lab1 --json
expect_json "(j.get('namespace', j))['namespaces'][0]['inode'] == $inode"

# Something made inside it is seen through the other path and vanishes
# with it.
expect_status 0 ip netns exec lab1 ip link add v0 type veth peer name v1
expect_status 0 ip netns exec lab1 ip -o link
expect_output_contains "v0@v1"
expect_eq "$(links | grep -c -e v0 -e v1 || true)" 0 "v0 or v1 in the sandbox's own namespace"

expect_status 0 nsctl delete lab1
expect_eq "$(netns_list)" "" "ip netns list after delete"
run ip netns exec lab1 true
[ "$STATUS" != 0 ] || fail "ip netns exec lab1 still works after delete"
