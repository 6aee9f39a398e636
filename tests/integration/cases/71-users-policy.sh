# Multi-user labs, policy: limits on sets and links per user and per group,
# the host-objects permission, the group setting, and the file read again
# on SIGHUP (a file with an error leaves the policy as it was; at start it
# stops the daemon).  Each refusal names the rule and changes nothing.

lab_users
cat >"$POLICY" <<'CONF'
# The policy of case 71.
[access]
group = nsctl

[defaults]
max-sets = 2
max-links = 3      ; veth interfaces in a user's sets
host-objects = no

[group labstaff]   # labu2
max-sets = 3
host-objects = yes
CONF
restart_daemon
grep -q "Policy read from $POLICY: group nsctl, 1 user and group section(s)" "$LOG" || fail "the policy was not read"

# ---- max-sets: the defaults for labu1, the group's for labu2 -------------------------
expect_status 0 user_nsctl labu1 create s1
expect_status 0 user_nsctl labu1 create s2
snapshot "$WORK/before"
expect_error 6 user_nsctl labu1 create s3
expect_stderr_contains "max-sets = 2 (defaults): labu1 (uid $labu1) has 2 namespace sets, and this would make 3"
user_vlcall labu1 io.nsctl.Namespace.Create '{"name":"s3"}'
expect_reply_error io.nsctl.Namespace.PermissionDenied "p['name'] == 's3' and p['reason'].startswith('max-sets = 2 (defaults)')"
expect_snapshot "$WORK/before" "after labu1's sets over the limit"
expect_status 0 user_nsctl labu2 create b1
expect_status 0 user_nsctl labu2 create b2
expect_status 0 user_nsctl labu2 create b3
expect_error 6 user_nsctl labu2 create b4
expect_stderr_contains "max-sets = 3 (group labstaff)"
# Root has no limits.
expect_status 0 nsctl create r1
expect_status 0 nsctl create r2
expect_status 0 nsctl create r3

# ---- max-links: veth interfaces in the user's sets -------------------------------------
expect_status 0 user_nsctl labu1 link add s1:p0 s2:p0
snapshot "$WORK/before"
expect_error 6 user_nsctl labu1 link add s1:p1 s2:p1
expect_stderr_contains "max-links = 3 (defaults): labu1 (uid $labu1) has 2 veth interfaces in their sets, and this would make 4"
expect_snapshot "$WORK/before" "after a link over the limit"
# Root's links count for the owner of the set too.
expect_status 0 nsctl link add s1:p1 r1
expect_error 6 user_nsctl labu1 link add s1:p2 s2:p2
expect_stderr_contains "has 3 veth interfaces"
expect_status 0 nsctl link del s1:p1
# Both ends in the user's sets count.
expect_error 6 user_nsctl labu1 link add s1:p1 s1:p1b
expect_stderr_contains "has 2 veth interfaces in their sets, and this would make 4"

# ---- host-objects: no for labu1 (the defaults), yes for labu2 (labstaff) ----------------
expect_error 6 user_nsctl labu1 link add s1:up host
expect_stderr_contains "link end b (host) is in the host's network namespace: host-objects = no (defaults) for labu1 (uid $labu1)"
expect_status 0 user_nsctl labu2 link add b1:up host:b1-up --addr-b 198.18.71.1/30 --addr-a 198.18.71.2/30
expect_status 0 ip -o addr show dev b1-up
expect_output_contains "198.18.71.1/30"
expect_status 0 ping -c 1 -W 2 198.18.71.2
# Even with host-objects, what is already in the host stays root's.
expect_error 6 user_nsctl labu2 addr add host b1-up 198.18.71.5/30
expect_stderr_contains "only root may change things"
expect_error 6 user_nsctl labu2 bridge add brb
# The host end goes with the set (when the kernel has cleaned its
# namespace up, a moment later).
expect_status 0 user_nsctl labu2 delete b1
wait_until 5 eval '! ip link show b1-up >/dev/null 2>&1' || fail "the host end b1-up is still there"

# ---- topologies count too ---------------------------------------------------------------------
cat >"$WORK/home/labu2/lab.json" <<'JSON'
{ "name": "lab", "namespaces": [ { "name": "lab-x" } ],
  "bridges": [ { "name": "brlab", "addresses": ["198.18.72.1/24"] } ],
  "links": [ { "a": { "namespace": "lab-x", "addresses": ["198.18.72.2/24"] }, "b": { "bridge": "brlab" } } ] }
