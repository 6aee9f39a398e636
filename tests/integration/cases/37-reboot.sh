# A simulated reboot: sets made with --persist (recorded in
# STATE_DIR/sets/NAME.json) are made again when the daemon starts and finds
# them missing, with the same types and options; the others are gone.
# Delete removes a persisted set's record, so it does not come back.
# (simulate_reboot in lib.sh: the daemon and the holders are SIGKILLed and
# everything of /run but the harness's files is unmounted and removed; the
# state directory survives.)

sets_dir=$STATE/sets

expect_status 0 nsctl create pn --persist
expect_status 0 nsctl create pa --all --persist --hostname pa-host --map-root-user --boottime-offset 1000 --monotonic-offset 50
expect_status 0 nsctl create pp --type pid,mnt,uts --persist --hostname pp-host
expect_status 0 nsctl create pu --type user,net --persist --uid-map 0:100000:65536 --gid-map 0:100000:65536
expect_status 0 nsctl create nn
expect_status 0 nsctl create np --type pid,mnt
expect_status 0 nsctl create nt --type time --boottime-offset 10

# What List says of a set, without what a new namespace changes (inodes,
# holder PID, creation time).
described() {
        vlcall io.nsctl.Namespace.List
        expect_reply_ok "isinstance(p.get('namespaces'), list)"
        json_get "json.dumps([{k: v for k, v in s.items() if k not in ('created', 'holderPid')} | {'namespaces': [(n['type'], n['path']) for n in s['namespaces']]} for s in p['namespaces']], sort_keys=True)"
}

persisted="pa pn pp pu"
for s in $persisted; do
        [ -s "$sets_dir/$s.json" ] || fail "create $s --persist: $sets_dir/$s.json does not exist"
        expect_eq "$(set_field "$s" "s['persistent']")" true "persistent of $s"
done
for s in nn np nt; do
        [ ! -e "$sets_dir/$s.json" ] || fail "create $s (not --persist) wrote $sets_dir/$s.json"
        expect_eq "$(set_field "$s" "s['persistent']")" false "persistent of $s"
done
expect_eq "$(ls "$sets_dir" | tr '\n' ' ')" "pa.json pn.json pp.json pu.json " "files in $sets_dir"

vlcall io.nsctl.Namespace.List
expect_reply_ok
old_inodes=$(json_get "' '.join(str(n['inode']) for s in p['namespaces'] for n in s['namespaces'])")
want=$(described | "$PYTHON" -c 'import json, sys; print(json.dumps([s for s in json.load(sys.stdin) if s["persistent"]], sort_keys=True))')

# A plain restart adopts them all: nothing is made again.
restart_daemon --kill
grep -q "Recreated persisted namespace set" "$LOG" && fail "a restart (no reboot) recreated a persisted set that still existed"
vlcall io.nsctl.Namespace.List
expect_reply_ok "[s['name'] for s in p['namespaces']] == ['nn', 'np', 'nt', 'pa', 'pn', 'pp', 'pu']"
expect_eq "$(json_get "' '.join(str(n['inode']) for s in p['namespaces'] for n in s['namespaces'])")" "$old_inodes" "inodes after a restart"
expect_reply_ok "all(s['persistent'] == (s['name'] in '$persisted'.split()) for s in p['namespaces'])"

# ---- reboot ----------------------------------------------------------------------

simulate_reboot
[ -z "$(holders)" ] || fail "simulate_reboot: holders still running"
[ ! -e /run/nsctl ] && [ ! -e /run/netns ] || fail "simulate_reboot: /run/nsctl or /run/netns still exists"
start_daemon || fail "the daemon did not start after the simulated reboot"

for s in $persisted; do
        grep -q "Recreated persisted namespace set $s\$" "$LOG" || fail "the log does not say that $s was recreated"
