# A lab across two hosts over VXLAN (#10).  Two machines are simulated in
# the sandbox: network namespaces underlay-a and underlay-b joined by a veth
# (198.18.100.1/24 and 198.18.100.2/24), each with an nsctld of its own
# running there in a mount namespace of its own (its own /run: runtime
# directory, socket, /run/netns and state).  The same file,
# examples/two-hosts.json, applied on both (--host on A; found from its
# underlay address on B) gives a set on A that pings a set on B through
# VXLAN with a 1400-byte payload, and a set on A that reaches a set on B's
# bridge; destroying both leaves neither host with any interface but its
# underlay and lo.  The sandbox's own daemon (no underlay address) refuses
# to guess which host it is.
# timeout: 180

LAB=$SRCDIR/examples/two-hosts.json

# host_pid X: the pid of host X's nsctld.
host_pid() {
        cat "$WORK/host-$1.pid"
}

# on X CMD...: run CMD on host X (in its nsctld's mount and network
# namespaces, so the client finds its socket and sets at the usual paths).
on() {
        local x=$1
        shift
        nsenter -t "$(host_pid "$x")" -m -n -- "$@"
}

# host_start X: start host X's nsctld and wait until its socket accepts.
host_start() {
        local x=$1 i pid
        rm -f "$WORK/host-$x.pid" "$WORK/host-$x.rc"
        (
                set +e
                nsenter --net="/run/netns/underlay-$x" unshare --mount --propagation private \
                        sh -c 'mount -t tmpfs -o mode=0755 tmpfs /run && mkdir -p /run/lock &&
                               exec "$0" --runtime-dir /run/nsctl --netns-dir /run/netns --state-dir /run/state \
                                    --log-level debug' "$NSCTLD" >>"$WORK/nsctld-$x.log" 2>&1 </dev/null &
                echo $! >"$WORK/host-$x.pid.tmp"
                mv "$WORK/host-$x.pid.tmp" "$WORK/host-$x.pid"
                wait $!
                echo $? >"$WORK/host-$x.rc.tmp"
                mv "$WORK/host-$x.rc.tmp" "$WORK/host-$x.rc"
        ) >/dev/null 2>&1 </dev/null &
        for i in $(seq 500); do
                [ -s "$WORK/host-$x.pid" ] && break
                sleep 0.01
        done
        pid=$(host_pid "$x")
        for i in $(seq 1500); do
                [ -e "$WORK/host-$x.rc" ] && fail "host $x: nsctld exited at start: $(cat "$WORK/nsctld-$x.log")"
                [ -S "/proc/$pid/root/run/nsctl/io.nsctl" ] && on "$x" "$NSCTL" status >/dev/null 2>&1 && return 0
                sleep 0.01
        done
        fail "host $x: nsctld does not answer within 15 s: $(cat "$WORK/nsctld-$x.log")"
}

# host_stop X: SIGTERM; it must exit 0.
host_stop() {
        local x=$1 i
        [ -s "$WORK/host-$x.pid" ] || return 0
        [ -e "$WORK/host-$x.rc" ] || kill -TERM "$(host_pid "$x")" 2>/dev/null || true
        for i in $(seq 1000); do
                [ -e "$WORK/host-$x.rc" ] && break
                sleep 0.01
        done
        [ -e "$WORK/host-$x.rc" ] || {
                kill -KILL "$(host_pid "$x")" 2>/dev/null || true
                fail "host $x: nsctld did not exit within 10 s of SIGTERM"
        }
        rm -f "$WORK/host-$x.pid"
        [ "$(cat "$WORK/host-$x.rc")" = 0 ] || fail "host $x: nsctld exited with status $(cat "$WORK/host-$x.rc") on SIGTERM"
        if grep -q -E 'ERROR: (Address|Leak|Memory|Thread|UndefinedBehavior)Sanitizer|runtime error:' "$WORK/nsctld-$x.log"; then
                fail "host $x: sanitizer reports in its log: $(cat "$WORK/nsctld-$x.log")"
        fi
}

# Whatever happens, the extra daemons and the underlay go.
cleanup() {
        local x
        for x in a b; do
                if [ -s "$WORK/host-$x.pid" ] && [ ! -e "$WORK/host-$x.rc" ]; then
                        kill -KILL "$(host_pid "$x")" 2>/dev/null || true
                        for _ in $(seq 500); do
                                [ -e "$WORK/host-$x.rc" ] && break
                                sleep 0.01
                        done
                fi
                ip netns del "underlay-$x" 2>/dev/null || true
        done
}
trap cleanup EXIT

# host_state X: what must be as before once the lab is destroyed: the
# host's interfaces, its sets (ip netns list) and mounts.
host_state() {
        echo "## links"
        ip -n "underlay-$1" -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'
        echo "## netns"
        on "$1" ip netns list
        echo "## mounts"
        on "$1" cut -d' ' -f3- /proc/self/mountinfo
}

# ---- two hosts and their underlay ----------------------------------------

for x in a b; do
        ip netns add "underlay-$x"
        ip -n "underlay-$x" link set lo up
