# Sets outlive the daemon: after SIGKILL (or SIGTERM) and a new start, List
# shows every set again, ok, with the same namespaces, holders, options and
# creation times, and they can still be entered.  What a previous daemon
# left half made is removed at start (logged), and what is not the
# daemon's (an `ip netns add` namespace) is left alone.

expect_status 0 nsctl create n1
expect_status 0 nsctl create a1 --all --hostname a1-host --map-root-user --boottime-offset 500
expect_status 0 nsctl create p1 --type pid,mnt
expect_status 0 nsctl create u1 --type user,uts,ipc --uid-map 0:100000:1000 --gid-map 0:100000:1000 --hostname u1-host
expect_status 0 nsctl create t1 --type time,cgroup --monotonic-offset 100
expect_status 0 nsctl create p2 --type pid
# Not the daemon's: must survive every restart untouched.
ip netns add foreign
foreign_id=$(ns_id /run/netns/foreign)

list_json() {
        vlcall io.nsctl.Namespace.List
        expect_reply_ok "isinstance(p.get('namespaces'), list)"
        json_get "json.dumps(p['namespaces'], sort_keys=True)"
}

before=$(list_json)
expect_agreement "before any restart" --foreign foreign
expect_eq "$(echo "$before" | "$PYTHON" -c 'import json,sys; print(" ".join(s["name"] for s in json.load(sys.stdin)))')" \
        "a1 n1 p1 p2 t1 u1" "sets listed before the restart"
holders_before=$(holders | sort -n | tr '\n' ' ')

# Entering works, and shows what the set was made with.
check_inside() {
        expect_status 0 nsctl exec a1 -- hostname
        expect_eq "$OUT" a1-host "hostname inside a1 ($1)"
        expect_status 0 nsctl exec u1 -- sh -c 'hostname; id -u; cat /proc/self/uid_map'
        expect_eq "$(echo $OUT)" "u1-host 0 0 100000 1000" "hostname, id -u and uid_map inside u1 ($1)"
        expect_status 0 nsctl exec p1 -- ps -e -o pid=,comm=
        expect_eq "$(echo "$OUT" | awk '$1 == 1 { print $2 }')" nsctl-init "PID 1 inside p1 ($1)"
        expect_status 0 nsctl exec n1 -- stat -L -c %d:%i /proc/self/ns/net
        expect_eq "$OUT" "$(ns_id /run/netns/n1)" "net namespace of nsctl exec n1 ($1)"
        expect_status 0 ip netns exec n1 true
}
check_inside "before the restart"

# ---- SIGKILL ---------------------------------------------------------------------

old_daemon=$DAEMON_PID
restart_daemon --kill
expect_eq "$DAEMON_RC" 137 "exit status of the killed daemon"
[ "$DAEMON_PID" != "$old_daemon" ] || fail "restart_daemon did not start a new daemon"

after=$(list_json)
[ "$after" = "$before" ] || fail "$(printf 'List after a SIGKILL and restart differs:\n  before: %s\n  after:  %s' "$before" "$after")"
expect_agreement "after SIGKILL and restart" --foreign foreign
expect_eq "$(holders | sort -n | tr '\n' ' ')" "$holders_before" "holder processes after SIGKILL and restart"
for s in a1 n1 p1 p2 t1 u1; do
        grep -q "adopted namespace set $s\$" "$LOG" || fail "the log does not say that $s was adopted"
done
check_inside "after SIGKILL and restart"

# The adopted holders are watched again: one killed now is noticed.
h2=$(holder_of p2)
kill -KILL "$h2"
wait_until 1 grep -q "holder process $h2 exited" "$LOG" ||
        fail "the restarted daemon did not notice that p2's holder $h2 exited"
expect_eq "$(set_field p2 "s['state']")" broken "state of p2 after its holder was killed"

# ---- a broken set at restart is removed, entirely ---------------------------------

restart_daemon --kill
grep -q -E "removed namespace set p2: .*holder" "$LOG" || fail "the log does not say why p2 (holder gone) was removed"
[ ! -e /run/nsctl/ns/p2 ] || fail "p2 (its holder dead) is still in the runtime directory after a restart"
expect_error 4 nsctl show p2
expect_agreement "after a restart with p2 broken" --foreign foreign

# ---- half-made sets are removed at start -------------------------------------------

