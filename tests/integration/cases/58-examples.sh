# timeout: 180
# Every topology file in examples/ (nsctl-topology(5)), one at a time
# (some share namespace names): apply reports what it created, its sets
# exist, applying it again changes nothing and says so, and destroy
# removes exactly what it made, leaving ip link, ip netns list, the mount
# table, the nftables ruleset and the host's forwarding as they were.
# A kernel without netem (CONFIG_NET_SCH_NETEM) refuses a file with a
# delay, jitter or loss: then the refusal must name the shaping and leave
# nothing behind.

EXAMPLES=$SRCDIR/examples
netem=yes
# (The probe is a veth, which nsctl needs anyway; dummy may be missing.)
ip link add nsctl-probe type veth peer name nsctl-probe1 ||
        fail "cannot make a veth pair for the netem probe"
tc qdisc add dev nsctl-probe root netem delay 1ms 2>/dev/null || netem=no
ip link del nsctl-probe 2>/dev/null || true
[ $netem = yes ] || note "this kernel has no netem: files with a delay, jitter or loss must be refused cleanly"

snapshot "$WORK/before"
forwarding=$(cat /proc/sys/net/ipv4/ip_forward)

# field FILE EXPR: EXPR (Python) of the document d in FILE.
field() {
        "$PYTHON" - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
v = eval(sys.argv[2], {"d": d})
print("\n".join(v) if isinstance(v, list) else v)
PY
}

n=0
for f in "$EXAMPLES"/*.json; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        name=$(field "$f" "d['name']")
        sets=$(field "$f" "[ns['name'] for ns in d.get('namespaces', [])]")
        note "$(basename "$f"): topology $name"
        if [ "$(field "$f" "'hosts' in d")" = True ]; then
                note "$(basename "$f") spreads over hosts: case 57-vxlan applies it on two simulated hosts"
                continue
        fi
        if [ $netem = no ] && grep -q -E '"(delay|jitter|loss)"' "$f"; then
                expect_error 1 nsctl topo apply "$f"
                expect_stderr_contains ".shaping"
                expect_snapshot_soon "$WORK/before" "after $(basename "$f") was refused"
                expect_error 4 nsctl topo show "$name"
                continue
        fi

        expect_status 0 nsctl topo apply "$f"
        expect_output_contains "topology $name: "
        expect_output_contains " created, 0 removed, 0 unchanged"
        created=$(printf '%s\n' "$OUT" | sed -n 's/^topology [^:]*: \([0-9]*\) created, .*/\1/p')
        if [ -z "$created" ] || [ "$created" -eq 0 ]; then
                fail "$(basename "$f"): no objects created: $OUT"
        fi
        for s in $sets; do
                expect_status 0 nsctl show "$s"
        done
        expect_status 0 nsctl --json topo show "$name"
        expect_json "j['name'] == '$name' and len(j['objects']) == $created"
        expect_status 0 nsctl topo list
        expect_output_contains "$name"

        # Again: nothing to do, and nothing touched.
        id_before=
        for s in $sets; do
                id_before="$id_before $(ns_id "/run/nsctl/ns/$s/net")"
        done
        expect_status 0 nsctl topo apply "$f"
        expect_eq "$OUT" "topology $name: no change ($created objects)" "$(basename "$f") applied again"
        id_after=
        for s in $sets; do
                id_after="$id_after $(ns_id "/run/nsctl/ns/$s/net")"
        done
        expect_eq "$id_after" "$id_before" "$(basename "$f"): the sets kept across a no-change apply"

        expect_status 0 nsctl topo graph "$name"
        expect_output_contains "graph \"$name\" {"

        expect_status 0 nsctl topo destroy "$name"
        expect_eq "$OUT" "topology $name destroyed: $created objects removed" "$(basename "$f") destroyed"
        expect_snapshot_soon "$WORK/before" "after destroying $(basename "$f")"
        expect_eq "$(cat /proc/sys/net/ipv4/ip_forward)" "$forwarding" "$(basename "$f"): the host's forwarding after destroy"
        expect_error 4 nsctl topo show "$name"
        for s in $sets; do
                expect_error 4 nsctl show "$s"
        done
done
[ "$n" -ge 5 ] || fail "expected at least 5 example files in $EXAMPLES, found $n"
