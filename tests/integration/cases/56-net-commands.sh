# The imperative commands: bridge, link, addr, route and link shape, as a
# user of `ip` would make the same lab by hand; each bad argument is a
# named error that changes nothing.

expect_status 0 nsctl create x1
expect_status 0 nsctl create x2 --type net,uts
snapshot "$WORK/before"

expect_status 0 nsctl bridge add brq --addr 198.18.8.254/24 --mtu 1400
expect_status 0 ip -o link show brq
expect_output_contains "mtu 1400"
expect_status 0 nsctl link add x1 brq --addr-a 198.18.8.1/24
expect_eq "$OUT" "eth0 x1-eth0" "default interface names"
expect_status 0 nsctl link add x2:uplink brq --addr-a 198.18.8.2/24
expect_eq "$OUT" "uplink x2-uplink" "given interface name"
expect_status 0 ip netns exec x1 ping -c 1 -W 2 198.18.8.2
expect_status 0 ping -c 1 -W 2 198.18.8.1

# A veth between two sets, addresses and routes added afterwards.
expect_status 0 nsctl link add x1:p2p x2:p2p
expect_status 0 nsctl addr add x1 p2p 198.18.9.1/30
expect_status 0 nsctl addr add x2 p2p 198.18.9.2/30
expect_status 0 nsctl addr add x2 lo 198.18.9.129/32
expect_status 0 nsctl route add x1 198.18.9.128/25 via 198.18.9.2
expect_status 0 ip netns exec x1 ping -c 1 -W 2 198.18.9.129
expect_status 0 nsctl route del x1 198.18.9.128/25 via 198.18.9.2
expect_status 2 ip netns exec x1 ping -c 1 -W 1 198.18.9.129
expect_status 0 nsctl route add x2 default via 198.18.8.254
expect_status 0 ip netns exec x2 ip route show default
expect_output_contains "via 198.18.8.254"

# IPv6 too, from the benchmarking prefix 2001:2::/48 (RFC 5180), the
# counterpart of 198.18.0.0/15.
expect_status 0 nsctl addr add x1 p2p 2001:2::1/64
expect_status 0 nsctl addr add x2 p2p 2001:2::2/64
expect_status 0 nsctl route add x1 2001:2:0:1::/64 via 2001:2::2
expect_status 0 ip netns exec x1 ip -6 route show 2001:2:0:1::/64
expect_output_contains "via 2001:2::2 dev p2p"
expect_status 0 nsctl route add x2 default via 2001:2::1
expect_status 0 ip netns exec x2 ip -6 route show default
expect_output_contains "via 2001:2::1"
expect_status 0 nsctl route del x1 2001:2:0:1::/64 via 2001:2::2
expect_status 0 nsctl addr del x2 p2p 2001:2::2/64
expect_status 0 ip netns exec x2 ip -6 -o addr show dev p2p scope global
[ -z "$OUT" ] || fail "2001:2::2 still on x2's p2p: $OUT"

# Shaping: a rate (tbf), and netem where the kernel has it.
expect_status 0 nsctl link shape x1:p2p --rate 20mbit
expect_status 0 ip netns exec x1 tc qdisc show dev p2p
expect_output_contains "tbf"
expect_output_contains "rate 20Mbit"
if ip netns exec x1 tc qdisc replace dev p2p root netem delay 1ms 2>/dev/null; then
        expect_status 0 nsctl link shape x1:p2p --delay 30ms --loss 0.1%
        expect_status 0 ip netns exec x1 tc qdisc show dev p2p
        expect_output_contains "delay 30ms"
else
        expect_error 1 nsctl link shape x1:p2p --delay 30ms
fi
expect_status 0 nsctl link shape x1:p2p --clear
expect_status 0 ip netns exec x1 tc qdisc show dev p2p
expect_output_not_contains "netem"
expect_output_not_contains "tbf"

# Errors: named, and nothing changed.
snapshot "$WORK/mid"
expect_error 4 nsctl link add nosuch brq
expect_error 2 nsctl link add x1:waytoolonginterface brq
expect_error 2 nsctl addr add x1 eth0 198.18.0.1/33
expect_error 2 nsctl route add x1 default
expect_error 4 nsctl addr add x1 nosuchif 198.18.10.1/24
expect_error 2 nsctl link shape x1:p2p --jitter 5ms
expect_error 2 nsctl link shape x1:p2p --rate fast
expect_error 2 nsctl bridge add ../x
expect_error 1 nsctl link add x1:eth0 brq
# A refused add never removes what was there before it.
expect_error 1 nsctl bridge add brq --addr 198.18.8.253/24
expect_error 1 nsctl link add x1:eth0 x2:new --addr-a 198.18.12.1/24
expect_error 4 nsctl addr del x1 p2p 198.18.99.1/24
expect_error 4 nsctl route del x1 198.18.99.0/24 via 198.18.9.2
expect_error 2 nsctl bridge del lo
expect_error 2 nsctl link del host:brq
expect_snapshot "$WORK/mid" "after refused commands"
expect_status 0 ip netns exec x1 ping -c 1 -W 2 198.18.8.2
# Two host ends without names get two names.
expect_status 0 nsctl link add host host
set -- $OUT
[ "$1" != "$2" ] || fail "both host ends are named $1"
expect_status 0 nsctl link del "host:$1"

expect_status 0 nsctl link del x1:p2p
expect_status 0 nsctl link del x1:eth0
expect_status 0 nsctl link del x2:uplink
expect_status 0 nsctl bridge del brq
expect_error 4 nsctl bridge del brq
expect_snapshot_soon "$WORK/before" "after deleting everything"
expect_status 0 nsctl delete x1
expect_status 0 nsctl delete x2
