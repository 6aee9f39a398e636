# A set whose holder dies is broken at once: the daemon watches the holder,
# so the log says so without anyone asking, and List and Show report state
# "broken" with a reason.  A set whose bind mount is gone is broken too.
# Delete still removes everything of a broken set.

expect_status 0 nsctl create b1 --type pid
expect_status 0 nsctl create b2 --all --map-root-user --hostname b2
expect_status 0 nsctl create ok1 --type pid,mnt
expect_status 0 nsctl create ok2
h1=$(holder_of b1)
h2=$(holder_of b2)
hok=$(holder_of ok1)

state_of() {
        set_field "$1" "s['state']"
}

is_broken() {
        [ "$(state_of "$1")" = broken ]
}

# ---- b1: its holder is killed from outside ----------------------------------

kill -KILL "$h1"
# The daemon notices on its own (pidfd watch): its log says so within a
# second, before any call could have made it look.
wait_until 1 grep -q "holder process $h1 exited" "$LOG" ||
        fail "$(printf 'within 1 s of killing b1'"'"'s holder %s the daemon log does not say it exited:\n%s' "$h1" "$(tail -n 5 "$LOG")")"
wait_until 1 is_broken b1 || fail "Show b1: state is $(state_of b1) 1 s after its holder was killed, expected broken"
expect_status 0 nsctl show b1 --json
expect_json "(lambda s: s['state'] == 'broken' and isinstance(s.get('brokenReason'), str) and len(s['brokenReason']) > 0)(j.get('namespace', j))"
expect_status 0 nsctl list --json
expect_json "(lambda l: {s['name']: s['state'] for s in l} == {'b1': 'broken', 'b2': 'ok', 'ok1': 'ok', 'ok2': 'ok'})(j['namespaces'] if isinstance(j, dict) else j)"
expect_status 0 nsctl list
expect_eq "$(awk '$1 == "b1" { print $3 }' "$WORK/out")" broken "STATE of b1 in \`nsctl list\`"
expect_status 0 nsctl show b1
expect_output_contains broken

# Entering a broken set fails plainly.
run nsctl exec b1 -- true
[ "$STATUS" != 0 ] || fail "nsctl exec into the broken set b1 succeeded"

# ---- b2: the holder of a set of every type, killed -------------------------------

kill -KILL "$h2"
wait_until 1 is_broken b2 || fail "Show b2: state is $(state_of b2) 1 s after its holder was killed, expected broken"
vlcall io.nsctl.Namespace.List
expect_reply_ok "{s['name']: s['state'] for s in p['namespaces']} == {'b1': 'broken', 'b2': 'broken', 'ok1': 'ok', 'ok2': 'ok'}"
expect_reply_ok "all(isinstance(s.get('brokenReason'), str) for s in p['namespaces'] if s['state'] == 'broken')"
expect_reply_ok "all('brokenReason' not in s for s in p['namespaces'] if s['state'] == 'ok')"

# ---- delete still cleans up everything ----------------------------------------

expect_status 0 nsctl delete b1
[ ! -e /run/nsctl/ns/b1 ] || fail "delete b1 (broken): /run/nsctl/ns/b1 still exists: $(ls -A /run/nsctl/ns/b1)"
expect_status 0 nsctl delete b2
[ ! -e /run/nsctl/ns/b2 ] || fail "delete b2 (broken): /run/nsctl/ns/b2 still exists: $(ls -A /run/nsctl/ns/b2)"
[ ! -e /run/netns/b2 ] || fail "delete b2 (broken): /run/netns/b2 still exists"
grep -q -E ' /run/(nsctl/ns|netns)/b[12][ /]' /proc/self/mountinfo &&
        fail "$(printf 'mounts of b1 or b2 left after delete:\n%s' "$(grep -E ' /run/(nsctl/ns|netns)/b[12][ /]' /proc/self/mountinfo)")"
expect_error 4 nsctl show b1
expect_agreement "after deleting the broken sets"
expect_eq "$(holders)" "$hok" "holders running (only ok1's)"

# ---- a bind mount gone ---------------------------------------------------------

# Someone unmounts ok2's net namespace behind the daemon's back (its only
# mount: /run/nsctl/ns/ok2/net leads there).
umount /run/netns/ok2
expect_eq "$(state_of ok2)" broken "state of ok2 after its net bind mount was unmounted"
expect_status 0 nsctl show ok2 --json
expect_json "isinstance(j.get('namespace', j).get('brokenReason'), str)"
expect_eq "$(state_of ok1)" ok "state of ok1 (untouched)"
expect_status 0 nsctl delete ok2
[ ! -e /run/nsctl/ns/ok2 ] || fail "delete ok2 (broken): /run/nsctl/ns/ok2 still exists"
[ ! -e /run/netns/ok2 ] || fail "delete ok2 (broken): /run/netns/ok2 still exists"

expect_status 0 nsctl delete ok1
wait_until 5 process_gone "$hok" || fail "ok1's holder still runs after delete"
expect_no_namespaces "at the end"
