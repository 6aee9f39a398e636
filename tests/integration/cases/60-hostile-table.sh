# Hostile input: every case of the table in tests/integration/hostile.py
# (bytes that are not UTF-8, nesting 10000 deep, a 100 MB message, NULs,
# duplicate members, numbers out of range, names with '/', '..', spaces and
# a leading '-', 16-byte interface names, /33 prefixes, unknown fields and
# methods, wrong types, bridge loops and missing sets in topologies,
# oversized arrays, ...) gets its named error, and nothing changes: the
# daemon's List and Topology.List (checked by hostile.py around each case)
# and the system (mounts, interfaces, netns entries, the runtime
# directories, nft rules) are as before.  Then what a table cannot do:
# calls racing a forced delete of a busy set, and symlinks planted where
# the daemon makes its files.

hostile() {
        py_tool hostile --socket "$SOCK" "$@"
}

# Something to lose: a set, and a topology with a set, a host bridge and
# a link.
expect_status 0 nsctl create keep1 --type net,uts
cat >"$WORK/keep.json" <<'JSON'
{
  "name": "keep",
  "namespaces": [ {"name": "kt1"} ],
  "bridges": [ {"name": "brk", "addresses": ["198.18.200.1/24"]} ],
  "links": [ {"a": {"namespace": "kt1", "ifname": "eth0", "addresses": ["198.18.200.2/24"]}, "b": "brk"} ]
}
JSON
expect_status 0 nsctl topo apply "$WORK/keep.json"
snapshot "$WORK/before"
sets=$(ns_names)
expect_eq "$(echo $sets)" "keep1 kt1" "sets before the cases"

# ---- the table ------------------------------------------------------------------

n=0
for c in $(hostile --list); do
        run hostile --case "$c"
        [ "$STATUS" = 0 ] || fail "$(printf 'hostile case %s:\n%s\n%s' "$c" "$OUT" "$ERR")"
        expect_snapshot "$WORK/before" "after hostile case $c"
        n=$((n + 1))
done
[ "$n" -ge 40 ] || fail "the table has only $n cases"
note "$n table cases: each got its error, nothing changed"
expect_daemon_alive "after the table"

# ---- calls racing a forced delete of a busy set --------------------------------

# A process inside that ignores SIGTERM: the forced delete must wait out
# its grace time (2 s) and SIGKILL it.
expect_status 0 nsctl create busy1 --type net,uts,ipc
"$NSCTL" exec busy1 -- sh -c 'trap "" TERM; echo started; exec sleep 60' >"$WORK/busy.out" 2>&1 &
busy_client=$!
wait_until 5 grep -q started "$WORK/busy.out" || fail "the process in busy1 did not start"
vlcall io.nsctl.Namespace.Processes '{"name":"busy1"}'
expect_reply_ok "len(p['processes']) >= 1"

# Not forced: Busy with the pids, and nothing changed.
snapshot "$WORK/busy.before"
vlcall io.nsctl.Namespace.Delete '{"name":"busy1"}'
expect_reply_error io.nsctl.Namespace.Busy "p['name'] == 'busy1' and len(p['pids']) >= 1"
expect_snapshot "$WORK/busy.before" "after a refused Delete of a busy set"

# Forced, with Show, Processes, Delete and Create of the same set sent on
# other connections while it is under way: each is answered (none hangs or
# is lost), and as of after the delete: the set is gone.
start=$(date +%s%N)
vlraw --call io.nsctl.Namespace.Delete --params '{"name":"busy1","force":true}' --timeout 30 \
        >"$WORK/race.delete" 2>&1 &
deleter=$!
sleep 0.3
vlraw --call io.nsctl.Namespace.Show --params '{"name":"busy1"}' --timeout 30 >"$WORK/race.show" 2>&1 &
p1=$!
vlraw --call io.nsctl.Namespace.Processes --params '{"name":"busy1"}' --timeout 30 >"$WORK/race.procs" 2>&1 &
p2=$!
vlraw --call io.nsctl.Namespace.Delete --params '{"name":"busy1"}' --timeout 30 >"$WORK/race.delete2" 2>&1 &
p3=$!
for p in "$deleter" "$p1" "$p2" "$p3"; do
        wait "$p" || fail "a racing call got no well-formed reply: $(cat "$WORK"/race.*)"