done
vlcall io.nsctl.Namespace.List
expect_reply_ok "[s['name'] for s in p['namespaces']] == ['pa', 'pn', 'pp', 'pu']"
expect_reply_ok "all(s['state'] == 'ok' and s['persistent'] is True for s in p['namespaces'])"
got=$(described)
[ "$got" = "$want" ] || fail "$(printf 'the persisted sets came back different:\n  before: %s\n  after:  %s' "$want" "$got")"
expect_agreement "after the simulated reboot"
for s in nn np nt; do
        [ ! -e "/run/nsctl/ns/$s" ] || fail "$s (not persisted) is back after the reboot"
done
expect_eq "$(ip netns list | awk '{ print $1 }' | sort | tr '\n' ' ')" "pa pn pu " "ip netns list after the reboot"

# They work, with their options.
expect_status 0 nsctl exec pa -- sh -c 'hostname; id -u; cat /proc/uptime'
expect_eq "$(sed -n 1p "$WORK/out")" pa-host "hostname inside pa after the reboot"
expect_eq "$(sed -n 2p "$WORK/out")" 0 "id -u inside pa after the reboot"
inside=$(sed -n 3p "$WORK/out" | awk '{ print $1 }')
diff=$(awk -v a="$inside" -v b="$(awk '{ print $1 }' /proc/uptime)" 'BEGIN { printf "%.0f", a - b }')
[ "$diff" -ge 998 ] && [ "$diff" -le 1002 ] || fail "/proc/uptime inside pa after the reboot is off by $diff s, expected 1000"
expect_status 0 nsctl exec pp -- sh -c 'hostname; ps -e -o pid=,comm= | awk "\$1 == 1 { print \$2 }"'
expect_eq "$(echo $OUT)" "pp-host nsctl-init" "hostname and PID 1 inside pp after the reboot"
expect_status 0 nsctl exec pu -- cat /proc/self/uid_map
expect_eq "$(echo $OUT)" "0 100000 65536" "uid_map inside pu after the reboot"
expect_status 0 ip netns exec pn true

# A second reboot: the same again.
simulate_reboot
start_daemon || fail "the daemon did not start after the second simulated reboot"
expect_eq "$(described)" "$want" "the persisted sets after a second reboot"
expect_agreement "after the second simulated reboot"

# ---- delete removes the record -------------------------------------------------------

expect_status 0 nsctl delete pn
[ ! -e "$sets_dir/pn.json" ] || fail "delete pn: $sets_dir/pn.json still exists"
expect_status 0 nsctl delete pu
[ ! -e "$sets_dir/pu.json" ] || fail "delete pu: $sets_dir/pu.json still exists"
simulate_reboot
start_daemon || fail "the daemon did not start after the third simulated reboot"
vlcall io.nsctl.Namespace.List
expect_reply_ok "[s['name'] for s in p['namespaces']] == ['pa', 'pp']"
expect_agreement "after the third simulated reboot"

# A record that cannot be used is reported, and does not stop the others.
echo '{"name": "bad", "types": ["net"' >"$sets_dir/bad.json"
printf '{"name":"other","types":["net"],"options":{},"ownerUid":0,"ownerGid":0}' >"$sets_dir/mismatch.json"
simulate_reboot
start_daemon || fail "the daemon did not start with a broken record in $sets_dir"
grep -q "bad\.json" "$LOG" || fail "the daemon does not report the unreadable record bad.json"
grep -q "mismatch\.json" "$LOG" || fail "the daemon does not report mismatch.json (a record of another name)"
vlcall io.nsctl.Namespace.List
expect_reply_ok "[s['name'] for s in p['namespaces']] == ['pa', 'pp']"
expect_agreement "after a reboot with unusable records"
rm -f "$sets_dir/bad.json" "$sets_dir/mismatch.json"

expect_status 0 nsctl delete pa
expect_status 0 nsctl delete pp
[ -z "$(ls -A "$sets_dir")" ] || fail "$sets_dir is not empty after deleting every set: $(ls -A "$sets_dir")"
restart_daemon --kill
expect_no_namespaces "at the end"