# A crashed create: a directory with its net link, empty mount points and
# no record, and its empty /run/netns entry.
mkdir /run/nsctl/ns/half1
ln -s /run/netns/half1 /run/nsctl/ns/half1/net
: >/run/nsctl/ns/half1/uts
: >/run/netns/half1
# Another: the namespaces made and mounted, but no record written yet (as
# daemons before the net symlink mounted net in the set's directory too).
mkdir /run/nsctl/ns/half2
: >/run/nsctl/ns/half2/net
mount --bind /run/netns/foreign /run/nsctl/ns/half2/net
# The same today: the net link, the namespace mounted in /run/netns, no
# record; and a create cut short right after its net link.
mkdir /run/nsctl/ns/half3 /run/nsctl/ns/half4
ln -s /run/netns/half3 /run/nsctl/ns/half3/net
: >/run/netns/half3
mount --bind /run/netns/foreign /run/netns/half3
ln -s /run/netns/half4 /run/nsctl/ns/half4/net
# A set whose record is gone (all else whole) is not trusted either.
expect_status 0 nsctl create norec --type pid,mnt
norec_holder=$(holder_of norec)
# A set one of whose bind mounts is gone.
expect_status 0 nsctl create nomount --type net,uts
umount /run/nsctl/ns/nomount/uts
# An empty directory.
mkdir /run/nsctl/ns/empty

kill_daemon KILL
rm /run/nsctl/ns/norec/set.json
start_daemon || fail "the daemon did not start again"
for s in half1 half2 half3 half4 norec nomount empty; do
        [ ! -e "/run/nsctl/ns/$s" ] || fail "half-made set $s is still in the runtime directory: $(ls -A "/run/nsctl/ns/$s" | tr '\n' ' ')"
        grep -q "removed namespace set $s:" "$LOG" || fail "the log does not say that $s was removed (and why)"
done
[ ! -e /run/netns/half1 ] || fail "the empty /run/netns/half1 of a crashed create is still there"
[ ! -e /run/netns/nomount ] || fail "/run/netns/nomount is still there"
[ ! -e /run/netns/half3 ] || fail "/run/netns/half3 of a create cut short before its record is still there"
wait_until 2 process_gone "$norec_holder" || fail "the holder $norec_holder of norec (no record) still runs"
expect_agreement "after removing half-made sets" --foreign foreign
# Not the daemon's, not touched.
[ -e /run/netns/foreign ] || fail "the daemon removed /run/netns/foreign, made by ip netns add"
expect_eq "$(ns_id /run/netns/foreign)" "$foreign_id" "/run/netns/foreign after the restarts"

after=$(list_json)
vlcall io.nsctl.Namespace.List
expect_reply_ok "[s['name'] for s in p['namespaces']] == ['a1', 'n1', 'p1', 't1', 'u1']"
check_inside "after the restarts"

# ---- a set from a daemon that mounted net twice --------------------------------

# Daemons before the net symlink kept the net namespace bind-mounted in the
# set's directory as well: such a set is adopted, and its delete leaves
# nothing.
expect_status 0 nsctl create old --type net,uts
rm /run/nsctl/ns/old/net
: >/run/nsctl/ns/old/net
mount --bind /run/netns/old /run/nsctl/ns/old/net
kill_daemon KILL
start_daemon || fail "the daemon did not start again"
grep -q "adopted namespace set old" "$LOG" || fail "the set with two net mounts was not adopted"
expect_eq "$(set_field old "s['state']")" ok "state of the adopted set with two net mounts"
expect_status 0 nsctl exec old -- true
expect_status 0 nsctl delete old
[ ! -e /run/nsctl/ns/old ] || fail "delete old: /run/nsctl/ns/old still exists"
grep -q -E ' /run/(nsctl/ns|netns)/old[ /]' /proc/self/mountinfo && fail "mounts of old left after its delete"
expect_agreement "after deleting the set with two net mounts" --foreign foreign

# ---- SIGTERM: the same -----------------------------------------------------------------

before=$(list_json)
restart_daemon
expect_eq "$(list_json)" "$before" "List after SIGTERM and restart"
expect_agreement "after SIGTERM and restart" --foreign foreign

for s in a1 n1 p1 t1 u1; do
        expect_status 0 nsctl delete "$s"
done
ip netns del foreign
expect_no_namespaces "at the end"