done
took=$((($(date +%s%N) - start) / 1000000))
grep -q '"error"' "$WORK/race.delete" && fail "the forced delete failed: $(cat "$WORK/race.delete")"
for f in race.show race.procs race.delete2; do
        grep -q '"io.nsctl.Namespace.NotFound"' "$WORK/$f" ||
                fail "a call racing the forced delete ($f) did not get NotFound: $(cat "$WORK/$f")"
done
[ "$took" -ge 1500 ] || fail "the forced delete took ${took} ms: the process did not ignore SIGTERM?"
note "forced delete of a busy set: ${took} ms; the calls racing it got NotFound"
if wait "$busy_client"; then rc=0; else rc=$?; fi
expect_eq "$rc" 137 "exit status of nsctl exec whose command was killed (128+SIGKILL)"
expect_eq "$(ns_names)" "$sets" "sets after the forced delete"
expect_snapshot_soon "$WORK/before" "after the forced delete"

# ---- symlinks planted where the daemon makes its files --------------------------

echo original >"$WORK/target"
target_unchanged() {
        expect_eq "$(cat "$WORK/target")" original "content of $WORK/target ($1)"
        expect_eq "$(mounts | grep -c " $WORK" || true)" 0 "mounts under $WORK ($1)"
}

# /run/netns/NAME (where the net namespace is bind-mounted).
ln -s "$WORK/target" /run/netns/lab8
snapshot "$WORK/planted"
vlcall io.nsctl.Namespace.Create '{"name":"lab8"}'
expect_reply_error io.nsctl.Namespace.AlreadyExists "p == {'name': 'lab8'}"
target_unchanged "symlink at /run/netns/lab8"
expect_snapshot "$WORK/planted" "after Create over a symlink in /run/netns"
rm /run/netns/lab8

# /run/nsctl/ns/NAME/net, in a directory made ahead of the daemon.
mkdir /run/nsctl/ns/lab7
ln -s "$WORK/target" /run/nsctl/ns/lab7/net
snapshot "$WORK/planted"
vlcall io.nsctl.Namespace.Create '{"name":"lab7"}'
expect_reply_error io.nsctl.Namespace.AlreadyExists "p == {'name': 'lab7'}"
target_unchanged "symlink at /run/nsctl/ns/lab7/net"
expect_snapshot "$WORK/planted" "after Create over a planted /run/nsctl/ns/lab7"
rm -r /run/nsctl/ns/lab7

# The topology's journal, its record and the record's temporary file.
topo_doc='{"topology":{"name":"t1","namespaces":[{"name":"p1"}],"bridges":[{"name":"brp"}],"links":[{"a":"p1:eth0","b":"brp"}]}}'
for f in t1.journal t1.json t1.json.tmp; do
        ln -s "$WORK/target" "/run/nsctl/topo/$f"
        snapshot "$WORK/planted"
        vlcall io.nsctl.Topology.Apply "$topo_doc"
        case $f in
        *.tmp) expect_reply_error io.nsctl.Topology.ApplyFailed "p['element'] == 'record'" ;;
        *) expect_reply_error io.nsctl.Service.SystemError "p['errno'] == 40" ;;
        esac
        target_unchanged "symlink at /run/nsctl/topo/$f"
        expect_snapshot_soon "$WORK/planted" "after Apply with a symlink at /run/nsctl/topo/$f"
        expect_eq "$(ns_names)" "$sets" "sets after Apply with a symlink at /run/nsctl/topo/$f"
        if [ "$f" = t1.json ]; then
                vlcall io.nsctl.Topology.Show '{"name":"t1"}'
                expect_reply_error io.nsctl.Service.SystemError "p['errno'] == 40"
                vlcall io.nsctl.Topology.Destroy '{"name":"t1"}'
                expect_reply_error io.nsctl.Service.SystemError "p['errno'] == 40"
                target_unchanged "Show and Destroy through /run/nsctl/topo/t1.json"
        fi
        rm "/run/nsctl/topo/$f"
done

# ---- the end ---------------------------------------------------------------------------

expect_snapshot_soon "$WORK/before" "after the symlink cases"
expect_status 0 nsctl topo destroy keep
expect_status 0 nsctl delete keep1
expect_no_namespaces "at the end"