JSON
cat >"$WORK/home/labu2/lab2.json" <<'JSON'
{ "name": "lab", "namespaces": [ { "name": "lab-x" }, { "name": "lab-y" } ] }
JSON
chmod 0644 "$WORK"/home/labu2/*.json
expect_status 0 user_nsctl labu2 topo apply lab.json
expect_status 0 ip netns exec lab-x ping -c 1 -W 2 198.18.72.1
# labu2 has b2, b3 and lab-x now: the same file again is no change, a
# second namespace is one too many.
expect_status 0 user_nsctl labu2 topo apply lab.json
snapshot "$WORK/before"
expect_error 6 user_nsctl labu2 topo apply lab2.json
expect_stderr_contains "max-sets = 3 (group labstaff): labu2 (uid $labu2) has 3 namespace sets, and this would make 4"
expect_snapshot "$WORK/before" "after a topology over the limit"
cp "$WORK/home/labu2/lab.json" "$WORK/home/labu1/lab1.json"
sed -i 's/"lab"/"lab1"/; s/lab-x/lab1-x/g; s/brlab/brlab1/' "$WORK/home/labu1/lab1.json"
chmod 0644 "$WORK/home/labu1/lab1.json"
expect_status 0 user_nsctl labu1 delete s2
snapshot "$WORK/before"
expect_error 6 user_nsctl labu1 topo apply lab1.json
expect_stderr_contains "bridges[0] (brlab1) is in the host's network namespace: host-objects = no (defaults)"
expect_snapshot "$WORK/before" "after a topology with a host bridge"

# ---- SIGHUP: read again ---------------------------------------------------------------------------
cat >"$POLICY" <<'CONF'
[defaults]
max-sets = 4
[user labu1]
host-objects = yes
CONF
reload_policy
expect_status 0 user_nsctl labu1 topo apply lab1.json
expect_status 0 user_nsctl labu1 create s2
expect_status 0 user_nsctl labu1 create s3
expect_error 6 user_nsctl labu1 create s4
expect_stderr_contains "max-sets = 4 (defaults)"

# A file with an error, or one that others may write, is not taken.
cp "$POLICY" "$WORK/policy.good"
printf '[defaults]\nmax-sets = 100\nmax-set = 1\n' >"$POLICY"
reload_policy
grep -q "Policy $POLICY: line 3: unknown setting 'max-set' in \[defaults\]" "$LOG" || fail "the error in the file is not logged"
grep -q "Keeping the previous policy" "$LOG" || fail "no 'Keeping the previous policy' in the log"
expect_error 6 user_nsctl labu1 create s4
expect_stderr_contains "max-sets = 4 (defaults)"
printf '[defaults]\nmax-sets = 100\n' >"$POLICY"
chmod 0666 "$POLICY"
reload_policy
grep -q "must belong to root and be writable by root alone" "$LOG" || fail "a file others may write was not refused"
expect_error 6 user_nsctl labu1 create s4
chmod 0644 "$POLICY"

# The group setting: labstaff now, so labu1 may only list and delete nothing.
printf '[access]\ngroup = labstaff\n' >"$POLICY"
reload_policy
expect_error 6 user_nsctl labu1 create s4
expect_stderr_contains "labu1 (uid $labu1) is not a member of group labstaff"
expect_error 6 user_nsctl labu1 delete s3
expect_status 0 user_nsctl labu2 create b4
expect_status 0 user_nsctl labu1 list

# At start, a file with an error stops the daemon before it does anything.
printf '[defaults]\nmax-sets = lots\n' >"$WORK/bad.conf"
expect_status 1 "$NSCTLD" --config "$WORK/bad.conf" --socket "$WORK/other.sock" --runtime-dir "$WORK/rt2"
expect_stderr_contains "line 2: max-sets: 'lots' is not a number"
[ ! -e "$WORK/rt2" ] || fail "the daemon made its runtime directory despite the bad policy"

# ---- root removes everything ----------------------------------------------------------------
rm -f "$POLICY"
reload_policy
expect_status 0 nsctl topo destroy lab
expect_status 0 nsctl topo destroy lab1
for s in s1 s2 s3 b2 b3 b4 r1 r2 r3; do
        expect_status 0 nsctl delete "$s"
done
expect_no_namespaces "at the end"
