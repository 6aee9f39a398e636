# 100 clients at once.

pids=()
for i in $(seq 0 99); do
        nsctl create "ns$i" >"$WORK/create-$i.out" 2>&1 &
        pids+=($!)
done
bad=
for i in $(seq 0 99); do
        if wait "${pids[$i]}"; then rc=0; else rc=$?; fi
        [ "$rc" = 0 ] || bad="$bad ns$i:exit=$rc($(head -c 200 "$WORK/create-$i.out"))"
done
[ -z "$bad" ] || fail "concurrent creates failed:$bad"

expect_status 0 nsctl list --json
expect_json "(lambda l: sorted(n['name'] for n in l) == sorted('ns%d' % i for i in range(100)))(j['namespaces'] if isinstance(j, dict) else j)"
# List is sorted by name.
vlcall io.nsctl.Namespace.List
expect_reply_ok "[n['name'] for n in p['namespaces']] == sorted('ns%d' % i for i in range(100))"
expect_reply_ok "len(set(n['namespaces'][0]['inode'] for n in p['namespaces'])) == 100"
expect_eq "$(netns_list | wc -l)" 100 "number of entries in ip netns list"

# 100 raw connections open at the same time, each with a request.
run vlraw --connections 100 -m '{"method":"io.nsctl.Namespace.Show","parameters":{"name":"ns42"}}' --timeout 20
expect_eq "$STATUS" 0 "vlraw status (100 simultaneous connections)"
expect_json "len(r) == 100 and all(x['parameters']['namespace']['name'] == 'ns42' for x in r)"

pids=()
for i in $(seq 0 99); do
        nsctl delete "ns$i" >"$WORK/delete-$i.out" 2>&1 &
        pids+=($!)
done
bad=
for i in $(seq 0 99); do
        if wait "${pids[$i]}"; then rc=0; else rc=$?; fi
        [ "$rc" = 0 ] || bad="$bad ns$i:exit=$rc($(head -c 200 "$WORK/delete-$i.out"))"
done
[ -z "$bad" ] || fail "concurrent deletes failed:$bad"
expect_no_namespaces "after deleting all 100"

# Creating and deleting the same name from many clients at once: each
# create either succeeds or finds it exists; afterwards all is consistent.
pids=()
for i in $(seq 0 19); do
        nsctl create race >/dev/null 2>&1 &
        pids+=($!)
done
ok=0
for pid in "${pids[@]}"; do
        if wait "$pid"; then rc=0; else rc=$?; fi
        case $rc in
        0) ok=$((ok + 1)) ;;
        5) ;;
        *) fail "concurrent create of one name: exit $rc (expected 0 or 5)" ;;
        esac
done
expect_eq "$ok" 1 "creates of the same name that succeeded"
expect_status 0 nsctl delete race
expect_no_namespaces "at the end"