done
ip link add ul-a netns underlay-a type veth peer name ul-b netns underlay-b
ip -n underlay-a address add 198.18.100.1/24 dev ul-a
ip -n underlay-b address add 198.18.100.2/24 dev ul-b
ip -n underlay-a link set ul-a up
ip -n underlay-b link set ul-b up
expect_status 0 ip netns exec underlay-a ping -c 1 -W 2 198.18.100.2

host_start a
host_start b
host_state a >"$WORK/a.before"
host_state b >"$WORK/b.before"
expect_eq "$(sed -n '/## links/,/## netns/p' "$WORK/a.before" | tr '\n' ' ')" "## links lo ul-a ## netns " "host a's interfaces"

# ---- which host: given, found, or refused ---------------------------------

# The sandbox's own daemon is neither host: it asks to be told.
expect_error 2 nsctl topo apply "$LAB"
expect_stderr_contains "no host's underlay address is an address of this one"
expect_stderr_contains "--host"
# Told, it is believed, with a warning in its log.
expect_status 0 nsctl topo apply "$LAB" --host lab-a
expect_output_contains "topology two-hosts on host lab-a: 6 created"
grep -q "underlay address 198.18.100.1 of host lab-a is not an address of this machine" "$LOG" ||
        fail "no warning in the log for a host whose underlay is not here"
expect_status 0 nsctl topo destroy two-hosts
expect_error 2 nsctl topo apply "$LAB" --host lab-c
expect_stderr_contains "no host \"lab-c\" in the hosts of topology two-hosts (lab-a, lab-b)"
expect_error 2 nsctl topo apply "$SRCDIR/examples/bridge-two.json" --host lab-a
expect_stderr_contains "has no hosts list"
expect_status 0 nsctl topo list
expect_output_not_contains "two-hosts"
vlcall io.nsctl.Topology.Apply '{"topology": {"name": "t", "hosts": [{"name": "h", "underlay": "198.18.100.9"}]}, "host": 7}'
expect_reply_error org.varlink.service.InvalidParameter "p['parameter'] == 'host'"

# A with --host, B by its underlay address; the file comes on stdin.
expect_status 0 on a "$NSCTL" topo apply --host lab-a - <"$LAB"
expect_output_contains "topology two-hosts on host lab-a:"
expect_status 0 on b "$NSCTL" topo apply - <"$LAB"
expect_output_contains "topology two-hosts on host lab-b:"
expect_status 0 on a "$NSCTL" topo apply - --host lab-a <"$LAB"
expect_output_contains "no change"
expect_status 0 on b "$NSCTL" --json topo apply - <"$LAB"
expect_json "j['changed'] is False and j['host'] == 'lab-b'"

# Each host made its own share only.
expect_status 0 on a ip netns list
expect_eq "$(echo "$OUT" | sed 's/ (id: [0-9]*)$//' | sort | tr '\n' ' ')" "a1 a2 " "sets on host a"
expect_status 0 on b ip netns list
expect_eq "$(echo "$OUT" | sed 's/ (id: [0-9]*)$//' | sort | tr '\n' ' ')" "b1 b2 " "sets on host b"

# ---- the VXLAN ends -------------------------------------------------------

expect_status 0 on a "$NSCTL" --json topo show two-hosts
expect_json "j['host'] == 'lab-a' and [h['name'] for h in j['hosts']] == ['lab-a', 'lab-b']"
expect_json "j['hosts'][0]['local'] is True and j['hosts'][1]['local'] is False"
expect_json "j['hosts'][1]['underlay'] == '198.18.100.2' and j['hosts'][1]['namespaces'] == ['b1', 'b2'] and j['hosts'][1]['bridges'] == ['br-b']"
expect_json "[(o['key'], o['remoteHost'], o['remoteEnd']) for o in j['objects'] if 'remoteHost' in o] == [('vxlan|a1|eth0', 'lab-b', 'b1:eth0'), ('vxlan|a2|eth0', 'lab-b', 'br-b:a2-eth0')]"
vni1=$(json_get "[o['vni'] for o in j['objects'] if o['key'] == 'vxlan|a1|eth0'][0]")
vni2=$(json_get "[o['vni'] for o in j['objects'] if o['key'] == 'vxlan|a2|eth0'][0]")
[ "$vni1" != "$vni2" ] || fail "two links with one VNI $vni1"
expect_status 0 on b "$NSCTL" --json topo show two-hosts
expect_json "[(o['key'], o['remoteHost'], o['remoteEnd'], o['vni']) for o in j['objects'] if 'remoteHost' in o] == [('vxlan|b1|eth0', 'lab-a', 'a1:eth0', $vni1), ('vxlan||a2-eth0', 'lab-a', 'a2:eth0', $vni2)]"
expect_status 0 on b "$NSCTL" topo show two-hosts
expect_output_contains "Host: lab-b"
expect_output_contains "lab-b  198.18.100.2 (this host)  namespaces: b1, b2  bridges: br-b"
expect_output_contains "-> a1:eth0 on host lab-a (VXLAN $vni1)"
expect_status 0 on a "$NSCTL" topo list
expect_output_contains "two-hosts"

