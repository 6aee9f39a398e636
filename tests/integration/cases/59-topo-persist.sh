# Persisted topologies (topo apply --persist): the document, the host and
# the owner are kept in STATE_DIR/topologies/NAME.json, and a daemon
# starting after a reboot applies them again; a restart does not.  Without
# --persist a persisted topology's copy follows the document;
# --no-persist and destroy drop it.  (simulate_reboot in lib.sh.)

topo_dir=$STATE/topologies
lab() {
        local extra=$1
        cat <<JSON
{"name": "plab", "namespaces": [{"name": "p1"}, {"name": "p2"}$extra],
 "links": [{"a": {"namespace": "p1", "ifname": "eth0", "addresses": ["198.18.59.1/24"]},
            "b": {"namespace": "p2", "ifname": "eth0", "addresses": ["198.18.59.2/24"]}}]}
JSON
}
lab "" >"$WORK/plab.json"
lab ', {"name": "p3"}' >"$WORK/plab3.json"
echo '{"name": "tlab", "namespaces": [{"name": "t1"}]}' >"$WORK/tlab.json"

expect_status 0 nsctl topo apply "$WORK/plab.json" --persist
expect_output_contains "0 unchanged, persistent"
[ -s "$topo_dir/plab.json" ] || fail "apply --persist did not write $topo_dir/plab.json"
expect_status 0 nsctl topo show plab
expect_output_contains "Persistent: yes"
expect_status 0 nsctl topo apply "$WORK/tlab.json"
expect_status 0 nsctl --json topo show tlab
expect_json "j['persistent'] is False"
[ ! -e "$topo_dir/tlab.json" ] || fail "apply without --persist wrote $topo_dir/tlab.json"

# The copy follows the document when applied again without the option.
expect_status 0 nsctl topo apply "$WORK/plab3.json"
grep -q '"p3"' "$topo_dir/plab.json" || fail "the persisted copy of plab did not follow the document"

# A reboot: plab (with p3) is applied again, tlab is gone.
simulate_reboot
start_daemon
expect_status 0 nsctl topo show plab
expect_output_contains "Persistent: yes"
for s in p1 p2 p3; do
        [ -e "/run/netns/$s" ] || fail "set $s of plab is not there after the reboot"
done
expect_status 0 ip netns exec p1 ping -c 1 -W 2 198.18.59.2
expect_error 4 nsctl topo show tlab
[ ! -e /run/netns/t1 ] || fail "set t1 of tlab (not persisted) came back after the reboot"
expect_eq "$(grep -c "Applied persisted topology plab again" "$LOG")" 1 "applies of plab at start"

# A restart finds it made: it is not applied again.
id_p1=$(ns_id /run/netns/p1)
restart_daemon
expect_eq "$(grep -c "Applied persisted topology plab again" "$LOG")" 1 "applies of plab after a restart"
expect_eq "$(ns_id /run/netns/p1)" "$id_p1" "set p1 across the restart"

# --no-persist drops the copy; destroy drops it too.
expect_status 0 nsctl topo apply "$WORK/plab3.json" --no-persist
[ ! -e "$topo_dir/plab.json" ] || fail "apply --no-persist left $topo_dir/plab.json"
expect_status 0 nsctl topo show plab
expect_output_contains "Persistent: no"
expect_status 0 nsctl topo apply "$WORK/plab3.json" --persist
[ -s "$topo_dir/plab.json" ] || fail "apply --persist did not write $topo_dir/plab.json again"
expect_status 0 nsctl topo destroy plab
[ ! -e "$topo_dir/plab.json" ] || fail "destroy left $topo_dir/plab.json"

# Nothing comes back after another reboot; unusable copies (not JSON, a
# document whose name is not the file's, an invalid document, a symlink)
# are logged and make nothing.
echo 'not json' >"$topo_dir/junk.json"
echo '{"name": "other", "ownerUid": 0, "ownerGid": 0, "topology": {"name": "plab2"}}' >"$topo_dir/other.json"
echo '{"name": "bad", "ownerUid": 0, "ownerGid": 0, "topology": {"name": "bad", "evil": 1}}' >"$topo_dir/bad.json"
ln -s "$WORK/plab.json" "$topo_dir/link.json"
simulate_reboot
start_daemon
expect_error 4 nsctl topo show plab
for t in junk other bad link; do
        expect_error 4 nsctl topo show "$t"
done
grep -q "Persisted topology junk: .* is not readable" "$LOG" || fail "no error logged for junk.json"
grep -q "Persisted topology other: the document is named plab2" "$LOG" || fail "no error logged for other.json"
grep -q "Persisted topology bad: invalid at evil" "$LOG" || fail "no error logged for bad.json"
grep -q "Persisted topology link: .* is not readable" "$LOG" || fail "no error logged for the symlink"
rm "$topo_dir"/*.json
[ -z "$(ls -A "$topo_dir")" ] || fail "$topo_dir is not empty: $(ls -A "$topo_dir")"
# (Not a snapshot against the start: a reboot makes /run/netns a shared
# mount again, with another peer group number.)
expect_no_namespaces "after the last reboot"
[ -z "$(ls -A /run/nsctl/topo)" ] || fail "/run/nsctl/topo is not empty: $(ls -A /run/nsctl/topo)"