# In a1: a VXLAN interface towards B, 50 bytes below the 1500 of the
# underlay, its socket on the underlay of A.
expect_status 0 on a ip -d -n a1 link show eth0
expect_output_contains "mtu 1450 "
expect_output_contains "vxlan id $vni1 remote 198.18.100.2 local 198.18.100.1 "
expect_output_contains "dstport 4789"
expect_output_contains ",UP,LOWER_UP>"
# On B, a2's end is a port of br-b.
expect_status 0 on b ip -d link show a2-eth0
expect_output_contains "master br-b"
expect_output_contains "vxlan id $vni2 remote 198.18.100.1 local 198.18.100.2 "
# The hosts' own namespaces hold no VXLAN of A (it is in the sets).
expect_status 0 ip -n underlay-a -o link show
expect_eq "$(echo "$OUT" | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | tr '\n' ' ')" "lo ul-a " "host a's own interfaces"

# Another lab on A with a VNI taken there: refused by name, rolled back.
cat >"$WORK/clash.json" <<JSON
{"name": "clash", "hosts": [{"name": "lab-a", "underlay": "198.18.100.1"}, {"name": "lab-b", "underlay": "198.18.100.2"}],
 "namespaces": [{"name": "c1", "host": "lab-a"}, {"name": "c2", "host": "lab-b"}],
 "links": [{"a": "c1", "b": "c2", "vni": $vni1}]}
JSON
expect_error 1 on a "$NSCTL" topo apply - <"$WORK/clash.json"
expect_stderr_contains "apply failed at links[0].a (c1:eth0, to lab-b): another VXLAN interface of this host has the same VNI"
expect_status 0 on a ip netns list
expect_output_not_contains "c1"
expect_error 4 on a "$NSCTL" topo show clash

# ---- traffic --------------------------------------------------------------

expect_status 0 on a "$NSCTL" exec a1 -- ping -c 2 -W 2 -s 1400 -M do 198.18.1.2
expect_output_contains "2 received"
expect_status 0 on b "$NSCTL" exec b1 -- ping -c 1 -W 2 -s 1400 -M do 198.18.1.1
# 1422 bytes is the largest payload that fits; one more is refused at once,
# not lost on the way.
expect_status 0 on a "$NSCTL" exec a1 -- ping -c 1 -W 2 -s 1422 -M do 198.18.1.2
run on a "$NSCTL" exec a1 -- ping -c 1 -W 2 -s 1423 -M do 198.18.1.2
[ "$STATUS" != 0 ] || fail "a 1451-byte packet went through a 1450-byte VXLAN"
grep -q "mtu=1450\|too long" "$WORK/out" "$WORK/err" || fail "$(printf 'ping -s 1423 fails for another reason:\n%s' "$(show_output)")"
# Through B's bridge: a2 reaches b2 and the bridge's own address.
expect_status 0 on a "$NSCTL" exec a2 -- ping -c 1 -W 2 -s 1400 -M do 198.18.2.2
expect_status 0 on a "$NSCTL" exec a2 -- ping -c 1 -W 2 198.18.2.254
expect_status 0 on b "$NSCTL" exec b2 -- ping -c 1 -W 2 -s 1400 -M do 198.18.2.1

# ---- the graph ------------------------------------------------------------

expect_status 0 on a "$NSCTL" topo graph two-hosts
expect_output_contains 'subgraph "cluster_lab-a" {'
expect_output_contains 'label="lab-a\n198.18.100.1 (this host)";'
expect_output_contains 'subgraph "cluster_lab-b" {'
expect_output_contains "\"ns:a1\" -- \"ns:b1\" [taillabel=\"eth0\\n198.18.1.1/24\", headlabel=\"eth0\\n198.18.1.2/24\", label=\"VXLAN $vni1\", style=dashed];"
if command -v dot >/dev/null 2>&1; then
        on a "$NSCTL" topo graph two-hosts | dot -Tsvg >/dev/null || fail "dot refuses the graph"
fi

# ---- destroy: each host its own share ------------------------------------

expect_status 0 on a "$NSCTL" topo destroy two-hosts
expect_output_contains "destroyed"
# B is untouched by A's destroy.
expect_status 0 on b ip netns list
expect_eq "$(echo "$OUT" | sed 's/ (id: [0-9]*)$//' | sort | tr '\n' ' ')" "b1 b2 " "sets on host b after A's destroy"
expect_status 0 on b "$NSCTL" topo destroy two-hosts
for x in a b; do
        for i in $(seq 50); do
                host_state "$x" >"$WORK/$x.after"
                cmp -s "$WORK/$x.before" "$WORK/$x.after" && break
                sleep 0.1
        done
        cmp -s "$WORK/$x.before" "$WORK/$x.after" ||
                fail "$(printf 'host %s is not as before the lab:\n%s' "$x" "$(diff -u "$WORK/$x.before" "$WORK/$x.after")")"
        expect_error 4 on "$x" "$NSCTL" topo show two-hosts
done

host_stop a
host_stop b
cleanup
trap - EXIT
